/**
 * What every format module must satisfy (src/formats/format.ts), as tests:
 * its samples are entries, byte by byte and split at every position through
 * the chunk scanner; its look-alikes are not; detection picks it for its own
 * samples. The catalogue test runs these on every registered format; a test
 * of a format defined elsewhere (a fixture) calls them too.
 */
import type { TestFn } from 'ava';
import { ChunkScanner, computeFigures, detectFormat, type Figures, type FormatRegistry, LineRecord, type LogFormat, readingOf } from '../../src/internal.js';

/** Scans text as one chunk in push mode, fed the given slices. */
export function scanSlices(format: LogFormat, slices: Buffer[]): Figures {
  const total = slices.reduce((n, s) => n + s.length, 0);
  const s = new ChunkScanner({ pushed: true }, { path: 'sample', file: 0, start: 0, end: total }, readingOf(format), { readSize: 1024 });
  let next = 0;
  for (let steps = 0; !s.step(64); steps++) {
    if (steps > 1_000_000) throw new Error('the scanner makes no progress');
    if (!s.starved) continue;
    if (next < slices.length) s.push(slices[next++]);
    else s.endInput();
  }
  return computeFigures(s.result(), ['sample']);
}

function parses(format: LogFormat, line: string): boolean {
  const b = Buffer.from(line, 'utf8');
  const rec = new LineRecord();
  return format.parse(b, 0, b.length, rec);
}

export function formatModuleTests(test: TestFn, format: LogFormat, registry: FormatRegistry): void {
  const name = format.name;

  test(`${name}: has a title and samples`, (t) => {
    t.regex(format.title, /\S/);
    t.true(format.samples.length >= 1);
  });

  test(`${name}: every sample line is an entry`, (t) => {
    for (const line of format.samples) t.true(parses(format, line), line);
  });

  test(`${name}: no look-alike line is an entry`, (t) => {
    for (const line of format.lookalikes ?? []) t.false(parses(format, line), line);
  });

  test(`${name}: detection picks it for its samples`, (t) => {
    const text = Buffer.from(format.samples.join('\n') + '\n');
    t.is(detectFormat(text, registry.list()), name);
  });

  const text = Buffer.from([...format.samples, ...(format.lookalikes ?? [])].join('\n') + '\n');
  test(`${name}: the samples through the scanner, byte by byte and split at every position, give the same figures`, (t) => {
    const whole = scanSlices(format, [text]);
    t.is(whole.entries, format.samples.length);
    t.is(whole.malformed_lines, format.lookalikes?.length ?? 0);
    const bytes = Array.from({ length: text.length }, (_, i) => text.subarray(i, i + 1));
    t.deepEqual(scanSlices(format, bytes), whole, 'byte by byte');
    for (let i = 1; i < text.length; i++) {
      t.deepEqual(scanSlices(format, [text.subarray(0, i), text.subarray(i)]), whole, `split at ${i}`);
    }
  });
}
