/**
 * A private `nats-server -js` per test file: a free loopback port, a temporary
 * store dir (`-sd`), started before the tests and killed (and its dir removed)
 * after them. Also: worker nodes in their own processes, for kill tests.
 *
 * Without nats-server on PATH: with CI=true one failing test says so loudly;
 * otherwise a warning goes to stderr and only a skipped placeholder is
 * registered (ava refuses a file without tests).
 */
import type { TestFn } from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function findNatsServer(): string | null {
  const override = process.env.NATS_SERVER_BIN;
  const candidates = override ? [override] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'nats-server'));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return null;
}

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

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Resolves when a client connection gets the server's INFO line. */
function answers(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = tcpConnect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      sock.destroy();
      res(false);
    }, 500);
    sock.once('data', (d) => {
      clearTimeout(t);
      sock.destroy();
      res(d.toString().startsWith('INFO'));
    });
    sock.once('error', () => {
      clearTimeout(t);
      res(false);
    });
  });
}

export interface NatsServer {
  url: string;
  port: number;
  dir: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export interface NatsServerOptions {
  /** Default true (-js). */
  jetstream?: boolean;
  /** More arguments, e.g. ['--user', 'a', '--pass', 'b'] or ['--auth', 'token']. */
  args?: string[];
  /** Listen on this port (a restart of a server); default a free one. */
  port?: number;
  /** Keep JetStream's store here (the caller removes it); default a temporary directory removed by stop(). */
  storeDir?: string;
}

export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServer> {
  const bin = findNatsServer();
  if (bin === null) throw new Error('nats-server is not on PATH');
  const dir = opts.storeDir ?? mkdtempSync(join(tmpdir(), 'loga-nats-'));
  const removeDir = (): void => {
    if (opts.storeDir === undefined) rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    const port = opts.port ?? (await freePort());
    const js = opts.jetstream === false ? [] : ['-js', '-sd', join(dir, 'store')];
    const proc = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), ...js, ...(opts.args ?? [])], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline && !(await answers(port))) await sleep(50);
    if (!exited && Date.now() < deadline) {
      return {
        url: `nats://127.0.0.1:${port}`,
        port,
        dir,
        proc,
        async stop() {
          if (proc.exitCode === null && proc.signalCode === null) {
            const gone = new Promise<void>((r) => proc.once('exit', () => r()));
            proc.kill('SIGTERM');
            const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
            await gone;
            clearTimeout(t);
          }
          removeDir();
        },
      };
    }
    proc.kill('SIGKILL');
    if (attempt >= 2 || opts.port !== undefined) {
      removeDir();
      throw new Error(`nats-server did not start on port ${port}: ${stderr}`);
    }
  }
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
export function figuresOf<S extends { job: string; duration_ms: number; throughput_mb_s: number; chunks: unknown; workers: unknown; failed_chunks: unknown }>(
  s: S,
): Omit<S, 'job' | 'duration_ms' | 'throughput_mb_s' | 'chunks' | 'workers' | 'failed_chunks'> {
  const { job: _j, duration_ms: _d, throughput_mb_s: _t, chunks: _c, workers: _w, failed_chunks: _f, ...rest } = s;
  return rest;
}
