/**
 * The HMAC mode of the bus (`--secret`, issue 11): with one key on the
 * supervisor and its workers a job runs to exact figures; a worker with
 * another key takes no lease (said once, clearly) and the job finishes with
 * the right one; a result that is not signed with the key is refused even
 * with the lease's token; a forged lease (no supervisor's signature) is never
 * read. Also the key's loading: a file, LOGA_SECRET, a short key refused.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { analyze, defaultGenOptions, formats, generate, type NatsOptions, NatsWorkerPort, scanChunk, secretFrom, Signer, startWorker, supervise, toWire, type WorkerNode, type WorkReply } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { captureLog } from '../helpers/capture-log.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-nats-secret-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'k'.repeat(12) + '-the-bus-key-0123';
const OTHER = 'o'.repeat(12) + '-another-key-4567';


test('the key: from a file (one trailing newline dropped) or LOGA_SECRET; a short or unreadable one is refused naming where', (t) => {
  const f = join(dir, 'key');
  writeFileSync(f, `${KEY}\n`);
  t.is(secretFrom(f, {}), KEY);
  t.is(secretFrom(undefined, { LOGA_SECRET: KEY }), KEY);
  t.is(secretFrom(undefined, {}), undefined);
  writeFileSync(f, 'short\n');
  t.throws(() => secretFrom(f, {}), { message: /--secret .*key has 5 bytes; use at least 16/ });
  t.throws(() => secretFrom(undefined, { LOGA_SECRET: 'short' }), { message: /LOGA_SECRET: the key has 5 bytes/ });
  t.throws(() => secretFrom(join(dir, 'none'), {}), { message: /--secret .*none: cannot read the key/ });
  const s = new Signer(KEY);
  const signed = s.sign({ type: 'idle', job: 'j', retry_ms: 5 });
  t.true(s.verify(JSON.parse(JSON.stringify(signed))));
  t.false(new Signer(OTHER).verify(signed));
  t.false(s.verify({ ...signed, retry_ms: 6 }), 'a changed message');
  t.false(s.verify({ type: 'idle', job: 'j', retry_ms: 5 }), 'no signature');
});

if (natsTestsEnabled(test, 'nats-secret')) {
  let server: NatsServer;
  let nc: NatsConnection;
  const file = join(dir, 'app.log');
  const keyed = (key: string): NatsOptions => ({ url: server.url, secret: key });

  test.before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await generate({ ...defaultGenOptions(), out: file, size: 4 * 1024 * 1024, format: 'standard', seed: 8, malformed: 0.001 });
  });
  test.after.always(async () => {
    await nc?.close();
    await server?.stop();
  });

  test.serial('one key: exact figures; a worker with another key takes no lease and says so; an unsigned result with the right token is refused', async (t) => {
    t.timeout(60_000);
    const truth = await analyze({ files: [file], chunkSize: 1024 * 1024, workers: 1 });
    const log = captureLog();
    const wrongLog = captureLog();
    let wrong: WorkerNode | null = null;
    let right: WorkerNode | null = null;
    try {
      const unread: string[] = [];
      const run = supervise({ files: [file], chunkSize: 1024 * 1024, job: 'sec-1', nats: keyed(KEY), log, onStart: (job) => job.on('reassigned', (_c, from, reason) => from === 'mallory' && unread.push(reason)) });
      wrong = await startWorker({ id: 'mallory', nats: keyed(OTHER), allow: [dir], log: wrongLog });
      // a client without the key takes a lease (it can read it) and answers with the token, unsigned
      let lease: Extract<WorkReply, { type: 'lease' }> | null = null;
      for (let i = 0; i < 200 && lease === null; i++) {
        try {
          const r = (await nc.request('loga.work', JSON.stringify({ type: 'work', worker: 'nokey', pid: 1, host: 'x' }), { timeout: 3000 })).json<WorkReply>();
          if (r.type === 'lease') lease = r;
        } catch {
          // no supervisor yet
        }
        if (lease === null) await sleep(50);
      }
      if (lease === null) throw new Error('no lease');
      const c = lease.chunk;
      const partial = toWire(scanChunk(c, formats.resolve(c.format).parse));
      await jetstream(nc).publish('loga.results.sec-1', JSON.stringify({ type: 'result', job: 'sec-1', chunk: c.id, attempt: c.attempt, token: c.token, worker: 'nokey', bytes: c.end - c.start, ms: 1, partial }), { msgID: 'unsigned' });
      await sleep(1500);
      right = await startWorker({ id: 'bob', nats: keyed(KEY), allow: [dir] });
      const s = await run;
      t.deepEqual(figuresOf(s), figuresOf(truth));
      t.is(s.chunks.failed, 0);
      t.false(s.workers.some((w) => w.id === 'mallory' && w.chunks > 0), 'the worker with another key did no chunk');
      // mallory's actor refused the leases it was given (its log line: the port test below); the supervisor took them back unread
      t.true(unread.length >= 1 && unread.every((r) => /lease not read/.test(r)), JSON.stringify(unread));
      t.true(log.lines.some((l) => l.msg === 'invalid result rejected' && /no valid signature/.test(JSON.stringify(l.obj))), 'the unsigned result was refused');
    } finally {
      await wrong?.stop();
      await right?.stop();
    }
  });

  test.serial('a forged lease (not signed by the supervisor) is never read: no figure of that file goes anywhere', async (t) => {
    t.timeout(30_000);
    const secretFile = join(dir, 'secret.log');
    writeFileSync(secretFile, 'password=hunter2 this is not a log line\n');
    let asked = 0;
    // a forger answers loga.work with a lease for a file the worker may read
    const forger = nc.subscribe('loga.work', {
      callback: (_e, m) => {
        asked++;
        m.respond(JSON.stringify({ type: 'lease', job: 'evil', lease_ms: 60_000, chunk: { id: 0, path: secretFile, file: 0, start: 0, end: 40, attempt: 1, format: 'standard', token: 'AAAAAAAAAAAAAAAAAAAAAA' } }));
      },
    });
    let leaked = 0;
    const watch = nc.subscribe('loga.results.evil', {
      callback: () => {
        leaked++;
      },
    });
    const node = await startWorker({ id: 'carol', nats: keyed(KEY), allow: [dir] });
    // the actor's side, in this process: the port refuses the forged lease with a warning, once
    const log = captureLog();
    const port = new NatsWorkerPort(nc, { id: 'dave', prefix: 'loga', log, secret: KEY, exitOnStop: 'none' });
    try {
      const replies: WorkReply[] = [];
      for (let i = 0; i < 3; i++) replies.push(await port.request({ type: 'work', worker: 'dave', pid: 1, host: 'x' }));
      t.deepEqual(replies.map((r) => r.type), ['idle', 'idle', 'idle']);
      t.is(port.current, null, 'no lease taken');
      const warned = log.lines.filter((l) => /work reply without a valid signature refused/.test(l.msg));
      t.is(warned.length, 3);
      t.deepEqual(warned.map((l) => l.level), ['warn', 'debug', 'debug']);
      for (let i = 0; i < 100 && asked < 6; i++) await sleep(50);
      await sleep(300);
      t.true(asked >= 6, `${asked} work requests answered by the forger`);
      t.is(leaked, 0, 'nothing of the secret file was published');
    } finally {
      forger.unsubscribe();
      watch.unsubscribe();
      await node.stop();
    }
  });
}
