/** `loga gen --format syslog | apache-error`: what loga reads back from the generated files. */
import test from 'ava';
import { analyze } from '../../src/internal.js';
import { FIGURE_WORDS, gen, linesOf } from './helpers.js';

test('syslog: every line an INFO entry (no levels), requests at the rps with response times, sshd lines among them', async (t) => {
  const { path, data } = await gen(t, { format: 'syslog', size: 2_000_000, seed: 5 });
  const s = await analyze({ files: [path], actors: 'inprocess', workers: 1 });
  t.like(s.files[0], { format: 'syslog', malformed_lines: 0, levels: false });
  t.deepEqual(Object.keys(s.levels), ['INFO']);
  t.true(Math.abs(s.total_requests / s.entries - 0.78) < 0.02, `requests ${s.total_requests / s.entries}`);
  t.true(s.requests_per_second > 950 && s.requests_per_second <= 1001, `rps ${s.requests_per_second}`);
  t.true((s.avg_response_time ?? 0) > 90 && (s.avg_response_time ?? 0) < 160);
  const lines = linesOf(data);
  t.true(lines.some((l) => / sshd\[\d+\]: Accepted publickey for deploy from /.test(l)));
  t.true(lines.some((l) => / webapp\[2817\]: error: /.test(l)));
  // the system's lines carry no figure words (a figure is only where the generator put one)
  const system = lines.filter((l) => !l.includes(' webapp['));
  t.false(system.some((l) => FIGURE_WORDS.test(l.slice(16))), 'no figure words in system lines');
});

test('apache-error: the levels, errors and rates EntrySource draws', async (t) => {
  const { path } = await gen(t, { format: 'apache-error', size: 3_000_000, seed: 6, errorRatio: 0.05 });
  const s = await analyze({ files: [path], actors: 'inprocess', workers: 1 });
  t.like(s.files[0], { format: 'apache-error', malformed_lines: 0, levels: true });
  for (const level of ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']) t.true((s.levels[level] ?? 0) > 0, level);
  t.true(Math.abs(s.error_rate - 0.05) < 0.01, `error rate ${s.error_rate}`);
  t.true(s.requests_per_second > 950 && s.requests_per_second <= 1001, `rps ${s.requests_per_second}`);
  t.is(s.top_errors.length >= 8, true);
  t.regex(s.top_errors[0].message, /^AH#: /);
});
