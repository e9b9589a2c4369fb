/**
 * `loga worker`: a worker node that serves supervisors over NATS until
 * stopped. It runs `concurrency` actor processes (transport/nats/actors.ts) under its
 * own Supervisor (one-for-one, restart intensity): a crashed actor is
 * restarted and its lease given back to the job's supervisor at once (a
 * `failed` message). Actors read only under the `allow` roots (real paths);
 * a chunk outside them, or missing here, is fetched from the supervisor.
 *
 * With one actor, the actor's id is the node's id; with more, `<id>-1`,
 * `<id>-2`… and the node publishes their sum on `metrics.workers.<id>`
 * every second (each actor also publishes its own).
 */
import { realpathSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { checkCount, DEFAULT_CONCURRENCY, DEFAULT_LOG_LEVEL, DEFAULT_PREFIX } from '../defaults.js';
import { UsageError } from '../errors.js';
import { ResourceMeter } from '../actors/resource-meter.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../runtime.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { sendFailed } from '../transport/nats/worker-port.js';
import { startActorPool, type ActorStats } from '../transport/nats/actors.js';
import { connectNats, drainOrClose } from '../transport/nats/connect.js';
import { checkPrefix, checkToken, natsOptions, subjects, tokenOf, type NatsOptions } from '../transport/nats/options.js';
import { signerOf } from '../transport/nats/signing.js';

export interface WorkerNodeOptions {
  /** Default: `<host>-<pid>`. */
  id?: string;
  nats?: NatsOptions;
  prefix?: string;
  /** Actor processes (default 1). */
  concurrency?: number;
  /** The only roots read (default: the working directory). */
  allow?: readonly string[];
  log?: Logger;
  clock?: Clock;
  actorLogLevel?: string;
  readSize?: number;
  /** Restart intensity of the node's supervisor (default 5 in 10 s). */
  intensity?: number;
  periodMs?: number;
  /** How long a stopping actor may take to finish its chunk (default 30 s). */
  graceMs?: number;
  /** Largest message an actor publishes (tests force gzip and parts with it). */
  maxMessage?: number;
}

export interface WorkerNode {
  readonly id: string;
  readonly actorIds: readonly string[];
  readonly supervisor: Supervisor;
  /** Resolves once every actor has connected to NATS. */
  ready(): Promise<void>;
  /** Pid of an actor process (tests kill them). */
  pidOf(actorId: string): number | undefined;
  /** Settles when the node has stopped: resolves after stop(), rejects if its supervisor gave up. */
  readonly done: Promise<void>;
  /** Drains: actors finish their chunk, then exit; the connection is drained. */
  stop(): Promise<void>;
}

function allowRoots(dirs: readonly string[]): string[] {
  return dirs.map((d) => {
    try {
      const real = realpathSync(resolve(d));
      if (!statSync(real).isDirectory()) throw new UsageError(`--allow: '${d}' is not a directory`);
      return real;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`--allow: cannot use '${d}': ${(err as Error).message}`, { cause: err });
    }
  });
}

export async function startWorker(opts: WorkerNodeOptions = {}): Promise<WorkerNode> {
  const log = opts.log ?? silentLogger;
  const id = checkToken(opts.id ?? `${tokenOf(hostname())}-${process.pid}`, '--id');
  const prefix = checkPrefix(opts.prefix ?? DEFAULT_PREFIX);
  const concurrency = checkCount(opts.concurrency ?? DEFAULT_CONCURRENCY, '--concurrency', 1);
  const allow = allowRoots(opts.allow ?? [process.cwd()]);
  const nats = opts.nats ?? natsOptions({});
  const nc: NatsConnection = await connectNats(nats, `loga worker ${id}`, log);
  const s = subjects(prefix);
  const actorIds = concurrency === 1 ? [id] : Array.from({ length: concurrency }, (_, i) => `${id}-${i + 1}`);

  const stats = new Map<string, ActorStats>();
  const pool = startActorPool({
    ids: actorIds,
    config: { nats, prefix, allow, logLevel: opts.actorLogLevel ?? DEFAULT_LOG_LEVEL, readSize: opts.readSize, maxMessage: opts.maxMessage },
    log,
    clock: opts.clock ?? systemClock,
    intensity: opts.intensity,
    periodMs: opts.periodMs,
    graceMs: opts.graceMs,
    onStats: (st) => stats.set(st.worker, st),
    onLost: (actor, lease, reason) => {
      stats.delete(actor);
      if (lease === null) return;
      log.warn({ actor, job: lease.job, chunk: lease.chunk, reason }, 'actor died holding a lease; giving it back');
      void sendFailed(nc, s, {
        type: 'failed',
        job: lease.job,
        chunk: lease.chunk,
        attempt: lease.attempt,
        token: lease.token,
        worker: actor,
        reason: 'error',
        message: `actor ${actor} exited (${reason})`,
      }, signerOf(nats.secret));
    },
  });
  pool.supervisor.on('restart', (actor, count) => log.warn({ actor, restarts: count }, 'actor restarted'));
  log.info({ id, actors: actorIds, prefix, allow, url: nats.url }, 'worker serving supervisors');

  // the node's own line on metrics.workers.<id> when its actors have ids of their own
  const meter = new ResourceMeter();
  const metricsTimer =
    concurrency > 1
      ? setInterval(() => {
          const own = meter.sample();
          const actors = [...stats.values()];
          const sum = (f: (a: ActorStats) => number): number => Math.round(actors.reduce((n, a) => n + f(a), 0) * 10) / 10;
          try {
            nc.publish(
              s.metricsWorker(id),
              JSON.stringify({
                worker: id,
                pid: process.pid,
                host: hostname(),
                rss_mb: Math.round((own.rss_mb + sum((a) => a.rss_mb)) * 10) / 10,
                cpu_pct: Math.round((own.cpu_pct + sum((a) => a.cpu_pct)) * 10) / 10,
                chunks: sum((a) => a.chunks),
                bytes: sum((a) => a.bytes),
                actors,
                ts: Date.now(),
              }),
            );
          } catch {
            // closing
          }
        }, 1000)
      : null;
  metricsTimer?.unref();

  let stopping: Promise<void> | null = null;
  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const done = new Promise<void>((res, rej) => {
    settle = { resolve: res, reject: rej };
  });
  done.catch(() => {}); // a caller that never looks at `done` must not crash on it
  const shutdown = async (): Promise<void> => {
    if (metricsTimer !== null) clearInterval(metricsTimer);
    await pool.stop();
    await drainOrClose(nc);
  };
  pool.supervisor.on('escalate', (reason) => {
    log.error({ id, reason }, 'actors restart too often; the worker stops');
    void shutdown().then(() => settle.reject(new Error(`worker ${id} stopped: its actors restarted too often (${reason})`)));
  });

  return {
    id,
    actorIds,
    supervisor: pool.supervisor,
    pidOf: (actor) => pool.supervisor.pidOf(actor),
    ready: () => pool.ready(),
    done,
    stop() {
      stopping ??= shutdown().then(() => settle.resolve());
      return stopping;
    },
  };
}
