/**
 * Local worker actors started before the command line is even loaded.
 *
 * A worker actor is a Node process: about 0.1 s from fork to its first work
 * request. `loga analyze` forks them first thing (src/cli.ts, through
 * src/cli/prefork-argv.ts), from a quick look at argv, so their start-up
 * overlaps with loading the rest of loga in the supervisor; the supervisor
 * then adopts them instead of forking (see forkIpcActor). Messages they send before adoption are kept and handed over.
 * Anything not adopted — fewer chunks than actors, an argument error, other
 * settings than guessed — is killed by releasePreforked().
 */
import cluster, { type Worker } from 'node:cluster';
import { actorExecArgv } from '../supervisor/process-child.js';
import { WORKER_MAIN } from '../package-files.js';

export { WORKER_MAIN };


interface Preforked {
  worker: Worker;
  env: Record<string, string>;
  queued: unknown[];
  keep: (m: unknown) => void;
}

const pool = new Map<string, Preforked>();

/** Forks `count` actors (ids w1..wN) running WORKER_MAIN with this environment, to be adopted by forkIpcActor. */
export function prefork(count: number, env: Record<string, string>): void {
  cluster.setupPrimary({ exec: WORKER_MAIN, args: [], execArgv: actorExecArgv(), silent: false });
  for (let i = 1; i <= count; i++) {
    const id = `w${i}`;
    const worker = cluster.fork({ ...env, LOGA_WORKER_ID: id });
    const entry: Preforked = { worker, env, queued: [], keep: (m) => entry.queued.push(m) };
    worker.on('message', entry.keep);
    // until adopted, an actor must not keep this process alive (an argument error ends it at once)
    worker.process.channel?.unref();
    worker.process.unref();
    pool.set(id, entry);
  }
}

/**
 * The preforked actor `id`, if it runs WORKER_MAIN with this environment and
 * is alive. `replay()`, called once the caller listens, re-emits the messages
 * it sent so far.
 */
export function adoptPreforked(id: string, exec: string, env: Record<string, string>): { worker: Worker; replay: () => void } | undefined {
  const entry = pool.get(id);
  if (entry === undefined) return undefined;
  pool.delete(id);
  const { worker } = entry;
  const same = exec === WORKER_MAIN && Object.keys(env).length === Object.keys(entry.env).length && Object.entries(env).every(([k, v]) => entry.env[k] === v);
  if (!same || worker.isDead() || !worker.isConnected()) {
    worker.process.kill('SIGKILL');
    return undefined;
  }
  worker.off('message', entry.keep);
  worker.process.channel?.ref();
  worker.process.ref();
  return {
    worker,
    replay: () => {
      for (const m of entry.queued) worker.emit('message', m);
      entry.queued.length = 0;
    },
  };
}

/** Kills the preforked actors nobody adopted. */
export function releasePreforked(): void {
  for (const { worker } of pool.values()) worker.process.kill('SIGKILL');
  pool.clear();
}
