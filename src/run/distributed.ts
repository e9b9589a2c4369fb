/**
 * The distributed run (`loga supervise`): the job runner served over NATS
 * instead of IPC. Work requests are answered with leases, heartbeats
 * tracked, the chunks of dead or silent workers reassigned, results consumed
 * from JetStream and merged once per chunk id, live metrics published on
 * `metrics.<job>.*` (the NATS sink of the observer). `workers: N` also forks
 * N local actor processes that join over NATS like any other worker. Returns
 * the same Summary as analyze().
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { checkCount, DEFAULT_CHUNK_SIZE, DEFAULT_LOG_LEVEL, DEFAULT_PREFIX, DEFAULT_SUPERVISE_WORKERS } from '../defaults.js';
import type { LiveProgress, MetricsSink } from '../observe/observer.js';
import type { Job } from '../supervisor/job.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../runtime.js';
import type { Summary } from '../supervisor/summary.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { startActorPool, type ActorPool } from '../transport/nats/actors.js';
import { connectNats, drainOrClose, messageLimit } from '../transport/nats/connect.js';
import { natsMetricsSink } from '../transport/nats/metrics-sink.js';
import { checkPrefix, checkToken, natsOptions, type NatsOptions } from '../transport/nats/options.js';
import { purgeJobResults } from '../transport/nats/stream.js';
import { serveNatsSupervisor } from '../transport/nats/supervisor.js';
import { resolveJobInputsWithStdin, type InputOptions } from './inputs.js';
import { stdinFeed } from './stdin.js';
import { startFollowing } from './follow.js';
import { newJobId, runJob, type ServeJob } from './job-runner.js';

/** How long nobody serves the job before "waiting for workers" is said, and then how often. */
export const WAITING_WARN_MS = 10_000;

export interface SuperviseOptions extends InputOptions {
  /** Local actor processes that join over NATS (default 0). */
  workers?: number;
  chunkSize?: number;
  /** Names everything of this run (subjects, consumer); default generated. */
  job?: string;
  /** Prefix of the loga.* subjects (default `loga`). */
  prefix?: string;
  /** Connection settings; default from the environment (natsOptions({})). */
  nats?: NatsOptions;
  log?: Logger;
  clock?: Clock;
  leaseMs?: number;
  heartbeatTimeoutMs?: number;
  /** Log level of local actor processes. */
  workerLogLevel?: string;
  /** Called twice a second; the note says "waiting for workers" when none is connected. */
  onProgress?: (p: LiveProgress, note: string) => void;
  /** Sees the job once it is served (tests use it to inject failures). */
  onStart?: (job: Job, ctx: { nc: NatsConnection; supervisor: Supervisor | null }) => void;
  /** Aborting gives up on the chunks not done (they are reported failed) and returns the summary. */
  signal?: AbortSignal;
  /** Keep the job's results in the stream after the run (default: purged once merged). */
  keepResults?: boolean;
  /** Largest message published by local actors (tests force gzip and parts with it). */
  maxMessage?: number;
  /** Follow the files as they grow until `follow.stop` aborts (src/run/follow.ts). */
  follow?: { stop: AbortSignal; sinceStart?: boolean };
  /** The summary so far, about once a second while results come (a follow's live view); not the final one. */
  onLiveSummary?: (s: Summary) => void;
  /**
   * Says "waiting for workers" (every WAITING_WARN_MS while no worker serves
   * the job) whatever the log level: the CLI writes it on stderr, even with
   * --quiet. Default: a warning in the log.
   */
  onWaiting?: (message: string) => void;
}

type Resolved = SuperviseOptions & { prefix: string; job: string; workers: number; nats: NatsOptions; log: Logger; clock: Clock };

