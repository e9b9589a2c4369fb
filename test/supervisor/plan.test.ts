import test from 'ava';
import fc from 'fast-check';
import { MIN_TAIL_PIECE, planChunks, type PlannedFile, TAIL_PIECES } from '../../src/internal.js';

const MIB = 1024 * 1024;

function file(path: string, bytes: number): PlannedFile {
  return { path, bytes, format: 'standard' };
}

test('chunks cover every byte of every file once, in order, ids from 0, whatever the sizes and workers', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 40 * MIB }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 64 * 1024, max: 16 * MIB }),
      fc.integer({ min: 1, max: 8 }),
      (sizes, chunkSize, workers) => {
        const files = sizes.map((b, i) => file(`/f${i}.log`, b));
        const chunks = planChunks(files, chunkSize, workers);
        chunks.forEach((c, i) => t.is(c.id, i));
        files.forEach((f, i) => {
          const mine = chunks.filter((c) => c.file === i);
          let at = 0;
          for (const c of mine) {
            t.is(c.start, at);
            t.true(c.end > c.start && c.end - c.start <= chunkSize);
            at = c.end;
          }
          t.is(at, f.bytes);
        });
      },
    ),
    { numRuns: 200 },
  );
});

test('the end of the job is cut finer for more than one worker, and only the end', (t) => {
  const gib = file('/big.log', 1024 * MIB + 4);
  const one = planChunks([gib], 32 * MIB, 1);
  t.is(one.length, 33, 'one worker: plain 32 MiB chunks');
  const two = planChunks([gib], 32 * MIB, 2);
  const sizes = two.map((c) => c.end - c.start);
  // 31 whole chunks, then the last whole one in TAIL_PIECES pieces, then the 4 bytes left
  t.deepEqual(sizes.slice(0, 31), Array<number>(31).fill(32 * MIB));
  t.deepEqual(sizes.slice(31), [...Array<number>(TAIL_PIECES).fill(8 * MIB), 4]);
  // over several files the tail is the job's, not each file's
  const files = [file('/a.log', 64 * MIB), file('/b.log', 64 * MIB)];
  const split = planChunks(files, 32 * MIB, 2).map((c) => [c.file, (c.end - c.start) / MIB]);
  t.deepEqual(split, [[0, 32], [0, 32], ...Array.from({ length: 2 * TAIL_PIECES }, () => [1, 8])]);
});

test('small chunks are not cut below MIN_TAIL_PIECE', (t) => {
  const chunks = planChunks([file('/s.log', 10 * MIN_TAIL_PIECE)], 2 * MIN_TAIL_PIECE, 4);
  for (const c of chunks) t.true(c.end - c.start >= MIN_TAIL_PIECE);
  t.is(planChunks([file('/t.log', 4096)], 1024, 4).length, 4, 'chunks under a piece stay whole');
});

test('a compressed file is one chunk of all its bytes, whatever the chunk size and workers, carrying its compression; an empty one none', (t) => {
  const files: PlannedFile[] = [file('/a.log', 5 * MIB), { ...file('/b.log.gz', 9 * MIB), compression: 'gzip' }, { ...file('/c.zst', 0), compression: 'zstd' }, file('/d.log', 3 * MIB)];
  for (const workers of [1, 2, 4]) {
    const chunks = planChunks(files, MIB, workers);
    const gz = chunks.filter((c) => c.file === 1);
    t.is(gz.length, 1);
    t.like(gz[0], { path: '/b.log.gz', start: 0, end: 9 * MIB, compression: 'gzip', file_stat: { size: 9 * MIB } });
    t.is(chunks.filter((c) => c.file === 2).length, 0);
    t.true(chunks.filter((c) => c.file !== 1).every((c) => c.compression === undefined));
    chunks.forEach((c, i) => t.is(c.id, i));
  }
});

test('a BGZF file: chunks of whole blocks of at least the chunk size of text, partitioning its bytes and its text; each inflated from the block before, skipping to the byte before its text', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 70_000 }), { minLength: 2, maxLength: 60 }), fc.integer({ min: 1, max: 300_000 }), (texts, chunkSize) => {
      const compressed = [0];
      const plain = [0];
      for (const n of texts) {
        compressed.push(compressed[compressed.length - 1] + 28 + Math.floor(n / 3));
        plain.push(plain[plain.length - 1] + n);
      }
      const size = compressed[compressed.length - 1];
      const chunks = planChunks([{ ...file('/b.gz', size), compression: 'gzip', blocks: { compressed, plain } }], chunkSize, 2);
      let c = 0;
      let u = 0;
      for (const [k, ch] of chunks.entries()) {
        const i = compressed.indexOf(ch.start);
        const j = compressed.indexOf(ch.end);
        if (ch.start !== c || ch.plain_start !== u || i < 0 || j <= i || plain[j] !== ch.plain_end) return false;
        if (k < chunks.length - 1 && (ch.plain_end as number) - (ch.plain_start as number) < chunkSize) return false;
        if (j - i > 1 && plain[j - 1] - plain[i] >= chunkSize) return false; // no more blocks than it takes
        if (i === 0 ? ch.inflate_from !== 0 || ch.skip !== 0 : ch.inflate_from !== compressed[i - 1] || ch.skip !== plain[i] - 1 - plain[i - 1]) return false;
        c = ch.end;
        u = ch.plain_end as number;
      }
      return c === size && u === plain[plain.length - 1];
    }),
    { numRuns: 300 },
  );
  t.pass();
});
