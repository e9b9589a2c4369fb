/** A forked OS process as a supervisor Child (cluster workers and NATS actor processes alike). */
import type { ChildProcess } from 'node:child_process';
import type { Child } from './supervisor.js';

/** Node flags for actor processes only, from LOGA_WORKER_EXEC_ARGV (e.g. --cpu-prof for bench/). */
export function actorExecArgv(): string[] {
  return (process.env.LOGA_WORKER_EXEC_ARGV ?? '').split(' ').filter((a) => a !== '');
}

/**
 * Wraps a child process. stop() sends SIGTERM (the process finishes or drains
 * and exits) and, as a backstop, SIGKILL after graceMs; it resolves on exit.
 */
export function processChild(proc: ChildProcess, graceMs: number): Child {
  let exited: { code: number | null; signal: string | null } | null = null;
  const exitCbs: ((code: number | null, signal: string | null) => void)[] = [];
  proc.on('exit', (code, signal) => {
    exited = { code, signal: signal ?? null };
    for (const cb of exitCbs) cb(code, signal ?? null);
  });
  return {
    get pid() {
      return proc.pid;
    },
    onExit(cb) {
      if (exited !== null) cb(exited.code, exited.signal);
      else exitCbs.push(cb);
    },
    stop() {
      if (exited !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        exitCbs.push(() => resolve());
        const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        t.unref();
        proc.kill('SIGTERM');
      });
    },
  };
}
