/**
 * The NATS permission profiles of deploy/nats-permissions.conf (issue 11),
 * on a nats-server configured with them: a supervisor user and a worker user
 * (with its own inbox prefix) run a job to exact figures; the watcher user
 * reads metrics and can publish nothing, so it changes no figure; a worker
 * cannot read another worker's replies (where the leases and their tokens
 * travel), nor publish on an inbox (a forged idle reply or lease).
 */
import test from 'ava';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { analyze, defaultGenOptions, generate, type NatsOptions, startWorker, supervise, type WorkerNode } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-nats-perm-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const PROFILES = resolve('deploy/nats-permissions.conf');

if (natsTestsEnabled(test, 'nats-permissions')) {
  let server: NatsServer;
  const file = join(dir, 'app.log');
  const as = (user: string, extra: Partial<NatsOptions> = {}): NatsOptions => ({ url: server.url, user, password: `${user}-secret`, ...extra });

  /** Eve, a worker user on her own inbox prefix, and the errors the server sends her (permission violations). */
  async function connectAsEve(): Promise<{ nc: NatsConnection; errors: string[] }> {
    const nc = await connect({ servers: server.url, user: 'eve', pass: 'eve-secret', inboxPrefix: '_INBOX_eve' });
    const errors: string[] = [];
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'error') errors.push(String((s as { error?: unknown }).error ?? ''));
    })();
    return { nc, errors };
  }

  test.before(async () => {
    const conf = join(dir, 'server.conf');
    // nats-server includes files relative to the config's directory only
    copyFileSync(PROFILES, join(dir, 'nats-permissions.conf'));
    writeFileSync(
      conf,
      [
        'include "nats-permissions.conf"',
        'authorization {',
        '  users = [',
        '    { user: supervisor, password: supervisor-secret, permissions: $LOGA_SUPERVISOR }',
        '    { user: bob, password: bob-secret, permissions: $LOGA_WORKER_BOB }',
        '    { user: eve, password: eve-secret, permissions: $LOGA_WORKER_EVE }',
        '    { user: watcher, password: watcher-secret, permissions: $LOGA_WATCHER }',
        '  ]',
        '}',
      ].join('\n'),
    );
    server = await startNatsServer({ args: ['-c', conf] });
    await generate({ ...defaultGenOptions(), out: file, size: 6 * 1024 * 1024, format: 'standard', seed: 5, malformed: 0.001 });
  });
  test.after.always(async () => {
    await server?.stop();
  });

  test.serial('supervisor and worker users run a job to exact figures; the watcher reads metrics, publishes nothing, changes nothing', async (t) => {
    t.timeout(60_000);
    const truth = await analyze({ files: [file], chunkSize: 1024 * 1024, workers: 1 });
    const watcher = await connect({ servers: server.url, user: 'watcher', pass: 'watcher-secret' });
    const denied: string[] = [];
    void (async () => {
      for await (const s of watcher.status()) if (s.type === 'error') denied.push(String((s as { error?: unknown }).error ?? ''));
    })();
    let metrics = 0;
    const sub = watcher.subscribe('metrics.>', {
      callback: () => {
        metrics++;
      },
    });
    let node: WorkerNode | null = null;
    try {
      const run = supervise({ files: [file], chunkSize: 1024 * 1024, job: 'perm-1', nats: as('supervisor') });
      node = await startWorker({ id: 'bob', nats: as('bob', { inboxPrefix: '_INBOX_bob' }), allow: [dir] });
      // the watcher tries to take part: a work request, a forged result; the server refuses both
      watcher.publish('loga.work', JSON.stringify({ type: 'work', worker: 'watcher', pid: 1, host: 'x' }));
      watcher.publish('loga.results.perm-1', JSON.stringify({ type: 'result' }));
      const s = await run;
      t.deepEqual(figuresOf(s), figuresOf(truth));
      t.is(s.chunks.failed, 0);
      t.is(s.rejected_messages, 0, 'nothing the watcher sent reached the supervisor');
      t.true(metrics > 0, 'the watcher saw the metrics');
      await watcher.flush();
      await sleep(200);
      t.true(denied.some((d) => /permissions violation/i.test(d)), JSON.stringify(denied));
    } finally {
      sub.unsubscribe();
      await node?.stop();
      await watcher.close();
    }
  });

  test.serial("a worker user cannot subscribe to another worker's inbox (where its leases and tokens come)", async (t) => {
    t.timeout(30_000);
    const { nc: eve, errors } = await connectAsEve();
    try {
      const spy = eve.subscribe('_INBOX_bob.>');
      const spyAll = eve.subscribe('_INBOX.>');
      await eve.flush();
      await sleep(300);
      t.true(errors.filter((e) => /permissions violation for subscription/i.test(e)).length >= 2, JSON.stringify(errors));
      spy.unsubscribe();
      spyAll.unsubscribe();
      // her own inbox works: a request to a subject she may not publish fails, one she may is answered by nobody here
      await t.throwsAsync(eve.request('loga.work', '{}', { timeout: 500 }));
    } finally {
      await eve.close();
    }
  });

  test.serial("a worker user cannot answer another's requests: a forged idle reply or lease on an inbox is refused by the server, and loga.work is not hers to read", async (t) => {
    t.timeout(30_000);
    const { nc: eve, errors } = await connectAsEve();
    try {
      // (without the profiles, forged idle replies for 8 s made 45 leases wait out the 60 s lease)
      eve.publish('_INBOX_bob.forged', JSON.stringify({ type: 'idle', job: 'any', retry_ms: 60_000 }));
      eve.publish('_INBOX.forged', JSON.stringify({ type: 'idle', job: 'any', retry_ms: 60_000 }));
      const requests = eve.subscribe('loga.work');
      await eve.flush();
      await sleep(300);
      t.true(errors.filter((e) => /permissions violation for publish/i.test(e)).length >= 2, JSON.stringify(errors));
      t.true(errors.some((e) => /permissions violation for subscription to "loga.work"/i.test(e)), JSON.stringify(errors));
      requests.unsubscribe();
    } finally {
      await eve.close();
    }
  });
}
