import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { defaultGenOptions, GEN_FORMATS, generate, type GenOptions, GenOptionsError } from '../../src/internal.js';
import { gen, linesOf, tempDir } from './helpers.js';

test('defaults: standard, 1000 rps, 2 % errors, no malformed lines', (t) => {
  const d = defaultGenOptions();
  t.is(d.format, 'standard');
  t.is(d.rps, 1000);
  t.is(d.errorRatio, 0.02);
  t.is(d.malformed, 0);
  t.true(d.size > 0);
  t.true(Number.isFinite(d.seed));
});

for (const format of GEN_FORMATS) {
  test(`${format}: same options give byte-identical files, another seed another file`, async (t) => {
    const opts = { format, size: 300_000, seed: 17, malformed: 0.01 };
    const a = await gen(t, opts);
    const b = await gen(t, opts);
    const c = await gen(t, { ...opts, seed: 18 });
    t.true(a.data.equals(b.data));
    t.false(a.data.equals(c.data));
    t.is(a.lines, b.lines);
  });

  test(`${format}: stops at the first line end at or after size`, async (t) => {
    // 4 MiB + a bit crosses a write-block boundary.
    for (const size of [1, 1000, 65_537, 4 * 1024 * 1024 + 123]) {
      const { data, bytes, lines } = await gen(t, { format, size, malformed: 0.02 });
      t.is(data.length, bytes);
      t.true(bytes >= size, `${bytes} >= ${size}`);
      t.is(data[data.length - 1], 0x0a);
      const beforeLast = data.lastIndexOf(0x0a, data.length - 2) + 1;
      t.true(beforeLast < size, `the last line starts before ${size}`);
      t.is(lines, linesOf(data).length);
    }
  });
}

test('size 0 writes an empty file', async (t) => {
  const { data, bytes, lines } = await gen(t, { size: 0 });
  t.is(data.length, 0);
  t.deepEqual({ bytes, lines }, { bytes: 0, lines: 0 });
});

test('an existing file is truncated', async (t) => {
  const out = join(await tempDir(t), 'old.log');
  await writeFile(out, Buffer.alloc(1_000_000, 0x41));
  const r = await generate({ ...defaultGenOptions(), out, size: 5000 });
  t.is((await readFile(out)).length, r.bytes);
  t.true(r.bytes < 6000);
});

test('onProgress reports growing byte counts, the last equal to the file size', async (t) => {
  const seen: number[] = [];
  const { bytes } = await gen(t, { size: 9 * 1024 * 1024, onProgress: (n) => seen.push(n) });
  t.true(seen.length >= 3, `${seen.length} calls`);
  for (let i = 1; i < seen.length; i++) t.true(seen[i] > seen[i - 1]);
  t.is(seen[seen.length - 1], bytes);
});

const bad: [keyof GenOptions, Partial<GenOptions>][] = [
  ['out', { out: '' }],
  ['size', { size: -1 }],
  ['size', { size: NaN }],
  ['format', { format: 'xml' as GenOptions['format'] }],
  ['seed', { seed: Infinity }],
  ['rps', { rps: 0 }],
  ['rps', { rps: NaN }],
  ['errorRatio', { errorRatio: 1.5 }],
  ['errorRatio', { errorRatio: -0.1 }],
  ['malformed', { malformed: 1 }],
  ['malformed', { malformed: NaN }],
];
for (const [option, patch] of bad) {
  test(`rejects a bad ${option}: ${Object.entries(patch).map(([k, v]) => `${k}=${String(v)}`).join()}`, async (t) => {
    const out = join(await tempDir(t), 'x.log');
    const err = await t.throwsAsync(generate({ ...defaultGenOptions(), out, ...patch }), { instanceOf: GenOptionsError });
    t.is(err?.option, option);
    t.is(err?.name, 'GenOptionsError');
  });
}

test('an unwritable path rejects with the fs error', async (t) => {
  const out = join(await tempDir(t), 'no', 'such', 'dir', 'x.log');
  await t.throwsAsync(generate({ ...defaultGenOptions(), out, size: 10 }), { code: 'ENOENT' });
});
