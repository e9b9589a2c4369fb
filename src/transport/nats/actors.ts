/**
 * Local worker actor processes of the distributed mode (`supervise --workers N`,
 * `worker --concurrency N`). Each is a forked process, like the embedded
 * mode's, but it connects to NATS itself (actors/nats-worker-main.ts) and talks
 * the NATS protocol directly: the same actor, the NATS WorkerPort. The IPC
 * channel to its parent only carries bookkeeping: the lease it holds (so a
 * crashed actor's lease is given back at once) and its resource use.
 *
 * child_process.fork, not cluster.fork: a cluster worker exits the moment its
 * primary's IPC channel closes, before it could give its lease back; a plain
 * fork lets the actor tell the job's supervisor first (see nats-worker-main).
 *
 * They run under a Supervisor (one-for-one, restart intensity): a crashed
 * actor is restarted under the same id.
 */
import { fork } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { DEFAULT_GRACE_MS, DEFAULT_HEARTBEAT_TIMEOUT_MS } from '../../defaults.js';
import type { Clock, Logger } from '../../runtime.js';
import { systemClock } from '../../runtime.js';
import { Supervisor, type Child, type ChildSpec } from '../../supervisor/supervisor.js';
import { actorExecArgv, processChild } from '../../supervisor/process-child.js';
import type { LeaseInfo } from './worker-port.js';
import type { NatsOptions } from './options.js';
import { NATS_WORKER_MAIN as ACTOR_MAIN } from '../../package-files.js';


/** What an actor process needs; passed in its environment as LOGA_ACTOR_CONFIG. */
export interface ActorConfig {
  nats: NatsOptions;
  prefix: string;
  /** Real paths of the only roots it may read; null: no restriction. */
  allow: string[] | null;
  logLevel: string;
  readSize?: number;
  maxMessage?: number;
  /** Exit when this job's supervisor says it is over (`supervise --workers N`); a worker node's actors keep serving. */
  exitOnStop?: string;
}

/** The resource use an actor reports to its parent with every heartbeat. */
export interface ActorStats {
  worker: string;
  pid: number;
  rss_mb: number;
  cpu_pct: number;
  chunks: number;
  bytes: number;
}

/** Messages on an actor's IPC channel to its parent. */
export type ActorNote = { loga: 'ready' } | { loga: 'lease'; lease: LeaseInfo | null } | { loga: 'stats'; stats: ActorStats };

function isNote(m: unknown): m is ActorNote {
  const kind = typeof m === 'object' && m !== null ? (m as { loga?: unknown }).loga : undefined;
  return kind === 'ready' || kind === 'lease' || kind === 'stats';
}

interface ActorHooks {
  onReady(): void;
  onLease(lease: LeaseInfo | null): void;
  onStats(stats: ActorStats): void;
}

/** Forks one actor process: a supervisor Child. */
/**
 * glibc's mmap threshold for the actor, fixed at 128 KiB: a shipped slice is
 * a 512 KiB buffer, and once one was freed glibc raised the threshold and
 * served the next from its heap, which it kept (fragmented) rather than
 * return. Measured on a 100 MB file shipped to one actor: peak RSS 107-113
 * MB; 102 with a GC every 16 MB shipped (src/actors/collect-garbage.ts);
 * 95 with both (an actor reading the file itself: 62); with a GC every 4 MB,
 * 80-84 MB shipping 256 MiB (src/actors/worker.ts). Ignored by other C
 * libraries; the environment's own value wins.
 */
const SHIPPING_MMAP_THRESHOLD = '131072';

