/**
 * What goes wrong before a distributed run starts: an unreachable server
 * (NatsUnreachableError, exit 4, naming the URL, within seconds), a server
 * without JetStream, bad credentials, bad ids and options (UsageError, exit 2),
 * an unreadable input (exit 2, before NATS is even tried); and the connection
 * options from flags and from the NATS CLI's environment names.
 */
import test from 'ava';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, connectOptions, exitCodeOf, InputError, natsOptions, NatsUnreachableError, startWorker, supervise, UsageError } from '../../src/internal.js';
import { execa } from 'execa';
import { CLI, loga } from '../helpers/cli.js';
import { figuresOf, freePort, natsTestsEnabled, startNatsServer } from '../helpers/nats-server.js';
import { vectorPath } from '../helpers/vectors.js';

const vector = vectorPath('malformed.log');

test('connection options: flags first, then the NATS CLI environment names; a user without password is a token', (t) => {
  const env = { NATS_URL: 'nats://e:1', NATS_USER: 'u', NATS_PASSWORD: 'p', NATS_CREDS: '/c', NATS_CA: '/ca', NATS_CERT: '/cert', NATS_KEY: '/key' };
  t.deepEqual(natsOptions({}, env), { url: 'nats://e:1', user: 'u', password: 'p', token: undefined, creds: '/c', tlsCa: '/ca', tlsCert: '/cert', tlsKey: '/key' });
  t.like(natsOptions({ url: 'nats://f:2', user: 'v', password: 'q' }, env), { url: 'nats://f:2', user: 'v', password: 'q' });
  t.like(natsOptions({}, { NATS_USER: 's3cret' }), { user: undefined, token: 's3cret', url: 'nats://127.0.0.1:4222' });
  t.like(natsOptions({ token: 'tok' }, {}), { token: 'tok' });
  const { options } = connectOptions(natsOptions({ url: 'nats://a:1, nats://b:2' }, {}), 'x');
  t.deepEqual(options.servers, ['nats://a:1', 'nats://b:2']);
  t.is(options.maxReconnectAttempts, -1);
  const e = t.throws(() => connectOptions(natsOptions({ creds: '/no/such.creds' }, {}), 'x'));
  t.true(e instanceof UsageError && /--creds/.test(e.message));
  t.throws(() => connectOptions(natsOptions({ tlsCert: vector }, {}), 'x'), { message: /go together/ });
});

test('bad ids, prefixes and counts are usage errors (exit 2)', async (t) => {
  const url = `nats://127.0.0.1:${await freePort()}`;
  for (const o of [{ job: 'a.b' }, { job: 'a b' }, { prefix: 'a..b' }, { prefix: 'x.*' }, { workers: -1 }, { workers: 1.5 }]) {
    const e = await t.throwsAsync(supervise({ files: [vector], nats: { url }, ...o }));
    t.true(e instanceof UsageError, `${JSON.stringify(o)}: ${e?.message}`);
    t.is(exitCodeOf(e), 2);
  }
  for (const o of [{ id: 'bob.1' }, { id: '' }, { concurrency: 0 }, { allow: ['/no/such/dir'] }, { allow: [vector] }]) {
    const e = await t.throwsAsync(startWorker({ nats: { url }, ...o }));
    t.true(e instanceof UsageError, `${JSON.stringify(o)}: ${e?.message}`);
  }
});

test('an unreadable input is exit 2, checked before NATS is tried', async (t) => {
  const e = await t.throwsAsync(supervise({ files: ['/no/such/file.log'], nats: { url: 'nats://127.0.0.1:1' } }));
  t.true(e instanceof InputError);
  t.is(exitCodeOf(e), 2);
});

test('NATS unreachable (connection refused): NatsUnreachableError naming the URL at once, for supervise and worker', async (t) => {
  const url = `nats://127.0.0.1:${await freePort()}`;
  let t0 = Date.now();
  const e = await t.throwsAsync(supervise({ files: [vector], nats: { url } }));
  t.true(e instanceof NatsUnreachableError, String(e));
  t.is(exitCodeOf(e), 4);
  t.true(e?.message.includes(url), e?.message);
  t.true(Date.now() - t0 < 3000);
  t0 = Date.now();
  const w = await t.throwsAsync(startWorker({ id: 'w', nats: { url } }));
  t.true(w instanceof NatsUnreachableError);
  t.true(w?.message.includes(url));
  t.true(Date.now() - t0 < 3000);
});

