/**
 * Live metrics and workers that come and go. A subscriber on `metrics.>` sees
 * progress at least once a second (with `waiting: true` while no worker is
 * there), summaries at most once a second, the per-minute rows, and last the
 * final summary (`"final": true`) equal to what supervise() returns. The job
 * waits for a late worker, and for new ones when all its workers died.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { analyze, defaultGenOptions, generate, type MinuteFigure, startWorker, type Summary, supervise, type WorkerNode } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, spawnWorkerProcess, startNatsServer, type NatsServer, type WorkerProcess } from '../helpers/nats-server.js';

interface Seen {
  at: number;
  subject: string;
  body: Record<string, unknown>;
}

function record(nc: NatsConnection, subject: string): { seen: Seen[]; stop(): void } {
  const seen: Seen[] = [];
  const sub = nc.subscribe(subject, {
    callback: (_e, m: Msg) => {
      seen.push({ at: Date.now(), subject: m.subject, body: m.json<Record<string, unknown>>() });
    },
  });
  return { seen, stop: () => sub.unsubscribe() };
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}

if (natsTestsEnabled(test, 'nats-metrics')) {
  let server: NatsServer;
  let nc: NatsConnection;
  const dir = mkdtempSync(join(tmpdir(), 'loga-nats-metrics-'));
  const file = join(dir, 'm.log');
  let undisturbed: Summary;
  const CHUNK = 2 * 1024 * 1024;

  test.before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await generate({ ...defaultGenOptions(), out: file, size: 48 * 1024 * 1024, format: 'standard', seed: 21, rps: 200, errorRatio: 0.02 });
    undisturbed = await analyze({ files: [file], workers: 2, chunkSize: CHUNK });
  });
  test.after.always(async () => {
    await nc?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test.serial('a late worker: the job waits (progress says so) and finishes; metrics.> gets progress every second, summaries, minute rows and the final summary', async (t) => {
    t.timeout(60_000);
    const rec = record(nc, 'metrics.late-1.>');
    const workerRec = record(nc, 'metrics.workers.latecomer');
    let node: WorkerNode | null = null;
    try {
      const started = Date.now();
      const notes: string[] = [];
      const run = supervise({ files: [file], chunkSize: CHUNK, job: 'late-1', nats: { url: server.url }, onProgress: (_p, note) => notes.push(note) });
      await sleep(1800);
      const joinedAt = Date.now();
      node = await startWorker({ id: 'latecomer', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      await nc.flush();
      await sleep(100);
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.true(notes.includes('waiting for workers'));

      const progress = rec.seen.filter((m) => m.subject === 'metrics.late-1.progress');
      const summaries = rec.seen.filter((m) => m.subject === 'metrics.late-1.summary');
      const minutes = rec.seen.filter((m) => m.subject === 'metrics.late-1.minute');
      t.log(`${progress.length} progress, ${summaries.length} summaries, ${minutes.length} minute messages in ${Date.now() - started} ms`);
      // progress: at least once a second, from the start to the end
      const pg = gaps(progress.map((m) => m.at));
      t.true(progress.length >= 4, `${progress.length} progress messages`);
      t.true(Math.max(...pg) <= 1000, `progress gaps ${pg.join(',')}`);
      t.true(progress[0].at - started <= 1000);
      const waiting = progress.filter((m) => m.body.waiting === true);
      t.true(waiting.length >= 2 && waiting.every((m) => m.at <= joinedAt + 1500), 'waiting: true before the worker joined');
      t.is(waiting[0].body.workers, 0);
      const last = progress[progress.length - 1].body;
      t.is(last.bytes_done, last.bytes_total);
      t.is(last.chunks_done, last.chunks_total);
      for (const k of ['bytes_done', 'bytes_total', 'chunks_done', 'chunks_total', 'workers', 'eta_s']) t.true(k in last, k);
      // summaries: at most once a second; the last one final and equal to the result
      const interim = summaries.filter((m) => m.body.final === false);
      const sg = gaps(interim.map((m) => m.at));
      t.true(sg.every((g) => g >= 900), `summary gaps ${sg.join(',')}`);
      const final = summaries[summaries.length - 1].body;
      t.is(final.final, true);
      t.is(summaries.filter((m) => m.body.final === true).length, 1);
      t.deepEqual(figuresOf(final as unknown as Summary), figuresOf(s));
      // minute rows: the latest of each minute is the final per-minute figure
      const rows = new Map<string, MinuteFigure>();
      for (const m of minutes) for (const r of m.body.rows as MinuteFigure[]) rows.set(r.minute, r);
      t.deepEqual([...rows.values()].sort((a, b) => (a.minute < b.minute ? -1 : 1)), s.per_minute);
      // the worker's own resource use, every second
      for (let i = 0; i < 30 && workerRec.seen.length === 0; i++) await sleep(100);
      t.true(workerRec.seen.length >= 1, 'metrics.workers.latecomer');
      for (const k of ['worker', 'pid', 'host', 'rss_mb', 'cpu_pct', 'chunks', 'bytes']) t.true(k in workerRec.seen[0].body, k);
      t.true((workerRec.seen[0].body.rss_mb as number) > 0);
    } finally {
      workerRec.stop();
      rec.stop();
      await node?.stop();
    }
  });

  test.serial('all workers die mid-job: the job waits, says so, and finishes exactly when workers come back', async (t) => {
    t.timeout(60_000);
    const rec = record(nc, 'metrics.revive-1.progress');
    let first: WorkerProcess | null = null;
    let second: WorkerNode | null = null;
    try {
      first = await spawnWorkerProcess({ id: 'mortal', nats: { url: server.url }, allow: [dir] });
      const f = first;
      let killedAt = 0;
      const run = supervise({
        files: [file],
        chunkSize: CHUNK,
        job: 'revive-1',
        nats: { url: server.url },
        onStart: (job) => {
          job.on('merged', () => {
            if (killedAt === 0 && job.chunkCounts().done === 3) {
              killedAt = Date.now();
              f.proc.kill('SIGKILL');
            }
          });
        },
      });
      while (killedAt === 0) await sleep(20);
      await sleep(3500);
      const revivedAt = Date.now();
      second = await startWorker({ id: 'phoenix', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
      const phoenix = s.workers.find((w) => w.id === 'phoenix');
      t.true((phoenix?.chunks ?? 0) > 0, JSON.stringify(s.workers));
      const waitingAfterKill = rec.seen.filter((m) => m.at > killedAt && m.at < revivedAt && m.body.waiting === true);
      t.true(waitingAfterKill.length >= 1, 'progress said it was waiting for workers');
    } finally {
      rec.stop();
      await first?.stop();
      await second?.stop();
    }
  });
}
