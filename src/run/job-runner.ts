/**
 * One job's lifecycle, the same for the embedded and the distributed run:
 * plan the chunks, make the Job and its JobServer, serve them through a
 * transport, feed the metrics observer, wait until every chunk is merged or
 * failed (or the job is interrupted, or a supervisor escalates and abandons
 * it), then the final summary to the sinks and the caller, and close
 * everything in order: the server (parked requests answered `stop`), then
 * the transport and the actors it started.
 */
import { MetricsObserver, type MetricsSink } from '../observe/observer.js';
import { Job } from '../supervisor/job.js';
import { JobServer } from '../supervisor/job-server.js';
import { planChunks, type PlannedFile } from '../supervisor/plan.js';
import type { Clock, Logger } from '../runtime.js';
import { buildSummary, type Summary } from '../supervisor/summary.js';
import { emptyFiles, unreadFiles, unreadMessage } from '../supervisor/unread-files.js';
import type { SupervisorTransport } from '../protocol/ports.js';

export interface JobSpec {
  job: string;
  files: readonly PlannedFile[];
  chunkSize: number;
  /** Workers the plan cuts the job's end finer for (planChunks). */
  planWorkers: number;
  clock: Clock;
  log: Logger;
  leaseMs?: number;
  heartbeatTimeoutMs?: number;
  /** The observer's sinks (a progress bar, the NATS publisher). */
  sinks?: readonly MetricsSink[];
  progressMs?: number;
  /** Aborting gives up on the chunks not done (they are reported failed); the summary still comes. */
  signal?: AbortSignal;
  /** The final summary as soon as the job is done, before the transport closes (the CLI prints it then). */
  onSummary?: (s: Summary) => void;
  /** Chunks that come while the job runs (standard input: src/run/stdin.ts): the plan is open until feed closes it. */
  feed?: (job: Job) => Promise<void>;
}

/** What a transport gets to serve the job. */
export interface JobContext {
  job: Job;
  server: JobServer;
  observer: MetricsObserver;
  clock: Clock;
  log: Logger;
}

/** Serves the job's server through a transport (and starts the actors it needs). */
export type ServeJob = (ctx: JobContext) => Promise<SupervisorTransport>;

export function newJobId(): string {
  // Math.random, not crypto: loading node:crypto cost the supervisor's start-up ~3–15 ms
  const suffix = Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0');
  return `job-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${suffix}`;
}

export async function runJob(spec: JobSpec, serve: ServeJob): Promise<Summary> {
  const { clock, log, files } = spec;
  const started = clock();
  const chunks = planChunks(files, spec.chunkSize, spec.planWorkers);
  const job = new Job({ job: spec.job, chunks, clock, log, leaseMs: spec.leaseMs, heartbeatTimeoutMs: spec.heartbeatTimeoutMs, open: spec.feed !== undefined });
  const observer = new MetricsObserver({ job, files, clock, started, progressMs: spec.progressMs });
  for (const s of spec.sinks ?? []) observer.attach(s);
  const end = async (): Promise<Summary> => {
    const summary = buildSummary(job, files, clock() - started, true);
    for (const u of unreadFiles(job, files)) log.warn({ file: u.path, format: u.format, malformed: u.malformed, lines: u.lines }, unreadMessage(u));
    for (const e of emptyFiles(job, files, new Set(summary.failed_chunks.map((c) => c.path)))) log.warn({ file: e.path }, e.message);
    observer.finish(summary);
    spec.onSummary?.(summary);
    await observer.close();
    return summary;
  };
  if (chunks.length === 0 && spec.feed === undefined) return end();

  const server = new JobServer(job, log);
  const finished = new Promise<void>((resolve) => {
    if (job.finished) resolve();
    else job.once('done', () => resolve());
  });
  const onAbort = (): void => {
    if (job.finished) return;
    log.warn({ job: job.id }, 'interrupted: giving up on the chunks not done');
    job.abandon('interrupted');
  };
  let transport: SupervisorTransport | undefined;
  try {
    transport = await serve({ job, server, observer, clock, log });
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });
    observer.start();
    const feeding = spec.feed?.(job).catch((err: unknown) => log.error({ err }, `reading the input stream failed: ${(err as Error).message}`));
    await finished;
    await feeding;
    return await end();
  } finally {
    spec.signal?.removeEventListener('abort', onAbort);
    observer.stop();
    server.close();
    await transport?.close();
  }
}
