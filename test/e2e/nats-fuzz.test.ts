/**
 * Fuzz on the bus (issue 11): during a real job, a client that sees every
 * `loga.*` message (work requests, heartbeats, failure reports, results,
 * byte requests) publishes mutated copies of them on the same subjects:
 * fields changed to hostile values, dropped, truncated JSON, flipped bytes,
 * and the replies too (leases, byte slices, to the workers' inboxes). The
 * job still ends with exact figures, no chunk failed, every process up: no
 * message makes a supervisor or a worker throw or stall. The bus key is on
 * (`--secret`), so the signed paths are in it; a copy of a result comes
 * after the original, so most are duplicates of a merged chunk (forgeries
 * that come first are nats-protocol's and nats-secret's tests). Mutations
 * are drawn by fast-check from a fixed seed.
 */
import test from 'ava';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, headers as natsHeaders, type Msg } from '@nats-io/transport-node';
import { analyze, defaultGenOptions, generate, startWorker, supervise, type WorkerNode } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-nats-fuzz-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'fuzz-key-'.repeat(3);
const MAX_FORGED = 400;
const HOSTILE = [null, -1, 0, 1, 1e15, 1e20, -1e20, 2 ** 53 + 2, 0.5, 99, '', 'x'.repeat(2000), [], {}, true, 'AAAAAAAAAAAAAAAAAAAAAA'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value (keys and indexes). */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (at.length > 0) out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function setAt(v: Json, path: (string | number)[], value: Json | undefined): void {
  let o = v as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/** One mutation of a message's bytes, chosen by r (a number in [0, 1)) and k (a free integer). */
function mutate(data: Uint8Array, r: number, k: number): Uint8Array {
  const text = Buffer.from(data).toString('utf8');
  let v: Json;
  try {
    v = JSON.parse(text) as Json;
  } catch {
    v = null;
  }
  if (r < 0.15 || v === null) {
    // raw bytes: truncated or one flipped
    const b = Buffer.from(data);
    if (b.length === 0) return b;
    if (r < 0.08) return b.subarray(0, k % b.length);
    b[k % b.length] ^= 1 << k % 8;
    return b;
  }
  const ps = paths(v);
  if (ps.length === 0) return Buffer.from(JSON.stringify(HOSTILE[k % HOSTILE.length]));
  const p = ps[k % ps.length];
  setAt(v, p, r < 0.3 ? undefined : (HOSTILE[(k >> 4) % HOSTILE.length] as Json));
  return Buffer.from(JSON.stringify(v));
}

if (natsTestsEnabled(test, 'nats-fuzz')) {
  let server: NatsServer;
  const file = join(dir, 'app.log');

  test.before(async () => {
    server = await startNatsServer();
    await generate({ ...defaultGenOptions(), out: file, size: 32 * 1024 * 1024, format: 'standard', seed: 11, malformed: 0.001 });
  });
  test.after.always(async () => {
    await server?.stop();
  });

  test.serial('mutated copies of every message on every subject during a job: exact figures, no chunk failed', async (t) => {
    t.timeout(120_000);
    const truth = await analyze({ files: [file], chunkSize: 256 * 1024, workers: 1 });
    const fuzzer = await connect({ servers: server.url });
    const draws = fc.sample(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat()), { seed: 20261202, numRuns: MAX_FORGED });
    const bySubject = new Map<string, number>();
    let forged = 0;
    const mark = natsHeaders();
    mark.set('Fuzz', '1');
    const forge = (subject: string, data: Uint8Array): void => {
      if (forged >= MAX_FORGED) return;
      const [r, k] = draws[forged++];
      const kind = subject.startsWith('_INBOX') ? 'replies' : subject.split('.').slice(0, 2).join('.');
      bySubject.set(kind, (bySubject.get(kind) ?? 0) + 1);
      // a request's copy asks too (its reply goes nowhere); a result's lands in the stream; a reply's reaches the worker
      fuzzer.publish(subject, mutate(data, r, k), { headers: mark });
    };
    const seen = (m: Msg): void => {
      if (m.headers?.get('Fuzz') === '1') return;
      forge(m.subject, m.data);
      if (m.subject === 'loga.work') {
        // heartbeats and failure reports come seldom in a short job: forged from templates beside each request
        const req = JSON.parse(Buffer.from(m.data).toString('utf8')) as { worker: string; pid: number; host: string };
        const chunk = forged % 64;
        forge(`loga.heartbeat.${req.worker}`, Buffer.from(JSON.stringify({ type: 'heartbeat', worker: req.worker, pid: req.pid, host: req.host, chunk, token: 'AAAAAAAAAAAAAAAAAAAAAA', bytes_done: 1, rss_mb: 1, cpu_pct: 1 })));
        forge('loga.failed.fuzz-1', Buffer.from(JSON.stringify({ type: 'failed', job: 'fuzz-1', chunk, attempt: 1, token: 'AAAAAAAAAAAAAAAAAAAAAA', worker: req.worker, reason: 'error', message: 'fuzz' })));
      }
    };
    const sub = fuzzer.subscribe('loga.>', { callback: (_e, m) => seen(m) });
    // the replies too (leases, byte slices): forged replies reach the workers, which check the key
    const inbox = fuzzer.subscribe('_INBOX.>', { callback: (_e, m) => seen(m) });
    const nodes: WorkerNode[] = [];
    try {
      const run = supervise({ files: [file], chunkSize: 256 * 1024, job: 'fuzz-1', nats: { url: server.url, secret: KEY } });
      // both without the file: every chunk's bytes go over the bus too (loga.bytes and its replies)
      const elsewhere = join(dir, 'none');
      mkdirSync(elsewhere, { recursive: true });
      nodes.push(await startWorker({ id: 'bob', nats: { url: server.url, secret: KEY }, allow: [elsewhere] }));
      nodes.push(await startWorker({ id: 'eve', nats: { url: server.url, secret: KEY }, allow: [elsewhere] }));
      const s = await run;
      t.log(`${forged} mutated messages: ${JSON.stringify(Object.fromEntries(bySubject))}; ${s.rejected_messages} refused by the job`);
      t.deepEqual(figuresOf(s), figuresOf(truth));
      t.is(s.chunks.failed, 0);
      t.true(forged >= 50, `${forged} mutated messages`);
      t.true(['loga.work', 'loga.heartbeat', 'loga.failed', 'loga.results', 'loga.bytes', 'replies'].every((p) => (bySubject.get(p) ?? 0) > 0), JSON.stringify(Object.fromEntries(bySubject)));
    } finally {
      sub.unsubscribe();
      inbox.unsubscribe();
      for (const n of nodes) await n.stop();
      await fuzzer.close();
    }
  });
}