export function forkNatsActor(id: string, config: ActorConfig, hooks: ActorHooks, log: Logger, graceMs = DEFAULT_GRACE_MS): Child {
  const worker = fork(ACTOR_MAIN, [], {
    env: { MALLOC_MMAP_THRESHOLD_: SHIPPING_MMAP_THRESHOLD, ...process.env, LOGA_WORKER_ID: id, LOGA_ACTOR_CONFIG: JSON.stringify(config) },
    execArgv: actorExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  worker.on('message', (m: unknown) => {
    if (!isNote(m)) return;
    if (m.loga === 'ready') hooks.onReady();
    else if (m.loga === 'lease') hooks.onLease(m.lease);
    else hooks.onStats(m.stats);
  });
  worker.on('error', (err) => log.warn({ child: id, err: err.message }, 'actor process error'));
  // SIGTERM drains (the actor finishes its chunk); SIGKILL after graceMs is the backstop
  return processChild(worker, graceMs);
}

export interface ActorPoolOptions {
  ids: readonly string[];
  config: ActorConfig;
  log: Logger;
  clock?: Clock;
  intensity?: number;
  periodMs?: number;
  graceMs?: number;
  /** An actor exited abnormally; `lease` is what it held (give it back). */
  onLost(id: string, lease: LeaseInfo | null, reason: string): void;
  onStats?(stats: ActorStats): void;
}

export interface ActorPool {
  readonly supervisor: Supervisor;
  /** Resolves once every actor has connected to NATS (at least once). */
  ready(): Promise<void>;
  leaseOf(id: string): LeaseInfo | null;
  stop(): Promise<void>;
}

/** An actor silent this long is hung (SPEC §6: lost heartbeats for 3 s). */
const HUNG_MS = DEFAULT_HEARTBEAT_TIMEOUT_MS;
const WATCHDOG_MS = 250;

/** Starts the actors under a one-for-one Supervisor. */
export function startActorPool(o: ActorPoolOptions): ActorPool {
  const clock = o.clock ?? systemClock;
  const leases = new Map<string, LeaseInfo | null>();
  /** When each actor last reported (its stats come with every heartbeat). */
  const lastSeen = new Map<string, number>();
  const connected = new Set<string>();
  let wake: (() => void) | null = null;
  const specs: ChildSpec[] = o.ids.map((id) => ({
    id,
    restart: 'transient',
    start: () =>
      forkNatsActor(
        id,
        o.config,
        {
          onReady: () => {
            lastSeen.set(id, clock());
            connected.add(id);
            if (connected.size === o.ids.length) wake?.();
          },
          onLease: (l) => {
            lastSeen.set(id, clock());
            leases.set(id, l);
          },
          onStats: (s) => {
            lastSeen.set(id, clock());
            o.onStats?.(s);
          },
        },
        o.log,
        o.graceMs,
      ),
  }));
  const supervisor = new Supervisor(specs, { clock, log: o.log, intensity: o.intensity, periodMs: o.periodMs });
  supervisor.on('exit', (id, code, signal) => {
    const lease = leases.get(id) ?? null;
    leases.set(id, null);
    if (code !== 0 || signal !== null) o.onLost(id, lease, signal ?? `code ${code}`);
  });
  // an actor reports with every heartbeat (each second, busy or idle): one
  // silent for HUNG_MS is hung. Kill it; the exit gives its lease back
  // (onLost) and the supervisor restarts it
  const watchdog = setInterval(() => {
    const now = clock();
    for (const id of o.ids) {
      const seen = lastSeen.get(id);
      const pid = supervisor.pidOf(id);
      if (seen === undefined || pid === undefined || now - seen <= HUNG_MS) continue;
      o.log.warn({ actor: id, pid, silent_ms: now - seen, lease: leases.get(id) ?? null }, 'actor silent: killing it to restart it');
      lastSeen.delete(id);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, WATCHDOG_MS);
  watchdog.unref();
  supervisor.start();
  return {
    supervisor,
    ready: () =>
      connected.size === o.ids.length
        ? Promise.resolve()
        : new Promise<void>((r) => {
            const prev = wake;
            wake = () => {
              prev?.();
              r();
            };
          }),
    leaseOf: (id) => leases.get(id) ?? null,
    stop: () => {
      clearInterval(watchdog);
      // drain every actor at once (SIGTERM only asks: each finishes its chunk); the supervisor then waits in reverse order
      for (const id of o.ids) {
        const pid = supervisor.pidOf(id);
        if (pid !== undefined) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // already gone
          }
        }
      }
      return supervisor.stop();
    },
  };
}

/** `--allow`: a path is read only if its real path lies under one of the roots. */
export function allowCheck(roots: readonly string[]): (path: string) => string | null {
  return (path) => {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (err) {
      // missing here (another machine): the open fails too and the bytes are shipped
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      return `cannot resolve ${path}: ${(err as Error).message}`;
    }
    for (const root of roots) {
      if (real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
    }
    return `${real === path ? path : `${path} (really ${real})`} is outside the allowed roots (${roots.join(', ')})`;
  };
}
