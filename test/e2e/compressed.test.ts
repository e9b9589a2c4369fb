/**
 * Compressed inputs (issue 12): gzip — one member, several (`cat a.gz b.gz`,
 * each member cut in the middle of a line) — and zstd — one frame, several —
 * give the plain file's figures for any worker count, recognised by their
 * magic bytes whatever their name; many compressed files spread over the
 * workers. A truncated and a corrupt archive fail their chunk (exit 3 on the
 * command line), naming the file and the compressed byte offset, and the
 * other files' figures are kept. zstd files are made with the zstd CLI
 * (Debian's `zstd`, installed by .ci/run).
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { analyze, defaultGenOptions, generate, type Summary } from '../../src/internal.js';
import { loga } from '../helpers/cli.js';
import { figuresOf } from '../helpers/nats-server.js';
import { which } from '../../bench/lib/which.js';

let dir = '';
let plain = '';
let text: Buffer = Buffer.alloc(0);
const ZSTD = which('zstd');

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loga-compressed-'));
  plain = join(dir, 'app.log');
  await generate({ ...defaultGenOptions(), out: plain, size: 3_000_000, seed: 5, malformed: 0.01 });
  text = await readFile(plain);
});
test.after.always(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

/**
 * What must not differ from the plain file's summary: everything but the
 * bytes read, the run's own counts, and the files' paths (the examples name
 * them), each the i-th of `paths` as FILE<i>.
 */
function figures(s: Summary, paths: readonly string[]): unknown {
  let json = JSON.stringify({ ...figuresOf(s), bytes: 0, files: s.files.map((f) => ({ ...f, bytes: 0 })) });
  paths.forEach((p, i) => (json = json.split(JSON.stringify(p).slice(1, -1)).join(`FILE${i}`)));
  return JSON.parse(json) as unknown;
}

/** text cut at these fractions, each part compressed on its own and the results concatenated (members cut mid-line). */
function members(fractions: readonly number[], compress: (b: Buffer) => Buffer): Buffer {
  const cuts = [0, ...fractions.map((f) => Math.floor(text.length * f)), text.length];
  return Buffer.concat(cuts.slice(1).map((end, i) => compress(text.subarray(cuts[i], end))));
}

/**
 * BGZF, as bgzip writes it: gzip members of `block` bytes of text each (cut
 * anywhere, mid-line), each with the `BC` extra field giving its compressed
 * size, then bgzip's empty end-of-file block.
 */
function bgzf(data: Buffer, block = 65280): Buffer {
  const member = (text: Buffer): Buffer => {
    const body = deflateRawSync(text);
    const head = Buffer.from([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 66, 67, 2, 0, 0, 0]);
    head.writeUInt16LE(head.length + body.length + 8 - 1, 16);
    const tail = Buffer.alloc(8);
    tail.writeUInt32LE(crc32(text), 0);
    tail.writeUInt32LE(text.length, 4);
    return Buffer.concat([head, body, tail]);
  };
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += block) parts.push(member(data.subarray(at, at + block)));
  parts.push(member(Buffer.alloc(0)));
  return Buffer.concat(parts);
}

async function zstd(data: Buffer): Promise<Buffer> {
  const r = await execa('zstd', ['-q', '-c', '-3'], { input: data, encoding: 'buffer' });
  return Buffer.from(r.stdout);
}

test('gzip with one member and with several (cut mid-line), under any name: the plain file’s figures for 1, 2 and 3 workers', async (t) => {
  const one = join(dir, 'app.log.gz');
  const many = join(dir, 'rotated.log'); // no .gz: the magic bytes decide
  await writeFile(one, gzipSync(text));
  await writeFile(many, members([0.13, 0.5, 0.77], (b) => gzipSync(b)));
  const expected = figures(await analyze({ files: [plain], workers: 1, actors: 'inprocess' }), [plain]);
  for (const path of [one, many]) {
    for (const workers of [1, 2, 3]) {
      const s = await analyze({ files: [path], workers, actors: 'inprocess' });
      t.is(s.chunks.total, 1, 'a compressed file is one chunk');
      t.is(s.files[0].format, 'standard', 'detected on the decompressed bytes');
      t.is(s.files[0].bytes, (await readFile(path)).length, 'the file’s bytes are its compressed bytes');
      t.deepEqual(figures(s, [path]), expected, `${path}, ${workers} workers`);
    }
  }
});