/** `loga supervise`: checks the inputs, connects, and runs the job over NATS. */
export async function supervise(opts: SuperviseOptions): Promise<Summary> {
  const log = opts.log ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const workers = checkCount(opts.workers ?? DEFAULT_SUPERVISE_WORKERS, '--workers', 0);
  const prefix = checkPrefix(opts.prefix ?? DEFAULT_PREFIX);
  const jobId = checkToken(opts.job ?? newJobId(), '--job');
  const following = opts.follow !== undefined ? startFollowing(opts, opts.follow, log, 'supervise') : undefined;
  const { files, spool } = following !== undefined ? { files: following.follower.files, spool: undefined } : await resolveJobInputsWithStdin(opts);
  const nats = opts.nats ?? natsOptions({});
  let nc: NatsConnection;
  try {
    nc = await connectNats(nats, `loga supervise ${jobId}`, log);
  } catch (err) {
    await spool?.remove();
    following?.end();
    throw err;
  }
  const o: Resolved = { ...opts, prefix, job: jobId, workers, nats, log, clock };
  try {
    return await runJob(
      {
        job: jobId,
        files,
        chunkSize: opts.chunkSize ?? DEFAULT_CHUNK_SIZE,
        ...(spool !== undefined ? { feed: stdinFeed(files, spool, opts.chunkSize ?? DEFAULT_CHUNK_SIZE) } : {}),
        ...(following !== undefined ? { feed: (job: Job) => following.follower.feed(job) } : {}),
        // remote workers are not known in advance: the end is cut finer for at least two
        planWorkers: Math.max(2, workers),
        clock,
        log,
        leaseMs: opts.leaseMs,
        heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
        sinks: [
          natsMetricsSink({ nc, job: jobId, limit: messageLimit(nc), log }),
          waitingSink(o),
          ...(opts.onLiveSummary !== undefined ? [{ summary: (s: Summary) => (s.final ? undefined : opts.onLiveSummary?.(s)) }] : []),
        ],
        signal: opts.signal,
      },
      serveOverNats(nc, o),
    );
  } finally {
    await drainOrClose(nc);
    await spool?.remove();
    following?.end();
  }
}

/** The caller's progress callback, and a warning while no worker serves the job. */
function waitingSink(o: Resolved): MetricsSink {
  const say = waitingWarner(o.clock, `loga worker --id NAME --nats ${o.nats.url}${o.prefix === DEFAULT_PREFIX ? '' : ` --prefix ${o.prefix}`}`, (message, p) => {
    if (o.onWaiting !== undefined) o.onWaiting(message);
    else o.log.warn({ job: o.job, url: o.nats.url, done: `${p.chunks_done}/${p.chunks_total}` }, message);
  });
  return {
    progress(p) {
      o.onProgress?.(p, p.waiting ? 'waiting for workers' : '');
      say(p);
    },
  };
}

/**
 * Calls `warn` when no worker has served the job (none asked for work or
 * heartbeated) for WAITING_WARN_MS, and again every WAITING_WARN_MS while
 * none does; `start` is the command that starts one. Fed each progress.
 */
export function waitingWarner(clock: Clock, start: string, warn: (message: string, p: LiveProgress) => void): (p: LiveProgress) => void {
  let waitingSince = -1;
  let said = -1;
  return (p) => {
    if (!p.waiting) {
      waitingSince = -1;
      return;
    }
    const now = clock();
    if (waitingSince < 0) {
      waitingSince = now;
      said = now;
    }
    if (now - said < WAITING_WARN_MS) return;
    said = now;
    const s = Math.floor((now - waitingSince) / 1000);
    warn(`waiting for workers: none has asked for work for ${s} s (start one with: ${start})`, p);
  };
}

/** Serves the job on NATS subjects, with `workers` local actors joining over NATS. */
function serveOverNats(nc: NatsConnection, o: Resolved): ServeJob {
  return async ({ job, server, clock, log }) => {
    const transport = await serveNatsSupervisor(server, {
      nc,
      prefix: o.prefix,
      job: job.id,
      chunkOf: (id, token) => job.leasedChunk(id, token),
      log,
      isMerged: (c) => job.isMerged(c),
      pidOf: (w) => job.workers.get(w)?.pid,
      onRestart: (w) => {
        // a new process under the same id cannot hold the old one's lease
        job.noteRestart(w);
        job.workerLost(w, 'restarted (new pid)');
      },
      onResultsLost: (reason) => job.abandon(reason),
      secret: o.nats.secret,
    });
    let pool: ActorPool | null = null;
    if (o.workers > 0) {
      pool = startActorPool({
        ids: Array.from({ length: o.workers }, (_, i) => `${job.id}-w${i + 1}`),
        // these actors serve this job only: they exit when it is over
        config: { nats: o.nats, prefix: o.prefix, allow: null, logLevel: o.workerLogLevel ?? DEFAULT_LOG_LEVEL, maxMessage: o.maxMessage, exitOnStop: job.id },
        log,
        clock,
        onLost: (id, _lease, reason) => job.workerLost(id, `exited (${reason})`),
      });
      pool.supervisor.on('escalate', (reason) => job.abandon(`supervisor gave up: ${reason}`));
    }
    log.info({ job: job.id, chunks: job.chunkCounts().total, bytes: job.bytesTotal, prefix: o.prefix }, 'job started; waiting for workers on NATS');
    o.onStart?.(job, { nc, supervisor: pool?.supervisor ?? null });
    return {
      async close() {
        await pool?.stop();
        await transport.close();
        if (!o.keepResults) await purgeJobResults(nc, o.prefix, job.id).catch((err) => log.debug({ err: (err as Error).message }, 'results not purged'));
      },
    };
  };
}
