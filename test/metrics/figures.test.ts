/**
 * Acceptance figures (SPEC §8): the vectors in test_vectors/logs/ scanned with
 * scanChunk and summed up with computeFigures, against their .truth.json.
 */
import { openSync, readFileSync, readSync, closeSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { computeFigures, DETECT_BYTES, detectFormat, emptyPartial, type Figures, formats, mergeInto, type PartialMetrics, planChunks, scanChunk } from '../../src/internal.js';
import { truthOf } from '../helpers/vectors.js';

const VECTORS = resolve(process.cwd(), 'test_vectors/logs');

function formatOf(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(DETECT_BYTES + 4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return detectFormat(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/** Scans the file in chunks of chunkSize (the whole file when omitted) and returns the figures. */
function figuresOf(path: string, chunkSize?: number): Figures {
  const bytes = statSync(path).size;
  const format = formatOf(path);
  const parse = formats.resolve(format).parse;
  let p: PartialMetrics;
  if (chunkSize === undefined) p = scanChunk({ path, file: 0, start: 0, end: bytes }, parse);
  else {
    p = emptyPartial();
    for (const c of planChunks([{ path, bytes, format }], chunkSize)) mergeInto(p, scanChunk(c, parse));
  }
  return computeFigures(p, [path]);
}

function near(t: ExecutionContext, got: number | null | undefined, want: number, rel: number, what: string): void {
  t.true(typeof got === 'number' && Math.abs(got - want) <= rel * Math.abs(want), `${what}: ${got} vs truth ${want}`);
}

function checkAgainstTruth(t: ExecutionContext, name: string, f: Figures): void {
  const path = resolve(VECTORS, name);
  const truth = truthOf(name);
  t.is(statSync(path).size, truth.bytes, 'vector size (is the copy intact?)');

  t.is(f.lines, truth.lines, 'lines');
  t.is(f.entries, truth.entries, 'entries');
  t.is(f.malformed_lines, truth.malformed_lines, 'malformed_lines');
  t.is(f.total_requests, truth.total_requests, 'total_requests');
  t.is(f.errors, truth.errors, 'errors');
  near(t, f.error_rate, truth.error_rate, 1e-12, 'error_rate');
  t.true(
    f.avg_response_time !== null && Math.abs(f.avg_response_time - truth.avg_response_time) <= 1e-9,
    `avg_response_time: ${f.avg_response_time} vs truth ${truth.avg_response_time}`,
  );
  near(t, f.response_time?.p50, truth.p50, 0.01, 'p50');
  near(t, f.response_time?.p95, truth.p95, 0.01, 'p95');
  near(t, f.response_time?.p99, truth.p99, 0.01, 'p99');
  near(t, f.requests_per_second, truth.requests_per_second, 1e-12, 'requests_per_second');
  t.deepEqual(f.levels, truth.levels, 'levels');

  const perMinute = Object.fromEntries(
    f.per_minute.map((r) => [r.minute, { entries: r.entries, errors: r.errors, requests: r.requests }]),
  );
  t.deepEqual(perMinute, truth.per_minute, 'per_minute');
  t.deepEqual(
    f.per_minute.map((r) => r.minute),
    Object.keys(truth.per_minute).sort(),
    'per_minute sorted by minute',
  );

  for (const key of ['memory_mb', 'cpu_pct'] as const) {
    const got = f.resources[key];
    const want = truth[key];
    if (want === null) {
      t.is(got, null, key);
      continue;
    }
    t.truthy(got, key);
    if (got === null) continue;
    t.is(got.min, want.min, `${key}.min`);
    t.is(got.max, want.max, `${key}.max`);
    t.is(got.samples, want.samples, `${key}.samples`);
    t.true(Math.abs(got.avg - want.avg) <= 1e-9, `${key}.avg: ${got.avg} vs truth ${want.avg}`);
  }

  // top errors: truth lists raw messages; loga reports the template (digits → '#') and the raw example
  t.is(f.top_errors.length, truth.top_errors.length, 'top_errors length');
  const byCount = (rows: { message: string; count: number; example: string }[]) => {
    const m = new Map<number, string[]>();
    for (const r of rows) m.set(r.count, [...(m.get(r.count) ?? []), JSON.stringify([r.message, r.example])].sort());
    return [...m].sort((a, b) => b[0] - a[0]);
  };
  const wantRows = truth.top_errors.map(([message, count]) => ({ message: message.replace(/[0-9]+/g, '#'), count, example: message }));
  t.deepEqual(byCount(f.top_errors), byCount(wantRows), 'top_errors (as sets per count)');
  for (let i = 1; i < f.top_errors.length; i++) {
    t.true(f.top_errors[i - 1].count >= f.top_errors[i].count, 'top_errors ordered by count, descending');
  }
}

/** Malformed samples: the first (up to) 10 malformed lines, in offset order, each quoting its line. */
function checkSamples(t: ExecutionContext, name: string, f: Figures): void {
  const path = resolve(VECTORS, name);
  const data = readFileSync(path);
  t.true(f.malformed_samples.length === Math.min(10, f.malformed_lines), 'sample count');
  let prev = -1;
  for (const s of f.malformed_samples) {
    t.is(s.file, path);
    t.true(s.offset > prev, 'samples in offset order');
    t.true(s.offset === 0 || data[s.offset - 1] === 10, `sample offset ${s.offset} starts a line`);
    let end = data.indexOf(10, s.offset);
    if (end < 0) end = data.length;
    if (end > s.offset && data[end - 1] === 13) end--;
    t.is(s.line, data.subarray(s.offset, Math.min(end, s.offset + 240)).toString('utf8'), `sample at ${s.offset}`);
    prev = s.offset;
  }
}

test('normal.log: the figures of normal.log.truth.json', (t) => {
  t.is(formatOf(resolve(VECTORS, 'normal.log')), 'standard');
  const f = figuresOf(resolve(VECTORS, 'normal.log'));
  checkAgainstTruth(t, 'normal.log', f);
  // SPEC §8 in words
  near(t, f.avg_response_time, 109.0, 0.01, 'avg_response_time 109 ± 1 %');
  near(t, f.requests_per_second, 50.0, 0.01, 'requests_per_second 50 ± 1 %');
  t.is(f.error_rate, 0);
  t.is(f.total_requests, 3000);
  t.deepEqual(f.malformed_samples, []);
  t.deepEqual(f.top_errors, []);
});

test('malformed.log: the figures of malformed.log.truth.json', (t) => {
  t.is(formatOf(resolve(VECTORS, 'malformed.log')), 'standard');
  const f = figuresOf(resolve(VECTORS, 'malformed.log'));
  checkAgainstTruth(t, 'malformed.log', f);
  checkSamples(t, 'malformed.log', f);
  t.is(f.malformed_lines, 30);
  t.is(f.total_requests, 200);
});

test('the vectors give the same figures in 4 KiB chunks', (t) => {
  for (const name of ['normal.log', 'malformed.log']) {
    const f = figuresOf(resolve(VECTORS, name), 4096);
    checkAgainstTruth(t, name, f);
    t.deepEqual(f, figuresOf(resolve(VECTORS, name)), name);
  }
});

test('response_time min and max are the exact extremes of the vectors', (t) => {
  for (const name of ['normal.log', 'malformed.log']) {
    const text = readFileSync(resolve(VECTORS, name), 'latin1');
    const rts = [...text.matchAll(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [A-Z]+ .*?processed in (\d+(?:\.\d+)?)ms/gm)].map((m) => +m[1]);
    t.true(rts.length > 0, name);
    const f = figuresOf(resolve(VECTORS, name));
    t.is(f.response_time?.min, Math.min(...rts), `${name} min`);
    t.is(f.response_time?.max, Math.max(...rts), `${name} max`);
    t.is(rts.length, f.total_requests, `${name} requests`);
  }
});
