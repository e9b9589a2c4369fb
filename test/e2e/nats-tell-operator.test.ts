/**
 * Telling the operator (issue 11): a worker that gets a chunk's bytes over
 * NATS because the file is not under its `--allow` roots says so once per job
 * at warn level (the default), naming the path and the flag to add; `loga
 * supervise` with no worker says it is waiting on stderr every 10 s, even
 * with --quiet (it used to wait silently forever).
 */
import test from 'ava';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { supervise, waitingWarner, WAITING_WARN_MS, type LiveProgress } from '../../src/internal.js';
import { CLI } from '../helpers/cli.js';
import { natsTestsEnabled, spawnWorkerProcess, startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { vectorPath } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-tell-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('waiting for workers is said after 10 s with none, then every 10 s, and again 10 s after workers leave', (t) => {
  let now = 0;
  const said: string[] = [];
  const feed = waitingWarner(() => now, 'loga worker --id NAME --nats nats://h:4222', (m) => said.push(`${now}: ${m}`));
  const p = (waiting: boolean) => ({ waiting }) as LiveProgress;
  for (; now <= 25_000; now += 500) feed(p(true));
  t.is(WAITING_WARN_MS, 10_000);
  t.deepEqual(said, [
    '10000: waiting for workers: none has asked for work for 10 s (start one with: loga worker --id NAME --nats nats://h:4222)',
    '20000: waiting for workers: none has asked for work for 20 s (start one with: loga worker --id NAME --nats nats://h:4222)',
  ]);
  said.length = 0;
  feed(p(false)); // a worker came
  for (now = 30_000; now < 39_999; now += 500) feed(p(true));
  t.deepEqual(said, []);
  now = 40_000;
  feed(p(true));
  t.deepEqual(said, ['40000: waiting for workers: none has asked for work for 10 s (start one with: loga worker --id NAME --nats nats://h:4222)']);
});

if (natsTestsEnabled(test, 'nats-tell-operator')) {
  let server: NatsServer;
  const data = join(dir, 'data');
  const elsewhere = join(dir, 'elsewhere');
  const file = join(data, 'app.log');

  test.before(async () => {
    server = await startNatsServer();
    mkdirSync(data, { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    copyFileSync(vectorPath('normal.log'), file);
  });
  test.after.always(async () => {
    await server?.stop();
  });

  test.serial('a worker shipping bytes because the file is not under --allow warns once per job, naming the path and --allow <dir>', async (t) => {
    t.timeout(60_000);
    const w = await spawnWorkerProcess({ id: 'far', nats: { url: server.url }, allow: [elsewhere] });
    try {
      for (let i = 0; i < 2; i++) {
        const s = await supervise({ files: [file], chunkSize: 16 * 1024, nats: { url: server.url } });
        t.is(s.chunks.failed, 0);
        t.true(s.chunks.total > 5);
      }
    } finally {
      await w.stop();
    }
    const warns = w
      .stderr()
      .split('\n')
      .filter((l) => l.includes('come over NATS'))
      .map((l) => JSON.parse(l) as { level: number; msg: string; job: string; path: string });
    t.is(warns.length, 2, 'once for each of the 2 jobs, not once a chunk');
    t.not(warns[0].job, warns[1].job);
    for (const x of warns) {
      t.is(x.level, 40, 'warn: seen at the default log level');
      t.is(x.path, file);
      t.true(x.msg.startsWith(`${file} is outside the allowed roots (`), x.msg);
      t.true(x.msg.endsWith(`), so it is not read here: the bytes of its chunks come over NATS from the supervisor, which is slower; to read it here, start the worker with --allow ${data} (said once per job)`), x.msg);
    }
  });

  test.serial('loga supervise --quiet with no worker says on stderr that it waits, every 10 s, with the command to start one', async (t) => {
    t.timeout(40_000);
    const proc = execa(process.execPath, [CLI, 'supervise', '--quiet', '--nats', server.url, file], { reject: false, stdin: 'ignore', timeout: 30_000 });
    const line = await new Promise<string>((res) => {
      let err = '';
      proc.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        const l = err.split('\n').find((x) => x.includes('waiting for workers'));
        if (l !== undefined) res(l);
      });
      void proc.then(() => res(`exited: ${err}`));
    });
    proc.kill('SIGINT');
    const r = await proc;
    t.is(line, `loga: waiting for workers: none has asked for work for 10 s (start one with: loga worker --id NAME --nats ${server.url})`);
    t.is(r.exitCode, 3, 'interrupted: the chunks not done are failed');
  });
}
