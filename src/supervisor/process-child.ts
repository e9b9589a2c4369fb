/** A forked OS process as a supervisor Child (cluster workers and NATS actor processes alike). */
import type { ChildProcess } from 'node:child_process';
import type { Child } from './supervisor.js';

/** Node flags for actor processes only, from LOGA_WORKER_EXEC_ARGV (e.g. --cpu-prof for bench/). */
export function actorExecArgv(): string[] {
  return (process.env.LOGA_WORKER_EXEC_ARGV ?? '').split(' ').filter((a) => a !== '');
}

/**
 * How late the exit of an actor that died of SIGINT is reported. A running
 * actor ignores SIGINT (src/actors/worker-main.ts, nats-worker-main.ts), so
 * it died of a terminal's Ctrl-C while it started, and the same keystroke
 * reached its supervisor, whose own SIGINT handling (die with the cursor
 * shown, or abandon the job) must come first: handled the other way round
 * (1 of 5 interrupted runs in a CI run), the supervisor restarted the actors
 * and logged 'child exited; restarting' for them on its way out.
 */
export const SIGINT_EXIT_DELAY_MS = 250;

/**
 * Wraps a child process. stop() sends SIGTERM (the process finishes or drains
 * and exits) and, as a backstop, SIGKILL after graceMs; it resolves on exit.
 */
export function processChild(proc: ChildProcess, graceMs: number): Child {
  let exited: { code: number | null; signal: string | null } | null = null;
  const exitCbs: ((code: number | null, signal: string | null) => void)[] = [];
  const report = (code: number | null, signal: string | null): void => {
    exited = { code, signal };
    for (const cb of exitCbs) cb(code, signal);
  };
  proc.on('exit', (code, signal) => {
    if (signal === 'SIGINT') setTimeout(() => report(code, signal), SIGINT_EXIT_DELAY_MS);
    else report(code, signal ?? null);
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
