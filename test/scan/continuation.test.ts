/**
 * Multi-line entries and marker lines through the scanner and the whole job
 * (SPEC §3, §4): continuation lines are counted in continuation_lines, never
 * malformed, in a multiline format only; markers are skipped like blank
 * lines; lines = entries + malformed + continuation, per file and in all.
 */
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, ChunkScanner, computeFigures, formats, type LineParser, parseStandard, readingOf } from '../../src/internal.js';

const TRACE = [
  '2024-01-24 10:15:32.123 ERROR Request failed after 127ms',
  'java.lang.IllegalStateException: connection closed',
  '\tat com.example.Db.query(Db.java:42)',
  '\tat com.example.Api.handle(Api.java:7)',
  'Caused by: java.io.EOFException: Unexpected end of stream',
  '\t... 2 more',
  '2024-01-24 10:15:33.000 INFO Request processed in 12ms',
  'Traceback (most recent call last):',
  '  File "/app/main.py", line 3, in <module>',
  'ValueError: bad',
  'this is not a log line',
];

function scan(text: string, reading: Parameters<typeof readingOf>[0] | { parse: LineParser; multiline?: boolean; marker?: (b: Uint8Array, s: number, e: number) => boolean }) {
  const buf = Buffer.from(text);
  const s = new ChunkScanner({ bytes: buf, offset: 0 }, { path: 'x', file: 0, start: 0, end: buf.length }, reading);
  while (!s.step(1 << 20));
  return computeFigures(s.result(), ['x']);
}

test('a multiline format counts stack-trace and traceback lines as continuation lines, the rest as before', (t) => {
  const f = scan(TRACE.join('\n') + '\n', readingOf(formats.resolve('standard')));
  t.is(f.lines, 11);
  t.is(f.entries, 2);
  t.is(f.continuation_lines, 8);
  t.is(f.malformed_lines, 1);
  t.is(f.malformed_samples[0].line, 'this is not a log line');
  t.deepEqual(f.top_errors.map((e) => e.message), ['Request failed after #ms'], 'the top error is the first line of the entry');
});

test('a format that is not multiline counts the same lines malformed', (t) => {
  const f = scan(TRACE.join('\n') + '\n', { parse: parseStandard });
  t.is(f.continuation_lines, 0);
  t.is(f.malformed_lines, 9);
});

test('marker lines are skipped like blank lines: neither entries, nor malformed, nor lines', (t) => {
  const marker = (b: Uint8Array, s: number) => b[s] === 0x23; // '#'
  const f = scan('#Version: 1.0\n2024-01-24 10:15:32.123 INFO a\n#Fields: x y\nnot a line\n', { parse: parseStandard, marker });
  t.is(f.lines, 2);
  t.is(f.entries, 1);
  t.is(f.malformed_lines, 1);
});

test('a job over files counts continuation lines per file and in all, the same for every chunk size (the standard lane on)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'loga-cont-'));
  const a = join(dir, 'a.log');
  const b = join(dir, 'b.log');
  const big = Array.from({ length: 3000 }, () => TRACE.join('\n')).join('\n') + '\n';
  writeFileSync(a, big);
  writeFileSync(b, '2024-01-24 10:15:32.123 INFO ok\n'.repeat(100) + 'junk\n'.repeat(10));
  const runs: Awaited<ReturnType<typeof analyze>>[] = [];
  for (const chunkSize of [1024, 7777, 1 << 20]) {
    const s = await analyze({ files: [a, b], workers: 2, chunkSize, actors: 'inprocess' });
    runs.push(s);
    t.is(s.lines, 3000 * 11 + 110);
    t.is(s.continuation_lines, 3000 * 8);
    t.is(s.malformed_lines, 3000 + 10);
    t.is(s.entries, 3000 * 2 + 100);
    t.is(s.lines, s.entries + s.malformed_lines + s.continuation_lines);
    t.deepEqual(
      s.files.map((f) => [f.lines, f.entries, f.malformed_lines, f.continuation_lines, f.levels, f.format]),
      [
        [33000, 6000, 3000, 24000, true, 'standard'],
        [110, 100, 10, 0, true, 'standard'],
      ],
      `chunk size ${chunkSize}`,
    );
  }
  const strip = (s: (typeof runs)[0]) => ({ ...s, job: '', duration_ms: 0, throughput_mb_s: 0, workers: [], chunks: { ...s.chunks, total: 0, done: 0 } });
  t.deepEqual(strip(runs[1]), strip(runs[0]));
});
