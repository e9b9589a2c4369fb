/**
 * Compressed files over NATS (issue 12): a worker that may not read the file
 * gets its compressed bytes from the supervisor (less traffic than the text)
 * and decompresses them; the figures equal `loga analyze` on the plain file.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyze, defaultGenOptions, generate, startWorker, supervise, type Summary, type WorkerNode } from '../../src/internal.js';
import { writeBgzf } from '../../bench/lib/bgzf.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';

/** The summary's figures, the files' paths and byte counts aside. */
function figures(s: Summary, path: string): unknown {
  const json = JSON.stringify({ ...figuresOf(s), bytes: 0, files: s.files.map((f) => ({ ...f, bytes: 0 })) });
  return JSON.parse(json.split(path).join('FILE')) as unknown;
}

if (natsTestsEnabled(test, 'nats-compressed')) {
  let server: NatsServer;
  test.before(async () => {
    server = await startNatsServer();
  });
  test.after.always(async () => {
    await server?.stop();
  });

  test.serial('gzip files read by a worker that has them and by one sent their compressed bytes: the plain files’ figures', async (t) => {
    t.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'loga-nats-gz-'));
    const nodes: WorkerNode[] = [];
    try {
      const plain = join(dir, 'app.log');
      await generate({ ...defaultGenOptions(), out: plain, size: 2_000_000, seed: 17 });
      const text = readFileSync(plain);
      const files: string[] = [];
      for (let i = 0; i < 4; i++) {
        const gz = join(dir, `app.log.${i + 1}.gz`);
        writeFileSync(gz, gzipSync(text));
        files.push(gz);
      }
      const nats = { url: server.url };
      nodes.push(await startWorker({ id: 'reader', nats, allow: [dir] }));
      nodes.push(await startWorker({ id: 'shipped', nats, allow: [resolve('test_vectors')] }));
      await Promise.all(nodes.map((n) => n.ready()));
      const s = await supervise({ files, nats });
      const one = figures(await analyze({ files: [plain], workers: 1, actors: 'inprocess' }), plain) as { entries: number; lines: number; total_requests: number };
      t.is(s.chunks.done, 4);
      t.is(s.entries, one.entries * 4);
      t.is(s.lines, one.lines * 4);
      t.is(s.total_requests, one.total_requests * 4);
      t.is(s.workers.reduce((n, w) => n + w.bytes, 0), s.bytes, 'every compressed byte counted once');
      t.is(s.bytes, files.reduce((n, f) => n + readFileSync(f).length, 0));
      // the worker that has the files gone: a file through NATS, its compressed bytes shipped, equals the plain file
      await nodes[0].stop();
      nodes.shift();
      const single = await supervise({ files: [files[0]], nats });
      t.deepEqual(figures(single, files[0]), one);
      t.deepEqual(
        single.workers.map((w) => [w.id, w.bytes]),
        [['shipped', readFileSync(files[0]).length]],
        'the worker without the file read it all, shipped',
      );
      // a BGZF file in chunks of its blocks, each shipped from the block before its first to where its last line ends
      const bgz = join(dir, 'app.log.bgz');
      writeBgzf(plain, bgz);
      const blocks = await supervise({ files: [bgz], nats, chunkSize: 256 * 1024 });
      t.true(blocks.chunks.total > 3, `${blocks.chunks.total} chunks`);
      t.is(blocks.chunks.done, blocks.chunks.total);
      t.deepEqual(figures(blocks, bgz), one);
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
