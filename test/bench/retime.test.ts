/**
 * The bench's time-ordered inputs (bench/lib/retime.ts): for every format it
 * can retime, the lines are the format's entries, their times one ms apart
 * in order — what the catalogue's target rows are measured on.
 */
import test from 'ava';
import { retimable, retimedText } from '../../bench/lib/retime.js';
import { formats, LineRecord, readingOf } from '../../src/internal.js';

const START = Date.UTC(2024, 0, 24, 10, 15, 0);

test('every retimable format: its retimed samples are entries in time order, 1 ms a line', (t) => {
  const names = formats.list().filter((f) => retimable(f)).map((f) => f.name);
  t.true(names.includes('journald') && names.includes('log4j') && names.includes('combined_us'), names.join(' '));
  for (const name of names) {
    const f = formats.resolve(name);
    const text = retimedText(f, 32 * 1024, START);
    const lines = text.split('\n').slice(0, -1);
    t.true(text.length >= 32 * 1024 && lines.length > 20, name);
    const { parse } = readingOf(f, { mtimeMs: START + 86_400_000 });
    const rec = new LineRecord();
    let last = -Infinity;
    for (const [i, line] of lines.entries()) {
      const b = Buffer.from(line);
      rec.reset();
      t.true(parse(b, 0, b.length, rec), `${name} line ${i}: ${line}`);
      // a shape's writer keeps the whole seconds (spark, hdfs, cbs, golog, syslog): never back in time, within 1 s of the clock
      t.true(rec.ts >= last && Math.abs(rec.ts - (START + i)) < 1000, `${name} line ${i} at ${new Date(rec.ts).toISOString()}`);
      last = rec.ts;
    }
  }
});
