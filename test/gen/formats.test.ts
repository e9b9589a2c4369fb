import test from 'ava';
import { GEN_FORMATS } from '../../src/internal.js';
import { gen, linesOf, readStandard, SHAPES, START_MS, type StdFigures } from './helpers.js';

for (const format of GEN_FORMATS) {
  test(`${format}: every line has the SPEC §3 shape`, async (t) => {
    const { data } = await gen(t, { format, size: 1_000_000, seed: 3, errorRatio: 0.05 });
    const lines = linesOf(data);
    t.true(lines.length > 3000);
    const bad = lines.filter((l) => !SHAPES[format as keyof typeof SHAPES].test(l));
    t.deepEqual(bad.slice(0, 5), []);
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

test('standard: the mix of requests, messages, resources and errors', async (t) => {
  const { data } = await gen(t, { size: 3_000_000, seed: 4 });
  const entries = linesOf(data).map((l) => readStandard(l) as StdFigures);
  const n = entries.length;
  const share = (f: (e: StdFigures) => boolean) => entries.filter(f).length / n;

  t.true(Math.abs(share((e) => e.level === 'ERROR') - 0.02) < 0.004, 'ERROR ≈ errorRatio');
  t.true(share((e) => e.level === 'FATAL') < 0.001);
  const requests = entries.filter((e) => e.rtMs !== undefined);
  t.true(Math.abs(requests.length / n - 0.78) < 0.02, `requests ${requests.length / n}`);
  t.true(share((e) => e.memMb !== undefined) > 0.02);
  t.true(share((e) => e.cpuPct !== undefined) > 0.02);
  for (const level of ['TRACE', 'DEBUG', 'INFO', 'WARN']) t.true(share((e) => e.level === level) > 0.001, level);

  // An entry carries one figure at most, and only INFO entries carry any.
  for (const e of entries) {
    const figures = [e.rtMs, e.memMb, e.cpuPct].filter((x) => x !== undefined).length;
    if (figures > 1 || (figures === 1 && e.level !== 'INFO')) t.fail(e.message);
  }

  // Response times: lognormal-ish around 100 ms with a slow tail of seconds.
  const rts = requests.map((e) => e.rtMs as number).sort((a, b) => a - b);
  const avg = rts.reduce((s, x) => s + x, 0) / rts.length;
  t.true(avg > 90 && avg < 160, `avg ${avg}`);
  const p50 = quantile(rts, 0.5);
  t.true(p50 > 70 && p50 < 110, `p50 ${p50}`);
  t.true(quantile(rts, 0.999) > 1000, 'a slow tail of seconds');
  t.true(rts[0] >= 1);

  // Units and forms: ms mostly, some decimals, some s / us / µs.
  const text = data.toString('utf8');
  t.regex(text, /processed in \d+ms\n/);
  t.regex(text, /processed in \d+\.\dms\n/);
  t.regex(text, /completed in \d+\.\d{3}s\n/);
  t.regex(text, /took \d+us\n/);
  t.regex(text, /took \d+µs\n/);
  t.regex(text, /Memory usage: \d+MB\n/);
  t.regex(text, /Memory usage: \d+\.\d\dGB\n/);
  t.regex(text, /CPU usage: \d+%\n/);
  t.regex(text, /CPU usage: \d+\.\d%\n/);
  t.regex(text, /INFO User \d+ logged in\n/);
  t.regex(text, /DEBUG Cache hit for key user:\d+\n/);

  // Eight error shapes once digits are folded (SPEC §4 top_errors).
  const shapes = new Set(entries.filter((e) => e.level === 'ERROR').map((e) => e.message.replace(/\d+/g, '#')));
  t.is(shapes.size, 8);
});

test('standard: errorRatio 0 gives no ERROR or FATAL; a high ratio gives some FATAL', async (t) => {
  const none = linesOf((await gen(t, { size: 500_000, errorRatio: 0 })).data);
  t.false(none.some((l) => / (ERROR|FATAL) /.test(l)));
  const many = linesOf((await gen(t, { size: 1_000_000, errorRatio: 0.5 })).data);
  const errors = many.filter((l) => / ERROR /.test(l)).length / many.length;
  t.true(Math.abs(errors - 0.5) < 0.02, `${errors}`);
  t.true(many.some((l) => / FATAL /.test(l)));
});

test('memory and cpu samples stay plausible', async (t) => {
  const entries = linesOf((await gen(t, { size: 3_000_000, seed: 8 })).data).map((l) => readStandard(l) as StdFigures);
  const mem = entries.flatMap((e) => (e.memMb === undefined ? [] : [e.memMb]));
  const cpu = entries.flatMap((e) => (e.cpuPct === undefined ? [] : [e.cpuPct]));
  t.true(Math.min(...mem) >= 60 && Math.max(...mem) < 2048, `${Math.min(...mem)}..${Math.max(...mem)}`);
  t.true(Math.min(...cpu) >= 0 && Math.max(...cpu) <= 100);
  t.true(new Set(cpu).size > 20);
});

test('json: the fields loga reads, a nested req object, escaped quotes', async (t) => {
  const { data } = await gen(t, { format: 'json', size: 2_000_000, seed: 5 });
  const objs = linesOf(data).map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const o of objs) {
    if (typeof o.timestamp !== 'string' || Number.isNaN(Date.parse(o.timestamp)) || typeof o.message !== 'string') t.fail(JSON.stringify(o));
  }
  t.is(objs[0].timestamp, new Date(START_MS).toISOString());
  const has = (k: string) => objs.filter((o) => k in o).length / objs.length;
  t.true(has('duration_ms') > 0.6);
  t.true(has('latency_ms') > 0.01);
  t.true(has('request_time') > 0.01);
  t.true(has('memory_mb') > 0.02);
  t.true(has('cpu_pct') > 0.02);
  t.true(has('req') > 0.15);
  const req = objs.find((o) => 'req' in o)?.req as Record<string, unknown>;
  t.regex(String(req.id), /^[0-9a-f]{8}$/);
  t.regex(String(req.path), /^\//);
  t.true(objs.some((o) => String(o.message).includes('"')), 'a message with escaped quotes');
  t.true(Math.abs(objs.filter((o) => o.level === 'error').length / objs.length - 0.02) < 0.005);
  // A figure is in a field, never also in the message.
  t.false(objs.some((o) => /\d+(ms|MB|%)$/.test(String(o.message)) && !String(o.message).startsWith('Timeout')));
});

test('logfmt: keys, quoted values with escapes, request fields', async (t) => {
  const { data } = await gen(t, { format: 'logfmt', size: 1_000_000, seed: 6 });
  const text = data.toString('utf8');
  t.regex(text, / msg="Request processed" duration_ms=\d+\n/);
  t.regex(text, / duration_ms=\d+\.\d\n/);
  t.regex(text, / request_time=\d+\.\d{3}\n/);
  t.regex(text, / memory_mb=\d+\n/);
  t.regex(text, / cpu_pct=\d+(\.\d)?\n/);
  t.regex(text, / req_id=[0-9a-f]{8} method=[A-Z]+ path="\/[^"]*"\n/);
  t.regex(text, /msg="[^"\n]*\\"[^\n]*\\""/);
  t.regex(text, / level=error msg="/);
});

test('nginx: status mix with 5xx ≈ errorRatio, request_time in seconds', async (t) => {
  const { data } = await gen(t, { format: 'nginx', size: 3_000_000, seed: 7, errorRatio: 0.1 });
  const rows = linesOf(data).map((l) => SHAPES.nginx.exec(l) as RegExpExecArray);
  const status = rows.map((m) => +m[2]);
  const share = (lo: number) => status.filter((s) => s >= lo && s < lo + 100).length / status.length;
  t.true(Math.abs(share(500) - 0.1) < 0.015, `5xx ${share(500)}`);
  t.true(share(400) > 0.03 && share(400) < 0.08, `4xx ${share(400)}`);
  t.true(share(300) > 0.03 && share(300) < 0.08, `3xx ${share(300)}`);
  t.true(share(200) > 0.75);
  const times = rows.map((m) => +m[4]).sort((a, b) => a - b);
  const p50 = quantile(times, 0.5);
  t.true(p50 > 0.07 && p50 < 0.11, `p50 ${p50}`);
  t.true(times[times.length - 1] >= 1);
  t.true(times[0] >= 0.001);
  t.true(new Set(rows.map((m) => m[1])).size >= 4, 'several methods');
  const zeroBody = rows.filter((m) => m[2] === '204' || m[2] === '304');
  t.true(zeroBody.length > 0 && zeroBody.every((m) => m[3] === '0'));
});
