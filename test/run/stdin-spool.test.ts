/**
 * The stream's spool (src/run/stdin.ts): whatever the sizes of the slices it
 * arrives in and of its lines, the chunks it feeds a job cover every byte
 * once, in order, each ending at a line end (but the stream's last), about
 * the chunk size (a line longer than it is one chunk); a slow stream gets a
 * chunk of its whole lines every 250 ms, before it ends; the plan closes at
 * the end, and the spool holds exactly the stream.
 */
import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Job, silentLogger, StdinSpool, type Chunk, type PlannedFile } from '../../src/internal.js';

function openJob(): { job: Job; chunks: () => Chunk[] } {
  const job = new Job({ job: 'j', chunks: [], open: true, clock: () => 0, log: silentLogger });
  const chunks = (): Chunk[] => {
    const out: Chunk[] = [];
    for (let id = 0; job.chunk(id) !== undefined; id++) out.push(job.chunk(id) as Chunk);
    return out;
  };
  return { job, chunks };
}

const planned = (path: string): PlannedFile => ({ path: '-', readPath: path, bytes: 0, format: 'standard', streamed: true });

test('chunks cover the stream once, in order, at line ends, near the chunk size, for any slicing and line lengths', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 0, maxLength: 120 }),
      fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 20 }),
      fc.integer({ min: 512, max: 8192 }),
      fc.boolean(),
      async (lineLengths, sliceSizes, chunkSize, lastNewline) => {
        const text = lineLengths.map((n, i) => 'x'.repeat(n) + (i < lineLengths.length - 1 || lastNewline ? '\n' : '')).join('');
        const data = Buffer.from(text);
        const parts: Buffer[] = [];
        for (let at = 0, k = 0; at < data.length; k++) {
          const n = sliceSizes[k % sliceSizes.length];
          parts.push(data.subarray(at, at + n));
          at += n;
        }
        const spool = await StdinSpool.open(Readable.from(parts));
        try {
          const { job, chunks } = openJob();
          const f = planned(spool.path);
          await spool.feed(job, 0, f, chunkSize);
          const cs = chunks();
          let at = 0;
          for (const [i, c] of cs.entries()) {
            if (c.start !== at || c.end <= c.start || c.path !== spool.path || c.file !== 0) return false;
            const last = i === cs.length - 1;
            if (!last && data[c.end - 1] !== 10) return false;
            // longer than the chunk size only for a first line longer than it, and then to that line's end
            if (!last && c.end - c.start > chunkSize && data.subarray(c.start, c.end - 1).includes(10)) return false;
            at = c.end;
          }
          return at === data.length && f.bytes === data.length && readFileSync(spool.path).equals(data) && !job.isOpen;
        } finally {
          await spool.remove();
        }
      },
    ),
    { numRuns: 150 },
  );
  t.pass();
});

test('a slow stream: its whole lines become a chunk within 250 ms, before the stream ends; a half line waits', async (t) => {
  const input = new Readable({ read() {} });
  const push = (s: string | null): boolean => input.push(s);
  push('2024-01-24 10:15:00.000 INFO a\n'.repeat(3000)); // > 64 KiB: the spool opens
  const spool = await StdinSpool.open(input);
  try {
    const { job, chunks } = openJob();
    const feeding = spool.feed(job, 0, planned(spool.path), 32 * 1024 * 1024);
    push('2024-01-24 10:15:01.000 INFO b\n2024-01-24 10:15:02.000 INFO hal');
    await sleep(600);
    const early = chunks();
    t.true(early.length >= 1, 'a chunk before the stream ended');
    const data = readFileSync(spool.path);
    const end = early[early.length - 1].end;
    t.is(data[end - 1], 10, 'cut at a line end');
    t.is(data.subarray(end).toString(), '2024-01-24 10:15:02.000 INFO hal', 'the half line waits');
    t.true(job.isOpen);
    push('f\n');
    push(null);
    await feeding;
    const all = chunks();
    t.is(all[all.length - 1].end, readFileSync(spool.path).length);
    t.false(job.isOpen);
  } finally {
    await spool.remove();
  }
});