test('BGZF (bgzip): cut at its blocks into chunks of about the chunk size, every line once (blocks end mid-line); the plain file’s figures for any chunk size and workers', async (t) => {
  const path = join(dir, 'app.log.bgz');
  await writeFile(path, bgzf(text, 40_000));
  const expected = figures(await analyze({ files: [plain], workers: 1, actors: 'inprocess' }), [plain]);
  for (const [chunkSize, workers] of [
    [100_000, 1],
    [100_000, 3],
    [250_000, 2],
    [1, 2],
    [64 * 1024 * 1024, 2],
  ] as const) {
    const s = await analyze({ files: [path], workers, chunkSize, actors: 'inprocess' });
    // groups of whole blocks of at least the chunk size of text (the last one's rest, and bgzip's empty last block, one more)
    const blocks = Math.ceil(text.length / 40_000) + 1;
    const per = Math.max(1, Math.ceil(chunkSize / 40_000));
    t.is(s.chunks.total, Math.ceil(blocks / per), `chunk size ${chunkSize}`);
    t.is(s.chunks.failed, 0);
    t.deepEqual(figures(s, [path]), expected, `chunk size ${chunkSize}, ${workers} workers`);
  }
});

test('zstd with one frame and with several: the plain file’s figures', async (t) => {
  if (ZSTD === null) {
    if (process.env.CI === 'true') t.fail('zstd (the CLI) is not on PATH: .ci/run installs it');
    else t.log('SKIPPING LOUDLY: zstd (the CLI) is not on PATH; install it (apt-get install zstd) to run this test');
    if (process.env.CI !== 'true') t.pass();
    return;
  }
  const one = join(dir, 'app.log.zst');
  const many = join(dir, 'frames.zst');
  await writeFile(one, await zstd(text));
  const parts: Buffer[] = [];
  const cuts = [0, Math.floor(text.length * 0.31), Math.floor(text.length * 0.62), text.length];
  for (let i = 1; i < cuts.length; i++) parts.push(await zstd(text.subarray(cuts[i - 1], cuts[i])));
  await writeFile(many, Buffer.concat(parts));
  const expected = figures(await analyze({ files: [plain], workers: 1, actors: 'inprocess' }), [plain]);
  for (const path of [one, many]) {
    const s = await analyze({ files: [path], workers: 2, actors: 'inprocess' });
    t.is(s.files[0].format, 'standard');
    t.deepEqual(figures(s, [path]), expected, path);
  }
  // truncated: its chunk fails naming the file and the compressed offset where the stream ended
  const whole = await readFile(one);
  const cut = join(dir, 'cut.zst');
  await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const s = await analyze({ files: [cut], workers: 1, actors: 'inprocess' });
  t.is(s.chunks.failed, 1);
  t.regex(s.failed_chunks[0].reasons[0], new RegExp(`cut\\.zst: zstd data ends early at compressed byte ${Math.floor(whole.length * 0.6)}`));
});

test('many compressed files spread over the workers: the figures of the plain files, every file its own chunk', async (t) => {
  const plains: string[] = [];
  const packed: string[] = [];
  const lines = text.toString('latin1').split('\n');
  const per = Math.ceil(lines.length / 6);
  for (let i = 0; i < 6; i++) {
    const part = Buffer.from(lines.slice(i * per, (i + 1) * per).join('\n') + (i === 5 ? '' : '\n'), 'latin1');
    const p = join(dir, `part-${i}.log`);
    await writeFile(p, part);
    await writeFile(p + '.gz', gzipSync(part));
    plains.push(p);
    packed.push(p + '.gz');
  }
  const expected = figures(await analyze({ files: plains, workers: 1, actors: 'inprocess' }), plains);
  let seen = new Set<string>();
  const s = await analyze({
    files: packed,
    workers: 3,
    actors: 'inprocess',
    onStart: (job) => job.on('leased', (_chunk, worker) => seen.add(worker)),
  });
  t.is(s.chunks.total, 6);
  t.deepEqual(figures(s, packed), expected);
  t.true(seen.size > 1, `the chunks went to ${[...seen].join(', ')}`);
  seen = new Set();
});

