/**
 * Workers without the file: chunk bytes shipped through NATS. The range
 * shipped for a chunk is exactly what the scanner reads (checked against the
 * file scan for every chunk size of awkward files); a worker whose `--allow`
 * roots do not hold the file (or hold only a symlink to it: real paths count)
 * refuses to read it and gets the bytes from the supervisor, figures exact.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowCheck, analyze, type Chunk, ChunkScanner, defaultGenOptions, formats, generate, type Logger, scanChunk, shippedRange, startWorker, supervise, toWire, type WorkerNode } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-nats-bytes-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function countingLog(): Logger & { shipped: Set<number> } {
  const shipped = new Set<number>();
  const noop = (): void => {};
  return {
    shipped,
    debug: noop,
    warn: noop,
    error: noop,
    info: (obj: object, msg?: string) => {
      if (msg === 'shipping chunk bytes to a worker without the file') shipped.add((obj as { chunk: number }).chunk);
    },
  };
}

const LINE = (i: number, msg = 'Request processed in 12ms') => `2024-01-24 10:15:${String(i % 60).padStart(2, '0')}.123 INFO ${msg} #${i}`;

test('the shipped range gives the scanner the same lines as the file, for every chunk size', async (t) => {
  const cases: Record<string, string> = {
    plain: Array.from({ length: 40 }, (_, i) => LINE(i)).join('\n') + '\n',
    'no final newline': Array.from({ length: 30 }, (_, i) => LINE(i)).join('\n'),
    'crlf, blank lines, a long line': [LINE(1), '', '   ', LINE(2, 'x'.repeat(700)), LINE(3), '\t', LINE(4)].join('\r\n') + '\r\n',
    'only newlines': '\n\n\n\n',
    'a long last line': LINE(1) + '\n' + LINE(2, 'y'.repeat(2000)),
  };
  for (const [name, text] of Object.entries(cases)) {
    const path = join(dir, `case-${name.replace(/\W+/g, '-')}.log`);
    writeFileSync(path, text);
    const size = Buffer.byteLength(text);
    const fh = await open(path, 'r');
    try {
      for (const chunkSize of [1, 2, 3, 7, 50, 97, 500, size]) {
        for (let start = 0; start < size; start += chunkSize) {
          const chunk: Chunk = { id: 0, path, file: 0, start, end: Math.min(size, start + chunkSize), attempt: 1, format: 'standard' };
          const want = toWire(scanChunk(chunk, formats.resolve('standard').parse, 1024));
          const r = await shippedRange(fh, chunk);
          t.is(r.start, Math.max(0, start - 1));
          const bytes = Buffer.alloc(r.stop - r.start);
          await fh.read(bytes, 0, bytes.length, r.start);
          const s = new ChunkScanner({ bytes, offset: r.start }, chunk, formats.resolve('standard').parse, { readSize: 1024 });
          while (!s.step(Number.MAX_SAFE_INTEGER));
          const got = toWire(s.result());
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            t.fail(`${name}: chunk [${chunk.start}, ${chunk.end}) of ${size}: shipped [${r.start}, ${r.stop}) scans differently`);
            return;
          }
        }
      }
    } finally {
      await fh.close();
    }
  }
  t.pass();
});

test('--allow compares real paths: a symlink out of the roots is refused, a missing path is left to the open', (t) => {
  const root = join(dir, 'root');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'in.log'), 'x\n');
  writeFileSync(join(dir, 'out.log'), 'x\n');
  symlinkSync(join(dir, 'out.log'), join(root, 'link.log'));
  const check = allowCheck([root]);
  t.is(check(join(root, 'in.log')), null);
  t.regex(check(join(root, 'link.log')) ?? '', /outside the allowed roots/);
  t.regex(check(join(dir, 'out.log')) ?? '', /outside the allowed roots/);
  t.regex(check(join(root, '..', 'out.log')) ?? '', /outside the allowed roots/);
  t.is(check(join(root, 'missing.log')), null);
  // a sibling whose name starts like the root is not under it
  mkdirSync(`${root}2`, { recursive: true });
  writeFileSync(join(`${root}2`, 'a.log'), 'x\n');
  t.regex(check(join(`${root}2`, 'a.log')) ?? '', /outside/);
});

if (natsTestsEnabled(test, 'nats-bytes')) {
  let server: NatsServer;
  const data = join(dir, 'data');
  const elsewhere = join(dir, 'elsewhere');
  const file = join(data, 'shipped.log');

  test.before(async () => {
    server = await startNatsServer();
    mkdirSync(data, { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    await generate({ ...defaultGenOptions(), out: file, size: 24 * 1024 * 1024, format: 'standard', seed: 9, malformed: 0.001 });
    symlinkSync(file, join(elsewhere, 'link.log'));
  });
  test.after.always(async () => {
    await server?.stop();
  });

  for (const chunkSize of [3 * 1024 * 1024 + 17, 12 * 1024 * 1024]) {
    test.serial(`a worker allowed only another directory gets every chunk's bytes over NATS (chunks of ${chunkSize} bytes): figures exact`, async (t) => {
      t.timeout(60_000);
      const log = countingLog();
      let node: WorkerNode | null = null;
      try {
        node = await startWorker({ id: 'remote', nats: { url: server.url }, allow: [elsewhere], actorLogLevel: 'error' });
        await node.ready();
        const s = await supervise({ files: [file], chunkSize, nats: { url: server.url }, log });
        const a = await analyze({ files: [file], workers: 2, chunkSize: 5 * 1024 * 1024 });
        t.deepEqual(figuresOf(s), figuresOf(a));
        t.is(s.chunks.failed, 0);
        t.is(s.chunks.retried, 0);
        t.is(log.shipped.size, s.chunks.total, 'every chunk was shipped');
      } finally {
        await node?.stop();
      }
    });
  }

  test.serial('a symlink inside the allowed root to a file outside it is refused (real path) and shipped instead', async (t) => {
    t.timeout(60_000);
    const log = countingLog();
    let node: WorkerNode | null = null;
    try {
      node = await startWorker({ id: 'careful', nats: { url: server.url }, allow: [elsewhere], actorLogLevel: 'error' });
      await node.ready();
      const s = await supervise({ files: [join(elsewhere, 'link.log')], chunkSize: 8 * 1024 * 1024, nats: { url: server.url }, log });
      const a = await analyze({ files: [join(elsewhere, 'link.log')], workers: 1, chunkSize: 8 * 1024 * 1024 });
      t.deepEqual(figuresOf(s), figuresOf(a));
      t.is(log.shipped.size, s.chunks.total);
    } finally {
      await node?.stop();
    }
  });

  test.serial('a worker allowed the directory reads the file itself: nothing shipped', async (t) => {
    t.timeout(60_000);
    const log = countingLog();
    let node: WorkerNode | null = null;
    try {
      node = await startWorker({ id: 'local', nats: { url: server.url }, allow: [data] });
      await node.ready();
      const s = await supervise({ files: [file], chunkSize: 8 * 1024 * 1024, nats: { url: server.url }, log });
      t.is(s.chunks.failed, 0);
      t.is(log.shipped.size, 0);
    } finally {
      await node?.stop();
    }
  });
}
