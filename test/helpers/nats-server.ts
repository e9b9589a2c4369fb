/**
 * The ava side of the NATS tests: whether they can run (`natsTestsEnabled`),
 * worker nodes in their own processes for kill tests, and the figures a
 * summary must keep whatever the transport. The server itself (a private
 * `nats-server -js` per test file on a free loopback port, its temporary store
 * dir removed on stop) comes from test/support/nats-server.ts, which the
 * benchmark shares; it is re-exported here for the tests.
 *
 * Without nats-server on PATH: with CI=true one failing test says so loudly;
 * otherwise a warning goes to stderr and only a skipped placeholder is
 * registered (ava refuses a file without tests).
 */
import type { TestFn } from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { findNatsServer } from '../support/nats-server.js';

export { findNatsServer, freePort, startNatsServer, type NatsServer, type NatsServerOptions } from '../support/nats-server.js';

/**
 * True when NATS tests can run. Otherwise registers what the file shows
 * instead (a failing test under CI, a skipped one elsewhere) and returns false.
 */
export function natsTestsEnabled(test: TestFn, file: string): boolean {
  if (findNatsServer() !== null) return true;
  const where = process.env.NATS_SERVER_BIN ? `NATS_SERVER_BIN=${process.env.NATS_SERVER_BIN} is not executable` : 'nats-server is not on PATH';
  const msg = `${where}: the NATS tests of ${file} cannot run. Install it (apt-get install nats-server) or set NATS_SERVER_BIN to its path.`;
  if (process.env.CI === 'true') {
    test(`nats-server must be installed under CI (${file})`, (t) => {
      t.fail(msg);
    });
  } else {
    process.stderr.write(`\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! WARNING: ${msg}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n`);
    test.skip(`NATS tests of ${file} (${where})`, (t) => t.pass());
  }
  return false;
}

export interface WorkerProcess {
  proc: ChildProcess;
  /** The actor pids, as the node reported them once ready. */
  actors: Record<string, number>;
  stderr(): string;
  /** SIGTERM (drain), then wait for the exit. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/** Runs `startWorker(opts)` in a process of its own (what `loga worker` is), resolved once serving. */
export async function spawnWorkerProcess(opts: Record<string, unknown>): Promise<WorkerProcess> {
  const mod = resolve('dist/src/run/worker-node.js');
  const script = `
    import { startWorker } from ${JSON.stringify(mod)};
    const opts = JSON.parse(process.env.LOGA_TEST_WORKER);
    const node = await startWorker(opts);
    await node.ready();
    const actors = Object.fromEntries(node.actorIds.map((id) => [id, node.pidOf(id)]));
    process.stdout.write(JSON.stringify({ ready: true, actors }) + '\\n');
    process.on('SIGTERM', () => node.stop().then(() => process.exit(0)));
    node.done.catch((err) => { console.error(String(err)); process.exit(1); });
  `;
  const proc = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, LOGA_TEST_WORKER: JSON.stringify(opts) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const actors = await new Promise<Record<string, number>>((res, rej) => {
    let out = '';
    const t = setTimeout(() => rej(new Error(`worker process not ready in 15 s: ${err}`)), 15_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) return;
      clearTimeout(t);
      res((JSON.parse(line) as { actors: Record<string, number> }).actors);
    });
    void exited.then((code) => {
      clearTimeout(t);
      rej(new Error(`worker process exited (${code}) before it was ready: ${err}`));
    });
  });
  return {
    proc,
    actors,
    stderr: () => err,
    exited,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      proc.kill('SIGTERM');
      await exited;
      clearTimeout(t);
    },
  };
}

/** The figures of a summary: what must not depend on transport, scheduling, kills or timing. */
export function figuresOf<S extends { job: string; duration_ms: number; throughput_mb_s: number; chunks: unknown; workers: unknown; failed_chunks: unknown; rejected_messages: number }>(
  s: S,
): Omit<S, 'job' | 'duration_ms' | 'throughput_mb_s' | 'chunks' | 'workers' | 'failed_chunks' | 'rejected_messages'> {
  const { job: _j, duration_ms: _d, throughput_mb_s: _t, chunks: _c, workers: _w, failed_chunks: _f, rejected_messages: _r, ...rest } = s;
  return rest;
}
