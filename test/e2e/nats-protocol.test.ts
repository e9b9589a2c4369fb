/**
 * The supervisor against misbehaving peers on the wire, through fake workers
 * speaking the protocol by hand: a worker that takes a lease and goes silent
 * (heartbeat loss), one that heartbeats without progress (lease expiry), the
 * same result published several times (merged once), invalid messages
 * (rejected, never a crash), and results too large for one message (gzip,
 * parts). Figures stay exact in every case.
 */
import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { analyze, type Chunk, decodePayload, defaultGenOptions, emptyPartial as emptyPartialOf, encodeResult, formats, generate, ResultAssembler, type ResultMsg, scanChunk, startWorker, type Summary, supervise, toWire, type WorkerNode, type WorkReply } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { vectorPath } from '../helpers/vectors.js';
import { captureLog } from '../helpers/capture-log.js';

const CHUNK = 2 * 1024 * 1024;


/** Asks for work as a (fake) worker until a lease comes. */
async function takeLease(nc: NatsConnection, worker: string): Promise<Extract<WorkReply, { type: 'lease' }>> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      const m = await nc.request('loga.work', JSON.stringify({ type: 'work', worker, pid: 4242, host: 'fake' }), { timeout: 3000 });
      const r = m.json<WorkReply>();
      if (r.type === 'lease') return r;
    } catch {
      // no supervisor yet
    }
    await sleep(50);
  }
  throw new Error('no lease in 15 s');
}

/** A (fake) worker gives its lease back properly: a failed message with the lease's token. */
async function giveBack(nc: NatsConnection, job: string, lease: Extract<WorkReply, { type: 'lease' }>, worker: string): Promise<void> {
  const { id, attempt, token } = lease.chunk;
  await nc.request(`loga.failed.${job}`, JSON.stringify({ type: 'failed', job, chunk: id, attempt, token, worker, reason: 'error', message: 'giving up' }), { timeout: 3000 });
}

function resultOf(job: string, chunk: Chunk, worker: string): ResultMsg {
  const partial = toWire(scanChunk(chunk, formats.resolve(chunk.format).parse));
  return { type: 'result', job, chunk: chunk.id, attempt: chunk.attempt, token: chunk.token ?? 'no-lease-token-000000', worker, bytes: chunk.end - chunk.start, ms: 1, partial };
}

test('codec: small results go plain, large ones gzipped, larger ones in parts; parts join in any order', (t) => {
  const chunk: Chunk = { id: 3, path: vectorPath('normal.log'), file: 0, start: 0, end: 200_000, attempt: 2, format: 'standard', token: 'T0KEN-of-the-lease_000' };
  const msg = resultOf('j1', chunk, 'w');
  const size = JSON.stringify(msg).length;
  const plain = encodeResult(msg, size);
  t.is(plain.length, 1);
  // the lease's attempt and token in the msgID: a forged message cannot take the real one's
  t.is(plain[0].msgID, 'j1.3.2.T0KEN-of-the-lease_000');
  t.deepEqual(plain[0].headers, {});
  const gz = encodeResult(msg, size - 1);
  t.is(gz.length, 1);
  t.is(gz[0].headers['Loga-Encoding'], 'gzip');
  t.is(gz[0].msgID, 'j1.3.2.T0KEN-of-the-lease_000');
  t.deepEqual(decodePayload(gz[0].data, true), msg);
  const gzSize = gz[0].data.length;
  const limit = Math.ceil(gzSize / 4);
  const parts = encodeResult(msg, limit);
  t.is(parts.length, 4);
  t.true(parts.every((p) => p.data.length <= limit));
  t.deepEqual(
    parts.map((p) => p.msgID),
    parts.map((_, i) => `j1.3.2.T0KEN-of-the-lease_000.${i + 1}of${parts.length}`),
  );
  const asm = new ResultAssembler<number>();
  const hdrs = (h: Record<string, string>) => ({ get: (k: string) => h[k] ?? '' });
  const order = parts.map((_, i) => i).reverse();
  let out: ReturnType<typeof asm.add> | null = null;
  for (const i of order) {
    out = asm.add(parts[i].data, hdrs(parts[i].headers), i);
    if (i === 1) t.is(asm.add(parts[1].data, hdrs(parts[1].headers), 99).kind, 'partial', 'a redelivered part');
  }
  t.is(out?.kind, 'whole');
  if (out?.kind === 'whole') {
    t.deepEqual(out.msg, msg);
    t.is(out.handles.length, parts.length + 1);
  }
  t.is(asm.pending, 0);
  // an unfinished assembly is dropped once its chunk is merged
  asm.add(parts[0].data, hdrs(parts[0].headers), 7);
  t.deepEqual(asm.dropChunk(3), [7]);
  t.is(asm.add(new Uint8Array([1, 2]), hdrs({ 'Loga-Part': 'x/y' }), 1).kind, 'invalid');
  t.is(typeof decodePayload(new Uint8Array([1, 2, 3]), true), 'string');
});

