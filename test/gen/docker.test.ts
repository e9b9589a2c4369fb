/** `loga gen --format docker`: Docker json-file lines around the standard format's, read back exactly. */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { analyze } from '../../src/internal.js';
import { figuresOf } from '../helpers/nats-server.js';
import { gen, linesOf } from './helpers.js';

test('docker: each line wraps the line the standard generator writes with the same seed, JSON-escaped, with the daemon time; the figures are the standard file’s', async (t) => {
  const docker = await gen(t, { format: 'docker', size: 3_000_000, seed: 8 });
  const standard = await gen(t, { format: 'standard', size: 6_000_000, seed: 8 });
  const wrapped = linesOf(docker.data).map((l) => JSON.parse(l) as { log: string; stream: string; time: string });
  const plain = linesOf(standard.data).slice(0, wrapped.length);
  t.is(wrapped.length, docker.lines);
  t.deepEqual(
    wrapped.map((w) => w.log),
    plain.map((l) => l + '\n'),
  );
  t.true(wrapped.some((w) => w.log.includes('"')), 'some lines needed escapes');
  for (const [i, w] of wrapped.entries()) {
    t.is(w.stream, 'stdout');
    // the line's time in RFC 3339, trailing zeros of the fraction dropped (Go's RFC3339Nano)
    t.is(Date.parse(w.time), Date.parse(plain[i].slice(0, 23).replace(' ', 'T') + 'Z'), w.time);
    t.notRegex(w.time, /\.\d*0Z$|\.Z$/);
    if (i > 200) break;
  }
  const prefix = docker.path + '.standard';
  await writeFile(prefix, plain.join('\n') + '\n');
  const [d, s] = await Promise.all([analyze({ files: [docker.path], actors: 'inprocess', workers: 1 }), analyze({ files: [prefix], actors: 'inprocess', workers: 1 })]);
  t.like(d.files[0], { format: 'docker', malformed_lines: 0 });
  t.deepEqual({ ...figuresOf(d), bytes: 0, files: [] }, { ...figuresOf(s), bytes: 0, files: [] });
});
