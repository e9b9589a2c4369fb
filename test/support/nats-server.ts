/**
 * A private `nats-server -js`: a free loopback port, a temporary store dir
 * (`-sd`), stopped by its own pid (never by name) with its dir removed. The
 * one launcher of the tests (through test/helpers/nats-server.ts, which adds
 * what ava needs) and of the benchmark (through bench/lib/nats-server.ts,
 * which adds its Ctrl-C cleanup).
 *
 * It lives in test/support/ because it is a test fixture the benchmark also
 * uses; it must not import ava (or anything of test/helpers), since the
 * benchmark loads it outside a test run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Every wait here is bounded by one of these. */
const START_DEADLINE_MS = 10_000;
/** A connection that neither answers nor fails (a server still starting) is retried after this. */
const ANSWER_TIMEOUT_MS = 500;
const POLL_MS = 50;
/** An idle `-js` server exits within a millisecond of SIGTERM (measured, 2.9.10); a file store still flushing takes longer. */
const TERM_GRACE_MS = 3_000;
/** After SIGKILL, how long to wait for the exit (or the last of stderr) to be reported before going on. */
const KILL_WAIT_MS = 2_000;
/** A free port can be taken by someone else before the server binds it: tries of a server on a port of its own. */
const START_TRIES = 3;

/**
 * The nats-server executable: `NATS_SERVER_BIN` (a path, or a name looked up
 * like `nats-server`), else `nats-server` on PATH, then in `extraDirs`.
 */
export function findNatsServer(extraDirs: readonly string[] = []): string | null {
  const name = process.env.NATS_SERVER_BIN || 'nats-server';
  const asPath = isAbsolute(name) || name.includes('/');
  const candidates = asPath ? [name] : [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs].map((d) => join(d, name));
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

/** A loopback port free a moment ago. */
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

/** True once a client connection gets the server's INFO line. */
function answers(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      sock.destroy();
      res(false);
    }, ANSWER_TIMEOUT_MS);
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
  /** `nats://127.0.0.1:<port>` */
  url: string;
  port: number;
  pid: number;
  /** The store's parent directory (JetStream keeps its files in `<dir>/store`). */
  dir: string;
  proc: ChildProcess;
  /** SIGTERM, SIGKILL if it is still running 3 s later; then the store dir is removed (unless the caller owns it). */
  stop(): Promise<void>;
}

export interface NatsServerOptions {
  /** The executable; default findNatsServer(). */
  bin?: string;
  /** Default true (-js). */
  jetstream?: boolean;
  /** More arguments, e.g. ['--user', 'a', '--pass', 'b'] or ['--auth', 'token']. */
  args?: string[];
  /** Listen on this port (a restart of a server); default a free one. */
  port?: number;
  /** Keep JetStream's store here (the caller removes it); default a temporary directory removed by stop(). */
  storeDir?: string;
  /**
   * Called as soon as the server is spawned with a synchronous kill (SIGKILL,
   * store removed), for a crash or Ctrl-C handler; the function it returns is
   * called once the server is stopped (or failed to start).
   */
  track?: (kill: () => void) => () => void;
}

function running(proc: ChildProcess): boolean {
  return proc.exitCode === null && proc.signalCode === null;
}

/** True if `p` settles within `ms`; the timer is cleared either way (a pending one would keep the process alive). */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((res) => {
    const t = setTimeout(() => res(false), ms);
    void p.then(() => {
      clearTimeout(t);
      res(true);
    });
  });
}

export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServer> {
  const bin = opts.bin ?? findNatsServer();
  if (bin === null) throw new Error('nats-server is not on PATH (install it, or set NATS_SERVER_BIN to its path)');
  const dir = opts.storeDir ?? mkdtempSync(join(tmpdir(), 'loga-nats-'));
  const removeDir = (): void => {
    if (opts.storeDir === undefined) rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    const js = opts.jetstream === false ? [] : ['-js', '-sd', join(dir, 'store')];
    const proc = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), ...js, ...(opts.args ?? [])], { stdio: ['ignore', 'ignore', 'pipe'] });
    // the start of stderr (a bad flag: its first line, then the usage) and its end (a fatal error: the last line)
    let head = '';
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      if (head.length < 500) head += d.toString().slice(0, 500 - head.length);
      stderr = (stderr + d.toString()).slice(-4000);
    });
    // 'error' (e.g. not executable) is followed by no 'exit' when the spawn itself failed
    let exited = false;
    const closed = new Promise<void>((r) => proc.once('close', () => r()));
    proc.once('exit', () => (exited = true));
    proc.once('error', (err) => {
      exited = true;
      head += String(err);
    });
    const kill = (): void => {
      if (running(proc)) proc.kill('SIGKILL');
      removeDir();
    };
    const untrack = opts.track?.(kill) ?? (() => {});
    const deadline = Date.now() + START_DEADLINE_MS;
    while (!exited && Date.now() < deadline && !(await answers(port))) await sleep(POLL_MS);
    if (!exited && Date.now() < deadline) {
      return {
        url: `nats://127.0.0.1:${port}`,
        port,
        pid: proc.pid!,
        dir,
        proc,
        async stop() {
          if (running(proc)) {
            const gone = new Promise<void>((r) => proc.once('exit', () => r()));
            proc.kill('SIGTERM');
            if (!(await within(gone, TERM_GRACE_MS))) {
              proc.kill('SIGKILL');
              await within(gone, KILL_WAIT_MS);
            }
          }
          removeDir();
          untrack();
        },
      };
    }
    if (running(proc)) proc.kill('SIGKILL');
    untrack();
    if (attempt >= START_TRIES || opts.port !== undefined) {
      // its last words: stderr is complete once the pipe closes, which can come after 'exit'
      await within(closed, KILL_WAIT_MS);
      removeDir();
      const fatal = stderr.split('\n').filter((l) => /\[(FTL|ERR)\]/.test(l));
      const why = (fatal.length > 0 ? fatal.slice(-2).join(' | ') : head.trim().split('\n')[0]) || `no answer in ${START_DEADLINE_MS / 1000} s`;
      throw new Error(`nats-server did not start on port ${port}: ${why}`);
    }
  }
}
