/**
 * The shared nats-server launcher (tests and bench): loopback only, JetStream
 * on with its store in a temporary dir that stop() removes, a server that
 * cannot start reported with its own words, the crash/Ctrl-C hook.
 */
import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsTestsEnabled } from '../helpers/nats-server.js';
import { freePort, startNatsServer, type NatsServer } from './nats-server.js';

/** The INFO line a client gets on connecting. */
function info(port: number): Promise<{ host: string; port: number; jetstream?: boolean }> {
  return new Promise((res, rej) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('data', (d) => {
      sock.destroy();
      res(JSON.parse(d.toString().replace(/^INFO /, '')) as { host: string; port: number; jetstream?: boolean });
    });
    sock.once('error', rej);
  });
}

function exited(s: NatsServer): boolean {
  return s.proc.exitCode !== null || s.proc.signalCode !== null;
}

if (natsTestsEnabled(test, 'support/nats-server')) {
  // the launcher's temporary dirs go here (os.tmpdir() reads TMPDIR), so the tests see them all and nobody else's
  const tmp = mkdtempSync(join(tmpdir(), 'loga-nats-launcher-'));
  process.env.TMPDIR = tmp;
  test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

  test.serial('a server on a free loopback port with JetStream; stop() ends it and removes its store dir', async (t) => {
    const s = await startNatsServer();
    t.regex(s.url, /^nats:\/\/127\.0\.0\.1:\d+$/);
    t.is(s.url, `nats://127.0.0.1:${s.port}`);
    t.is(s.pid, s.proc.pid!);
    t.true(s.dir.startsWith(tmp), s.dir);
    const i = await info(s.port);
    t.is(i.host, '127.0.0.1');
    t.true(i.jetstream);
    t.true(existsSync(join(s.dir, 'store')), 'JetStream keeps its store in the dir');
    await s.stop();
    t.true(exited(s));
    t.false(existsSync(s.dir));
    await s.stop(); // twice is harmless
    t.deepEqual(readdirSync(tmp), []);
  });

  test.serial('without JetStream; a store dir of the caller is left to the caller', async (t) => {
    const plain = await startNatsServer({ jetstream: false });
    t.falsy((await info(plain.port)).jetstream);
    await plain.stop();
    const mine = mkdtempSync(join(tmp, 'mine-'));
    const s = await startNatsServer({ storeDir: mine });
    t.is(s.dir, mine);
    await s.stop();
    t.true(existsSync(join(mine, 'store')));
    rmSync(mine, { recursive: true });
    t.deepEqual(readdirSync(tmp), []);
  });

  test.serial('a server that cannot start is reported with its own words, and its dir removed', async (t) => {
    const err = await t.throwsAsync(startNatsServer({ args: ['--no-such-flag'] }));
    t.regex(err.message, /^nats-server did not start on port \d+: .*flag provided but not defined/);
    // its port taken (a given port is not retried elsewhere)
    const holder: Server = createServer();
    const port = await freePort();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', () => r()));
    try {
      const busy = await t.throwsAsync(startNatsServer({ port }));
      t.regex(busy.message, new RegExp(`^nats-server did not start on port ${port}: .*address already in use`));
    } finally {
      holder.close();
    }
    t.deepEqual(readdirSync(tmp), []);
  });

  test.serial('track: the kill it is given ends the server at once (a Ctrl-C), and stop() untracks it', async (t) => {
    const kills: Array<() => void> = [];
    let untracked = 0;
    const track = (kill: () => void) => {
      kills.push(kill);
      return () => void untracked++;
    };
    const a = await startNatsServer({ track });
    t.is(kills.length, 1);
    await a.stop();
    t.is(untracked, 1);

    const b = await startNatsServer({ track });
    const gone = new Promise<NodeJS.Signals | null>((r) => b.proc.once('exit', (_code, signal) => r(signal)));
    kills[1]!();
    t.false(existsSync(b.dir), 'the kill removes the store at once');
    t.is(await gone, 'SIGKILL');
    await b.stop();
    t.is(untracked, 2);
    t.deepEqual(readdirSync(tmp), []);
  });
}
