/**
 * The acceptance vectors through the real CLI (cluster actors over IPC):
 * exact figures for every worker count and a range of chunk sizes.
 */
import test from 'ava';
import { type Summary } from '../../src/internal.js';
import { loga } from '../helpers/cli.js';
import { truthOf, vectorPath, VECTORS, type Truth } from '../helpers/vectors.js';

function within1pct(actual: number | undefined, expected: number): boolean {
  return actual !== undefined && Math.abs(actual - expected) <= Math.abs(expected) * 0.01;
}

function assertTruth(t: import('ava').ExecutionContext, s: Summary, truth: Truth, label: string): void {
  t.is(s.lines, truth.lines, `${label} lines`);
  t.is(s.entries, truth.entries, `${label} entries`);
  t.is(s.malformed_lines, truth.malformed_lines, `${label} malformed`);
  t.is(s.total_requests, truth.total_requests, `${label} requests`);
  t.is(s.errors, truth.errors, `${label} errors`);
  t.is(s.error_rate, truth.error_rate, `${label} error_rate`);
  t.true(Math.abs((s.avg_response_time ?? NaN) - truth.avg_response_time) < 1e-9, `${label} avg ${s.avg_response_time}`);
  for (const q of ['p50', 'p95', 'p99'] as const) t.true(within1pct(s.response_time?.[q], truth[q]), `${label} ${q} ${s.response_time?.[q]} vs ${truth[q]}`);
  t.is(s.requests_per_second, truth.requests_per_second, `${label} rps`);
  t.deepEqual(s.levels, truth.levels, `${label} levels`);
  t.is(s.bytes, truth.bytes);
  const pm = Object.fromEntries(s.per_minute.map((m) => [m.minute, { entries: m.entries, errors: m.errors, requests: m.requests }]));
  t.deepEqual(pm, truth.per_minute, `${label} per_minute`);
  const res = (r: Summary['resources']['memory_mb']) => (r === null ? null : { min: r.min, max: r.max, avg: r.avg, samples: r.samples });
  t.deepEqual(res(s.resources.memory_mb), truth.memory_mb, `${label} memory`);
  t.deepEqual(res(s.resources.cpu_pct), truth.cpu_pct, `${label} cpu`);
  t.deepEqual(
    s.top_errors.map((e) => [e.example, e.count, e.message]),
    truth.top_errors.map(([m, c]) => [m, c, m.replace(/[0-9]+/g, '#')]),
    `${label} top errors`,
  );
}

for (const name of VECTORS) {
  const truth = truthOf(name);
  for (const workers of [1, 2, 3, 4]) {
    for (const chunk of ['1kb', '7kb', '64mb']) {
      test(`${name}: --workers ${workers} --chunk-size ${chunk} gives the truth figures`, async (t) => {
        const r = await loga(['analyze', vectorPath(name), '--json', '--workers', String(workers), '--chunk-size', chunk]);
        t.is(r.exitCode, 0, String(r.stderr));
        const s = JSON.parse(String(r.stdout)) as Summary;
        assertTruth(t, s, truth, `${name} w${workers} c${chunk}`);
        t.is(s.schema, 1);
        t.true(s.final);
        t.is(s.chunks.failed, 0);
        t.is(s.chunks.done, s.chunks.total);
      });
    }
  }
}

test('SPEC §8 headline figures of normal.log', async (t) => {
  const r = await loga(['analyze', vectorPath('normal.log'), '--json']);
  const s = JSON.parse(String(r.stdout)) as Summary;
  t.true(within1pct(s.avg_response_time ?? undefined, 109.0));
  t.is(s.error_rate, 0);
  t.true(within1pct(s.requests_per_second, 50.0));
  t.is(s.total_requests, 3000);
});

test('two files in one run add up, and a quoted glob expands', async (t) => {
  const r = await loga(['analyze', 'test_vectors/logs/*.log', '--json', '--chunk-size', '4kb', '--workers', '2']);
  t.is(r.exitCode, 0, String(r.stderr));
  const s = JSON.parse(String(r.stdout)) as Summary;
  t.is(s.files.length, 2);
  t.is(s.lines, truthOf('normal.log').lines + truthOf('malformed.log').lines);
  t.is(s.total_requests, 3200);
  t.is(s.malformed_samples.length, 10);
  t.true(s.malformed_samples.every((m) => m.file.endsWith('malformed.log')));
});

test('one protocol, two transports: in-process actors give the figures of cluster actors over IPC', async (t) => {
  const { analyze } = await import('../../src/internal.js');
  for (const name of VECTORS) {
    const opts = { files: [vectorPath(name)], workers: 3, chunkSize: 2048 };
    const viaIpc = await analyze(opts);
    const inProcess = await analyze({ ...opts, actors: 'inprocess' });
    const strip = ({ job: _j, duration_ms: _d, throughput_mb_s: _t, workers: _w, ...rest }: Summary) => rest;
    t.deepEqual(strip(inProcess), strip(viaIpc), name);
    t.is(inProcess.chunks.done, inProcess.chunks.total);
  }
});