test('NATS unreachable (a server that never answers): NatsUnreachableError within a few seconds', async (t) => {
  const silent: Server = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const port = (silent.address() as { port: number }).port;
  try {
    const t0 = Date.now();
    const e = await t.throwsAsync(supervise({ files: [vector], nats: { url: `nats://127.0.0.1:${port}` } }));
    const ms = Date.now() - t0;
    t.true(e instanceof NatsUnreachableError, String(e));
    t.true(ms < 6000, `${ms} ms`);
  } finally {
    silent.close();
  }
});

test('CLI: supervise and worker exit 4 with the URL when NATS is unreachable', async (t) => {
  const url = `nats://127.0.0.1:${await freePort()}`;
  const s = await loga(['supervise', vector, '--nats', url, '--json']);
  t.is(s.exitCode, 4, String(s.stderr));
  t.true(String(s.stderr).includes(url));
  t.is(String(s.stdout), '');
  const w = await loga(['worker', '--id', 'bob', '--nats', url]);
  t.is(w.exitCode, 4, String(w.stderr));
  t.true(String(w.stderr).includes(url));
  const env = await loga(['supervise', vector], { env: { NATS_URL: url } });
  t.is(env.exitCode, 4);
  t.true(String(env.stderr).includes(url), 'NATS_URL is used');
});

if (natsTestsEnabled(test, 'nats-errors')) {
  test('a server without JetStream: exit 4, saying JetStream is missing', async (t) => {
    const server = await startNatsServer({ jetstream: false });
    try {
      const e = await t.throwsAsync(supervise({ files: [vector], nats: { url: server.url } }));
      t.true(e instanceof NatsUnreachableError, String(e));
      t.regex(e?.message ?? '', /JetStream/);
    } finally {
      await server.stop();
    }
  });

  test('a job id reused within the duplicate window is refused (its results would be dropped as duplicates)', async (t) => {
    t.timeout(60_000);
    const server = await startNatsServer();
    try {
      const first = await supervise({ files: [vector], workers: 1, job: 'nightly', nats: { url: server.url } });
      t.is(first.chunks.failed, 0);
      const e = await t.throwsAsync(supervise({ files: [vector], workers: 1, job: 'nightly', nats: { url: server.url } }));
      t.true(e instanceof UsageError, String(e));
      t.regex(e?.message ?? '', /--job nightly: this job id was used \d+ s ago.*use another --job or wait \d+ s/);
      const other = await supervise({ files: [vector], workers: 1, job: 'nightly-2', nats: { url: server.url } });
      t.is(other.chunks.failed, 0);
    } finally {
      await server.stop();
    }
  });

  test('user/password and token authentication, for the supervisor and its actors; wrong ones are exit 4', async (t) => {
    t.timeout(60_000);
    const expected = figuresOf(await analyze({ files: [vector], workers: 1 }));
    const userServer = await startNatsServer({ args: ['--user', 'loga', '--pass', '0123'] });
    try {
      const s = await supervise({ files: [vector], workers: 1, chunkSize: 4096, nats: { url: userServer.url, user: 'loga', password: '0123' } });
      t.deepEqual(figuresOf(s), expected);
      const e = await t.throwsAsync(supervise({ files: [vector], nats: { url: userServer.url, user: 'loga', password: 'wrong' } }));
      t.true(e instanceof NatsUnreachableError, String(e));
    } finally {
      await userServer.stop();
    }
    const tokenServer = await startNatsServer({ args: ['--auth', 's3cret'] });
    try {
      // as with the nats CLI: NATS_USER without a password is a token
      const s = await supervise({ files: [vector], workers: 1, nats: natsOptions({ url: tokenServer.url }, { NATS_USER: 's3cret' }) });
      t.deepEqual(figuresOf(s), expected);
    } finally {
      await tokenServer.stop();
    }
  });

  test('CLI: supervise --workers 2 prints what analyze prints; worker drains on SIGTERM', async (t) => {
    t.timeout(60_000);
    const server = await startNatsServer();
    const dir = mkdtempSync(join(tmpdir(), 'loga-nats-cli-'));
    try {
      const a = await loga(['analyze', vector, '--json']);
      const s = await loga(['supervise', vector, '--json', '--workers', '2', '--nats', server.url, '--password', '0123'], {});
      t.is(s.exitCode, 0, String(s.stderr));
      t.deepEqual(figuresOf(JSON.parse(String(s.stdout))), figuresOf(JSON.parse(String(a.stdout))));
      writeFileSync(join(dir, 'x'), '');
      const w = execa(process.execPath, [CLI, 'worker', '--id', '007', '--nats', server.url, '--allow', dir], { reject: false, timeout: 30_000, stdin: 'ignore' });
      await new Promise((r) => setTimeout(r, 1500));
      w.kill('SIGTERM');
      const r = await w;
      t.is(r.exitCode, 0, String(r.stderr));
      t.regex(String(r.stderr), /loga worker 007: serving/);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