test('a truncated and a corrupt gzip: their chunks fail naming the file and the compressed byte offset, the other file is counted, exit 3', async (t) => {
  const whole = gzipSync(text);
  const truncated = join(dir, 'truncated.log.gz');
  const corrupt = join(dir, 'corrupt.log.gz');
  await writeFile(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
  const bad = Buffer.from(whole);
  for (let i = 0; i < 64; i++) bad[Math.floor(whole.length / 3) + i] ^= 0xa5;
  await writeFile(corrupt, bad);
  const alone = await analyze({ files: [plain], workers: 1, actors: 'inprocess' });
  const s = await analyze({ files: [truncated, plain, corrupt], workers: 2, actors: 'inprocess' });
  t.is(s.chunks.failed, 2);
  const reasons = s.failed_chunks.map((c) => c.reasons.join(' | '));
  t.regex(reasons.find((r) => r.includes('truncated.log.gz')) ?? '', new RegExp(`truncated\\.log\\.gz: gzip data ends early at compressed byte ${Math.floor(whole.length / 2)}`));
  t.regex(reasons.find((r) => r.includes('corrupt.log.gz')) ?? '', /corrupt\.log\.gz: gzip data (is damaged|fails its check).* at compressed byte \d+/);
  // the plain file's figures are all there (its file index differs: compare the counts)
  t.is(s.entries, alone.entries);
  t.is(s.lines, alone.lines);
  t.deepEqual(s.levels, alone.levels);
  const cli = await loga(['analyze', truncated, plain, '--json']);
  t.is(cli.exitCode, 3, String(cli.stderr));
  t.regex(String(cli.stderr), /truncated\.log\.gz: gzip data ends early at compressed byte/);
});

test('a gzip whose start is not readable is an input error before the job (exit 2), naming the file', async (t) => {
  const junk = join(dir, 'junk.gz');
  await writeFile(junk, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(64, 0xff)]));
  const cli = await loga(['analyze', junk]);
  t.is(cli.exitCode, 2, String(cli.stderr));
  t.regex(String(cli.stderr), /junk\.gz.*gzip data is not readable/);
});

test.serial('a compressed file spanning more minute rows than a partial holds: split by its worker, the rest inflated again and skipped to the split; the plain file’s figures', async (t) => {
  const quiet = join(dir, 'quiet.log');
  await generate({ ...defaultGenOptions(), out: quiet, size: 300_000, rps: 2, seed: 6 });
  const data = await readFile(quiet);
  const gz = join(dir, 'quiet.log.gz');
  const bgz = join(dir, 'quiet.log.bgz');
  await writeFile(gz, gzipSync(data));
  await writeFile(bgz, bgzf(data, 30_000));
  const expected = figures(await analyze({ files: [quiet], workers: 1, actors: 'inprocess' }), [quiet]);
  const before = process.env.LOGA_MAX_CHUNK_MINUTES;
  process.env.LOGA_MAX_CHUNK_MINUTES = '7'; // read by each actor as it starts
  try {
    for (const [path, chunkSize] of [
      [gz, 32 * 1024 * 1024],
      [bgz, 100_000],
      [bgz, 32 * 1024 * 1024],
    ] as const) {
      const s = await analyze({ files: [path], workers: 2, chunkSize, actors: 'inprocess' });
      t.true(s.chunks.total > 5, `${path}: ${s.chunks.total} chunks, split at 7 minutes each`);
      t.is(s.chunks.failed, 0);
      t.is(s.workers.reduce((n, w) => n + w.bytes, 0), data.length > 0 ? (await readFile(path)).length : 0, 'the compressed bytes counted once');
      t.deepEqual(figures(s, [path]), expected, path);
    }
  } finally {
    if (before === undefined) delete process.env.LOGA_MAX_CHUNK_MINUTES;
    else process.env.LOGA_MAX_CHUNK_MINUTES = before;
  }
});
