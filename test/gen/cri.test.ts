/** `loga gen --format cri`: CRI container log lines around the standard format's, read back exactly. */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { analyze } from '../../src/internal.js';
import { figuresOf } from '../helpers/nats-server.js';
import { gen, linesOf } from './helpers.js';

const CRI = /^(\S+) stdout F (.*)$/;

test('cri: each line is the line the standard generator writes with the same seed after containerd’s nanosecond time; the figures are the standard file’s', async (t) => {
  const cri = await gen(t, { format: 'cri', size: 3_000_000, seed: 8 });
  const standard = await gen(t, { format: 'standard', size: 6_000_000, seed: 8 });
  const wrapped = linesOf(cri.data).map((l) => CRI.exec(l) as RegExpExecArray);
  const plain = linesOf(standard.data).slice(0, wrapped.length);
  t.is(wrapped.length, cri.lines);
  t.deepEqual(
    wrapped.map((w) => w[2]),
    plain,
  );
  const fractions = new Set<string>();
  for (const [i, [, time]] of wrapped.entries()) {
    // the line's time to the ms, then nanoseconds; trailing zeros of the fraction dropped (Go's RFC3339Nano)
    t.is(Date.parse(time), Date.parse(plain[i].slice(0, 23).replace(' ', 'T') + 'Z'), time);
    t.regex(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{0,8}[1-9])?Z$/);
    fractions.add(time.slice(19));
    if (i > 200) break;
  }
  t.true(fractions.size > 100, 'the digits below the ms vary from line to line');
  const prefix = cri.path + '.standard';
  await writeFile(prefix, plain.join('\n') + '\n');
  const [c, s] = await Promise.all([analyze({ files: [cri.path], actors: 'inprocess', workers: 1 }), analyze({ files: [prefix], actors: 'inprocess', workers: 1 })]);
  t.like(c.files[0], { format: 'cri', malformed_lines: 0 });
  t.deepEqual({ ...figuresOf(c), bytes: 0, files: [] }, { ...figuresOf(s), bytes: 0, files: [] });
});
