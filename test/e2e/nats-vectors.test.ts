/**
 * The acceptance vectors through NATS: three worker nodes (each a supervisor
 * of one actor process) serve `supervise`; the figures equal `analyze`'s and
 * the truth files'. Also `supervise --workers 3` (local actors over NATS).
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyze, defaultGenOptions, generate, startWorker, supervise, type WorkerNode } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { truthOf, vectorPath, VECTORS } from '../helpers/vectors.js';

if (natsTestsEnabled(test, 'nats-vectors')) {
  let server: NatsServer;
  test.before(async () => {
    server = await startNatsServer();
  });
  test.after.always(async () => {
    await server?.stop();
  });

  for (const name of VECTORS) {
    test.serial(`${name} through 3 worker nodes: figures equal analyze's and the truth`, async (t) => {
      t.timeout(60_000);
      const truth = truthOf(name);
      const nats = { url: server.url };
      const nodes: WorkerNode[] = [];
      try {
        for (const id of ['alice', 'bob', 'carol']) nodes.push(await startWorker({ id, nats, allow: [resolve('test_vectors')] }));
        await Promise.all(nodes.map((n) => n.ready()));
        const s = await supervise({ files: [vectorPath(name)], chunkSize: name === 'normal.log' ? 512 : 1024, nats });
        const a = await analyze({ files: [vectorPath(name)], workers: 2, chunkSize: 64 * 1024 });
        t.deepEqual(figuresOf(s), figuresOf(a));
        t.true(s.final);
        t.is(s.chunks.failed, 0);
        t.is(s.chunks.done, s.chunks.total);
        t.is(s.lines, truth.lines);
        t.is(s.malformed_lines, truth.malformed_lines);
        t.is(s.total_requests, truth.total_requests);
        t.is(s.requests_per_second, truth.requests_per_second);
        // normal.log is long enough (326 chunks) for every worker to join in; malformed.log may be done by the first
        const busy = s.workers.filter((w) => w.chunks > 0).map((w) => w.id);
        if (name === 'normal.log') t.true(busy.length >= 2, `chunks spread over the workers: ${JSON.stringify(s.workers)}`);
        t.is(
          s.workers.reduce((n, w) => n + w.chunks, 0),
          s.chunks.total,
        );
      } finally {
        await Promise.all(nodes.map((n) => n.stop()));
      }
    });
  }

  test.serial('supervise --workers 3: local actors join over NATS; both vectors in one job', async (t) => {
    t.timeout(60_000);
    const files = VECTORS.map((v) => vectorPath(v));
    const s = await supervise({ files, chunkSize: 7 * 1024, workers: 3, nats: { url: server.url } });
    const a = await analyze({ files, workers: 3, chunkSize: 7 * 1024 });
    t.deepEqual(figuresOf(s), figuresOf(a));
    t.is(s.chunks.failed, 0);
    t.is(s.total_requests, 3200);
    t.is(s.malformed_lines, truthOf('malformed.log').malformed_lines);
    t.true(s.workers.every((w) => w.id.startsWith(`${s.job}-w`)), JSON.stringify(s.workers));
  });

  test.serial('SPEC §8 headline figures of normal.log through NATS', async (t) => {
    t.timeout(60_000);
    const s = await supervise({ files: [vectorPath('normal.log')], workers: 2, nats: { url: server.url } });
    const near = (x: number | null, y: number): boolean => x !== null && Math.abs(x - y) <= y * 0.01;
    t.true(near(s.avg_response_time, 109.0), String(s.avg_response_time));
    t.is(s.error_rate, 0);
    t.true(near(s.requests_per_second, 50.0));
    t.is(s.total_requests, 3000);
  });

  test.serial('a quiet log split by workers (3 minute rows a partial), one worker reading the file, one sent its bytes: figures equal analyze', async (t) => {
    t.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'loga-nats-split-'));
    const file = join(dir, 'quiet.log');
    const before = process.env.LOGA_MAX_CHUNK_MINUTES;
    process.env.LOGA_MAX_CHUNK_MINUTES = '3'; // inherited by the actor processes
    const nodes: WorkerNode[] = [];
    try {
      await generate({ ...defaultGenOptions(), out: file, size: 200 * 1024, format: 'standard', rps: 2, seed: 9 });
      const nats = { url: server.url };
      nodes.push(await startWorker({ id: 'reader', nats, allow: [dir] }));
      nodes.push(await startWorker({ id: 'shipped', nats, allow: [resolve('test_vectors')] }));
      await Promise.all(nodes.map((n) => n.ready()));
      const s = await supervise({ files: [file], chunkSize: 32 * 1024, nats });
      delete process.env.LOGA_MAX_CHUNK_MINUTES;
      const a = await analyze({ files: [file], workers: 1, chunkSize: 1024 * 1024 });
      t.deepEqual(figuresOf(s), figuresOf(a));
      t.true(s.per_minute.length > 20, `${s.per_minute.length} minutes`);
      t.true(s.chunks.total > 7, `${s.chunks.total} chunks: the 7 planned were split`);
      t.is(s.chunks.done, s.chunks.total);
      t.is(s.workers.reduce((n, w) => n + w.bytes, 0), s.bytes, 'every byte covered once');
    } finally {
      if (before === undefined) delete process.env.LOGA_MAX_CHUNK_MINUTES;
      else process.env.LOGA_MAX_CHUNK_MINUTES = before;
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