if (natsTestsEnabled(test, 'nats-protocol')) {
  let server: NatsServer;
  let nc: NatsConnection;
  const dir = mkdtempSync(join(tmpdir(), 'loga-nats-protocol-'));
  const file = join(dir, 'mid.log');
  let undisturbed: Summary;

  test.before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await generate({ ...defaultGenOptions(), out: file, size: 16 * 1024 * 1024, format: 'standard', seed: 5, malformed: 0.002 });
    undisturbed = await analyze({ files: [file], workers: 2, chunkSize: CHUNK });
  });
  test.after.always(async () => {
    await nc?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test.serial('a worker that takes a lease and goes silent: the chunk is reassigned after the heartbeat timeout', async (t) => {
    t.timeout(60_000);
    const reassigned: { chunk: number; reason: string; at: number }[] = [];
    let node: WorkerNode | null = null;
    try {
      const run = supervise({
        files: [file],
        chunkSize: CHUNK,
        job: 'silent-1',
        nats: { url: server.url },
        onStart: (job) => job.on('reassigned', (c, _f, reason) => reassigned.push({ chunk: c.id, reason, at: Date.now() })),
      });
      const lease = await takeLease(nc, 'ghost');
      const leasedAt = Date.now();
      node = await startWorker({ id: 'real', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      t.is(reassigned.length, 1);
      t.is(reassigned[0].chunk, lease.chunk.id);
      t.regex(reassigned[0].reason, /ghost silent for \d+ ms/);
      const after = reassigned[0].at - leasedAt;
      t.true(after >= 2900 && after <= 5000, `reassigned ${after} ms after the lease`);
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
      t.is(s.chunks.retried, 1);
    } finally {
      await node?.stop();
    }
  });

  test.serial('a worker that heartbeats without progress: its lease expires and the chunk goes elsewhere', async (t) => {
    t.timeout(60_000);
    const reassigned: string[] = [];
    let node: WorkerNode | null = null;
    let beat: NodeJS.Timeout | null = null;
    try {
      const run = supervise({
        files: [file],
        chunkSize: CHUNK,
        job: 'stuck-1',
        leaseMs: 1500,
        nats: { url: server.url },
        onStart: (job) => job.on('reassigned', (_c, _f, reason) => reassigned.push(reason)),
      });
      const lease = await takeLease(nc, 'stuck');
      beat = setInterval(() => {
        nc.publish(
          'loga.heartbeat.stuck',
          JSON.stringify({ type: 'heartbeat', worker: 'stuck', pid: 4242, host: 'fake', chunk: lease.chunk.id, bytes_done: 0, rss_mb: 1, cpu_pct: 0 }),
        );
      }, 300);
      node = await startWorker({ id: 'real2', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      t.deepEqual(reassigned, ['stuck: lease expired']);
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
    } finally {
      if (beat) clearInterval(beat);
      await node?.stop();
    }
  });

  test.serial('the same result published several times (different msgIDs, and a retry with the same one): merged once', async (t) => {
    t.timeout(60_000);
    const log = captureLog();
    let node: WorkerNode | null = null;
    try {
      const run = supervise({ files: [file], chunkSize: CHUNK, job: 'dup-1', nats: { url: server.url }, log });
      const lease = await takeLease(nc, 'twice');
      const msg = resultOf('dup-1', lease.chunk, 'twice');
      const js = jetstream(nc);
      const data = JSON.stringify(msg);
      const a = await js.publish('loga.results.dup-1', data, { msgID: 'other-id-1' });
      const b = await js.publish('loga.results.dup-1', data, { msgID: 'other-id-2' });
      const c = await js.publish('loga.results.dup-1', data, { msgID: `dup-1.${lease.chunk.id}` });
      const d = await js.publish('loga.results.dup-1', data, { msgID: `dup-1.${lease.chunk.id}` });
      t.false(a.duplicate || b.duplicate || c.duplicate);
      t.true(d.duplicate, 'the stream drops a retry with the same msgID');
      node = await startWorker({ id: 'real3', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
      t.is(s.workers.find((w) => w.id === 'twice')?.chunks, 1);
      t.is(log.lines.filter((l) => l.msg === 'duplicate result ignored').length, 2);
    } finally {
      await node?.stop();
    }
  });

  test.serial('invalid messages on every subject are rejected with a log line; the job finishes exactly', async (t) => {
    t.timeout(60_000);
    const log = captureLog();
    let node: WorkerNode | null = null;
    try {
      const run = supervise({ files: [file], chunkSize: CHUNK, job: 'junk-1', nats: { url: server.url }, log });
      const lease = await takeLease(nc, 'junk');
      const js = jetstream(nc);
      nc.publish('loga.work', 'not json');
      nc.publish('loga.work', JSON.stringify({ type: 'work', worker: 7 }));
      nc.publish('loga.heartbeat.junk', JSON.stringify({ type: 'heartbeat', worker: 'junk' }));
      nc.publish('loga.failed.junk-1', '{');
      await js.publish('loga.results.junk-1', 'garbage', { msgID: 'g1' });
      const bad = { ...resultOf('junk-1', lease.chunk, 'junk'), partial: { lines: -1 } };
      await js.publish('loga.results.junk-1', JSON.stringify(bad), { msgID: 'g2' });
      await js.publish('loga.results.junk-1', JSON.stringify({ ...resultOf('junk-1', lease.chunk, 'junk'), job: 'elsewhere' }), { msgID: 'g3' });
      const r = await nc.request('loga.bytes.junk-1', 'nope', { timeout: 3000 });
      t.not(r.headers?.get('Loga-Error') ?? '', '');
      const r2 = await nc.request('loga.bytes.junk-1', JSON.stringify({ worker: 'junk', chunk: 99999, token: lease.chunk.token, offset: 0, length: 10 }), { timeout: 3000 });
      t.regex(r2.headers?.get('Loga-Error') ?? '', /no chunk 99999/);
      // the job's bytes go to a lease's holder only (they went to any client that asked)
      const r3 = await nc.request('loga.bytes.junk-1', JSON.stringify({ worker: 'junk', chunk: lease.chunk.id, offset: 0, length: 10 }), { timeout: 3000 });
      t.regex(r3.headers?.get('Loga-Error') ?? '', /token/);
      const r4 = await nc.request('loga.bytes.junk-1', JSON.stringify({ worker: 'junk', chunk: lease.chunk.id, token: 'AAAAAAAAAAAAAAAAAAAAAA', offset: 0, length: 10 }), { timeout: 3000 });
      t.regex(r4.headers?.get('Loga-Error') ?? '', /leased with that token/);
      t.is(r4.data.length, 0);
      const r5 = await nc.request('loga.bytes.junk-1', JSON.stringify({ worker: 'junk', chunk: lease.chunk.id, token: lease.chunk.token, offset: 0, length: 10 }), { timeout: 3000 });
      t.is(r5.headers?.get('Loga-Error') ?? '', '');
      t.is(r5.data.length, 10);
      await giveBack(nc, 'junk-1', lease, 'junk');
      node = await startWorker({ id: 'real4', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
      const rejected = log.lines.filter((l) => /^invalid .* rejected$/.test(l.msg)).map((l) => l.msg);
      t.true(rejected.filter((m) => m === 'invalid work request rejected').length >= 2, JSON.stringify(rejected));
      t.true(rejected.includes('invalid heartbeat rejected'));
      t.true(rejected.includes('invalid failed message rejected'));
      t.is(rejected.filter((m) => m === 'invalid result rejected').length, 3, JSON.stringify(rejected));
    } finally {
      await node?.stop();
    }
  });

  test.serial('schema-valid results no worker could produce (times of 1e20, a minute of 1e15, second 99, a broken sketch, a split past the chunk) are refused: the consumer runs on, figures exact', async (t) => {
    t.timeout(60_000);
    const log = captureLog();
    let node: WorkerNode | null = null;
    try {
      const run = supervise({ files: [file], chunkSize: CHUNK, job: 'insane-1', nats: { url: server.url }, log });
      const lease = await takeLease(nc, 'forger');
      const js = jetstream(nc);
      const real = resultOf('insane-1', lease.chunk, 'forger');
      const forged: ResultMsg[] = [
        { ...real, partial: { ...real.partial, firstTs: 1e20 } },
        { ...real, partial: { ...real.partial, minutes: real.partial.minutes.map((m, i) => (i === 0 ? [1e15, ...m.slice(1)] : m)) as typeof real.partial.minutes } },
        { ...real, partial: { ...real.partial, minutes: real.partial.minutes.map((m, i) => (i === 0 ? [...m.slice(0, 7), [99, m[3]]] : m)) as typeof real.partial.minutes } },
        { ...real, partial: { ...real.partial, minutes: real.partial.minutes.map((m) => [...m.slice(0, 4), { ...m[4], n: m[4].n + 7 }, ...m.slice(5)]) as typeof real.partial.minutes } },
        // (a split inside the chunk is a holder's word: what lease tokens are for, not these checks)
        { ...real, split_at: real.bytes + lease.chunk.start + 10 },
      ];
      let k = 0;
      for (const m of forged) await js.publish('loga.results.insane-1', JSON.stringify(m), { msgID: `forged-${k++}` });
      node = await startWorker({ id: 'real5', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
      t.is(s.rejected_messages, forged.length);
      t.is(log.lines.filter((l) => l.msg === 'result refused').length, forged.length);
    } finally {
      await node?.stop();
    }
  });

  test.serial('forged results without a lease token (before the real one, empty partials for every chunk, a split) are refused; the real results merge: figures exact', async (t) => {
    t.timeout(60_000);
    const log = captureLog();
    let node: WorkerNode | null = null;
    try {
      const reassigned: string[] = [];
      const run = supervise({ files: [file], chunkSize: CHUNK, job: 'forge-1', nats: { url: server.url }, log, onStart: (job) => job.on('reassigned', (_c, _f, reason) => reassigned.push(reason)) });
      const lease = await takeLease(nc, 'honest');
      const js = jetstream(nc);
      const real = resultOf('forge-1', lease.chunk, 'honest');
      const FAKE = 'AAAAAAAAAAAAAAAAAAAAAA';
      // the forgeries: a schema-valid partial for the chunk before the real worker's, with the msgID the real one would have had before tokens
      const bigger = { ...real.partial, lines: real.partial.lines * 20, levels: real.partial.levels.map((n) => n * 20) };
      await js.publish('loga.results.forge-1', JSON.stringify({ ...real, token: FAKE, partial: bigger }), { msgID: `forge-1.${lease.chunk.id}` });
      // empty partials for chunks 0-9, and a split at 1
      const empty = toWire(emptyPartialOf());
      for (let c = 0; c < 10; c++) await js.publish('loga.results.forge-1', JSON.stringify({ ...real, chunk: c, token: FAKE, partial: empty }), { msgID: `forge-1.empty.${c}` });
      await js.publish('loga.results.forge-1', JSON.stringify({ ...real, token: FAKE, split_at: lease.chunk.start + 1 }), { msgID: 'forge-1.split' });
      // a forged failure report for the real lease
      await nc.request('loga.failed.forge-1', JSON.stringify({ type: 'failed', job: 'forge-1', chunk: lease.chunk.id, attempt: lease.chunk.attempt, token: FAKE, worker: 'honest', reason: 'error', message: 'forged' }), { timeout: 3000 });
      // then the real result, by the lease's holder
      for (const m of encodeResult(real, 900 * 1024)) await js.publish('loga.results.forge-1', m.data, { msgID: m.msgID });
      node = await startWorker({ id: 'real6', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
      // (the fake holder never heartbeats: under load its lease may go for silence, never for the forged report)
      t.deepEqual(reassigned.filter((r) => r.includes('forged')), [], 'the forged failure report did not take the lease away');
      t.is(s.rejected_messages, 13);
      t.is(log.lines.filter((l) => l.msg === 'result without the token of its lease refused').length, 12);
    } finally {
      await node?.stop();
    }
  });

  test.serial('a gzip bomb and 300 never-finished multi-part results on the results subject: refused and capped, the supervisor stays small, figures exact', async (t) => {
    t.timeout(90_000);
    const log = captureLog();
    let node: WorkerNode | null = null;
    let peak = 0;
    const rssBefore = process.memoryUsage.rss();
    const poll = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss() - rssBefore);
    }, 10);
    try {
      const run = supervise({ files: [file], chunkSize: CHUNK, job: 'bomb-1', nats: { url: server.url }, log });
      const lease = await takeLease(nc, 'bomber');
      const js = jetstream(nc);
      // the bomb: 512 MiB of zeros in ~510 KB of gzip (it took the supervisor to 1.6 GB)
      const bomb = gzipSync(Buffer.alloc(512 * 1024 * 1024), { level: 9 });
      t.true(bomb.length < 1000 * 1000);
      const h = headers();
      h.set('Loga-Encoding', 'gzip');
      await js.publish('loga.results.bomb-1', bomb, { msgID: 'bomb', headers: h });
      // 300 first halves of results that never get their second (they were held to the job's end: 370 MB)
      const part = randomBytes(900 * 1024);
      for (let k = 0; k < 300; k++) {
        const ph = headers();
        ph.set('Loga-Encoding', 'gzip');
        ph.set('Loga-Part', '1/2');
        ph.set('Loga-Key', `${1000 + k}.1.AAAAAAAAAAAAAAAAAAAAAA`);
        await js.publish('loga.results.bomb-1', part, { msgID: `half-${k}`, headers: ph });
      }
      await giveBack(nc, 'bomb-1', lease, 'bomber');
      node = await startWorker({ id: 'real8', nats: { url: server.url }, allow: [dir] });
      const s = await run;
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
    } finally {
      clearInterval(poll);
      await node?.stop();
    }
    const refused = log.lines.filter((l) => l.msg === 'invalid result rejected').map((l) => String((l.obj as { problem?: string }).problem));
    t.true(refused.some((p) => /cannot gunzip/.test(p)), `the bomb was refused: ${refused.slice(0, 3).join('; ')}`);
    t.true(refused.length >= 300 - 32, `${refused.length} refused: at most 32 unfinished results are held`);
    t.log(`the test process grew by at most ${(peak / 1e6).toFixed(0)} MB (the bomb inflates to 537 MB; the halves are 276 MB)`);
    t.true(peak < 250 * 1024 * 1024, `grew by ${(peak / 1e6).toFixed(0)} MB`);
  });

  // last of the NATS tests here: it deletes the stream the others use (the supervisors after it recreate it)
  test.serial('the results stream deleted mid-job: the job ends within seconds, its chunks failed with a message naming the stream (exit 3)', async (t) => {
    t.timeout(60_000);
    const log = captureLog();
    const run = supervise({ files: [file], chunkSize: CHUNK, job: 'gone-1', nats: { url: server.url }, log });
    await takeLease(nc, 'holder'); // the job cannot finish without this lease
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete('LOGA_RESULTS');
    const started = Date.now();
    const s = await run;
    t.true(Date.now() - started < 15_000, `ended after ${Date.now() - started} ms`);
    t.true(s.chunks.failed > 0);
    t.is(s.chunks.done, 0);
    t.regex(s.failed_chunks[0].reasons.join(' '), /results stream LOGA_RESULTS was deleted mid-job/);
    t.true(log.lines.some((l) => l.level === 'error' && /LOGA_RESULTS was deleted/.test(l.msg)));
  });

  test.serial('results larger than a message go gzipped and in parts (forced with a small limit): figures exact', async (t) => {
    t.timeout(60_000);
    const seen = { plain: 0, gzip: 0, parts: 0 };
    const sub = nc.subscribe('loga.results.big-1', {
      callback: (_e, m) => {
        if (m.headers?.get('Loga-Part')) seen.parts++;
        else if (m.headers?.get('Loga-Encoding') === 'gzip') seen.gzip++;
        else seen.plain++;
      },
    });
    try {
      const s = await supervise({ files: [file], chunkSize: CHUNK, job: 'big-1', workers: 2, maxMessage: 200, nats: { url: server.url } });
      t.deepEqual(figuresOf(s), figuresOf(undisturbed));
      t.is(s.chunks.failed, 0);
      t.true(seen.parts > s.chunks.total, JSON.stringify(seen));
      t.is(seen.plain, 0);
    } finally {
      sub.unsubscribe();
    }
  });
}
