/**
 * `loga supervise`: the distributed run. The same Job and JobServer as the
 * embedded run (analyze.ts), served over NATS instead of IPC: work requests
 * are answered with leases, heartbeats tracked, the chunks of dead or silent
 * workers reassigned, results consumed from JetStream and merged once per
 * chunk id, live metrics published on `metrics.<job>.*`. `workers: N` also
 * forks N local actor processes that join over NATS like any other worker.
 * Returns the same Summary as analyze().
 */
import { UsageError } from '../errors.js';
import { resolveInputs } from './inputs.js';
import { newJobId } from './embedded.js';
import { DEFAULT_CHUNK_SIZE, MAX_WORKERS } from '../cli/values.js';
import type { FormatOption } from '../parsers/record.js';
import { Job, DEFAULT_HEARTBEAT_TIMEOUT_MS, type Progress } from '../supervisor/job.js';
import { JobServer } from '../supervisor/job-server.js';
import { planChunks, type PlannedFile } from '../supervisor/plan.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../supervisor/runtime.js';
import { buildSummary, type Summary } from '../supervisor/summary.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { serveNatsSupervisor } from '../transport/nats/supervisor.js';
import { purgeJobResults } from '../transport/nats/stream.js';
import { startActorPool, type ActorPool } from '../transport/nats/actors.js';
import { MetricsPublisher } from '../transport/nats/metrics-sink.js';
import { connectNats, drainOrClose, messageLimit } from '../transport/nats/connect.js';
import { checkPrefix, checkToken, DEFAULT_PREFIX, natsOptions, type NatsOptions } from '../transport/nats/options.js';
import type { NatsConnection } from '@nats-io/transport-node';

/** A worker heard from within this (heartbeats come every second) counts as connected. */
const ACTIVE_WINDOW_MS = 2000;
/** How often "waiting for workers" is logged while nobody serves the job. */
const WAITING_LOG_MS = 10_000;

export interface SuperviseOptions {
  files: readonly string[];
  format?: FormatOption;
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
  onProgress?: (p: Progress, note: string) => void;
  /** Sees the job once it is served (tests use it to inject failures). */
  onStart?: (job: Job, ctx: { nc: NatsConnection; supervisor: Supervisor | null }) => void;
  /** Aborting gives up on the chunks not done (they are reported failed) and returns the summary. */
  signal?: AbortSignal;
  /** Keep the job's results in the stream after the run (default: purged once merged). */
  keepResults?: boolean;
  /** Largest message published by local actors (tests force gzip and parts with it). */
  maxMessage?: number;
}

/** `loga supervise`: checks the inputs, connects, and runs the job over NATS. */
export async function supervise(opts: SuperviseOptions): Promise<Summary> {
  const log = opts.log ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const workers = opts.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS) {
    throw new UsageError(`--workers: must be a whole number from 0 to ${MAX_WORKERS}, got ${workers}`);
  }
  const prefix = checkPrefix(opts.prefix ?? DEFAULT_PREFIX);
  const jobId = checkToken(opts.job ?? newJobId(), '--job');
  const files = resolveInputs(opts.files, opts.format ?? 'auto');
  const nats = opts.nats ?? natsOptions({});
  const nc = await connectNats(nats, `loga supervise ${jobId}`, log);
  try {
    return await runJob(nc, files, { ...opts, prefix, job: jobId, workers, nats, log, clock });
  } finally {
    await drainOrClose(nc);
  }
}

type Resolved = SuperviseOptions & { prefix: string; job: string; workers: number; nats: NatsOptions; log: Logger; clock: Clock };

async function runJob(nc: NatsConnection, files: PlannedFile[], opts: Resolved): Promise<Summary> {
  const { log, clock } = opts;
  const started = Date.now();
  // remote workers are not known in advance: the end is cut finer for at least two
  const chunks = planChunks(files, opts.chunkSize ?? DEFAULT_CHUNK_SIZE, Math.max(2, opts.workers));
  const heartbeatTimeoutMs = opts.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const job = new Job({ job: opts.job, chunks, clock, log, leaseMs: opts.leaseMs, heartbeatTimeoutMs });
  if (chunks.length === 0) return buildSummary(job, files, Date.now() - started, true);
  const server = new JobServer(job, log);

  const transport = await serveNatsSupervisor(server, {
    nc,
    prefix: opts.prefix,
    job: job.id,
    chunkOf: (id) => job.chunk(id),
    log,
    isMerged: (c) => job.isMerged(c),
    pidOf: (w) => job.workers.get(w)?.pid,
    onRestart: (w) => {
      // a new process under the same id cannot hold the old one's lease
      job.noteRestart(w);
      job.workerLost(w, 'restarted (new pid)');
    },
  });

  const activeWorkers = (): number => {
    const now = clock();
    let n = 0;
    for (const w of job.workers.values()) if (w.alive && now - w.lastSeen <= ACTIVE_WINDOW_MS) n++;
    return n;
  };
  let waitingSince = 0;
  let waitingLogged = 0;
  const metrics = new MetricsPublisher({
    nc,
    job,
    files,
    started,
    limit: messageLimit(nc),
    log,
    activeWorkers,
    onProgress: (p, note) => {
      opts.onProgress?.(p, note);
      const now = Date.now();
      if (note === '') {
        waitingSince = 0;
        return;
      }
      if (waitingSince === 0) waitingSince = now;
      if (now - waitingSince >= 2000 && now - waitingLogged >= WAITING_LOG_MS) {
        waitingLogged = now;
        log.warn(
          { job: job.id, url: opts.nats.url, done: `${p.chunks_done}/${p.chunks_total}` },
          `waiting for workers: none connected (start one with: loga worker --id NAME --nats ${opts.nats.url}${opts.prefix === DEFAULT_PREFIX ? '' : ` --prefix ${opts.prefix}`})`,
        );
      }
    },
  }).start();

  let pool: ActorPool | null = null;
  if (opts.workers > 0) {
    pool = startActorPool({
      ids: Array.from({ length: opts.workers }, (_, i) => `${job.id}-w${i + 1}`),
      // these actors serve this job only: they exit when it is over
      config: { nats: opts.nats, prefix: opts.prefix, allow: null, logLevel: opts.workerLogLevel ?? 'warn', maxMessage: opts.maxMessage, exitOnStop: job.id },
      log,
      clock,
      onLost: (id, _lease, reason) => job.workerLost(id, `exited (${reason})`),
    });
    pool.supervisor.on('escalate', (reason) => job.abandon(`supervisor gave up: ${reason}`));
  }

  const finished = new Promise<void>((resolve) => {
    if (job.finished) resolve();
    else job.once('done', () => resolve());
  });
  const onAbort = (): void => {
    if (!job.finished) {
      log.warn({ job: job.id }, 'interrupted: giving up on the chunks not done');
      job.abandon('interrupted');
    }
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  log.info({ job: job.id, chunks: chunks.length, bytes: job.bytesTotal, prefix: opts.prefix }, 'job started; waiting for workers on NATS');
  opts.onStart?.(job, { nc, supervisor: pool?.supervisor ?? null });

  let summary: Summary;
  try {
    await finished;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    metrics.stop();
    summary = buildSummary(job, files, Date.now() - started, true);
    await metrics.finish(summary);
    server.close();
    await pool?.stop();
    await transport.close();
    if (!opts.keepResults) await purgeJobResults(nc, opts.prefix, job.id).catch((err) => log.debug({ err: (err as Error).message }, 'results not purged'));
  }
  return summary;
}
