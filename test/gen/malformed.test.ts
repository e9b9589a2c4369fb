import test from 'ava';
import { formats, GEN_FORMATS, MalformedLines } from '../../src/internal.js';
import { gen, linesOf, SHAPES } from './helpers.js';

for (const format of GEN_FORMATS) {
  test(`${format}: about the requested share of lines is malformed, each from the junk set`, async (t) => {
    const junk = new Set(new MalformedLines(formats.resolve(format).lookalikes ?? []).all().map((b) => Buffer.from(b).toString('utf8').replace(/\n$/, '')));
    const lines = linesOf((await gen(t, { format, size: 2_000_000, seed: 12, malformed: 0.1 })).data);
    const bad = lines.filter((l) => !SHAPES[format as keyof typeof SHAPES].test(l));
    t.true(Math.abs(bad.length / lines.length - 0.1) < 0.015, `${bad.length} of ${lines.length}`);
    t.deepEqual(
      bad.filter((l) => !junk.has(l)),
      [],
    );
    t.is(new Set(bad).size, junk.size, 'every kind of junk shows up');
  });

  test(`${format}: junk never looks like an entry, is never blank, has one line end`, (t) => {
    for (const b of new MalformedLines(formats.resolve(format).lookalikes ?? []).all()) {
      const line = Buffer.from(b);
      t.is(line[line.length - 1], 0x0a);
      t.is(line.indexOf(0x0a), line.length - 1);
      t.is(line.indexOf(0x0d), -1);
      const text = line.toString('utf8').slice(0, -1);
      t.false(/^[ \t]*$/.test(text));
      t.false(SHAPES[format as keyof typeof SHAPES].test(text), text);
    }
  });
}

test('malformed 0 writes no junk', async (t) => {
  const lines = linesOf((await gen(t, { size: 500_000, malformed: 0 })).data);
  t.true(lines.every((l) => SHAPES.standard.test(l)));
});
