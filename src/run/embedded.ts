/**
 * The embedded run: a supervisor in this process and local worker actors as
 * `cluster` processes over IPC (or, for tests, in-process actors). Plans the
 * chunks, serves them, merges results as they arrive, restarts crashed actors
 * (one-for-one, restart intensity) and returns the summary.
 */
import { releasePreforked, WORKER_MAIN } from '../actors/prefork.js';
import { UsageError } from '../errors.js';
import { resolveInputs } from './inputs.js';
import { DEFAULT_CHUNK_SIZE, defaultWorkers, MAX_WORKERS } from '../cli/values.js';
import type { FormatOption } from '../parsers/record.js';
import { Job, type Progress } from '../supervisor/job.js';
import { JobServer } from '../supervisor/job-server.js';
import { planChunks, type PlannedFile } from '../supervisor/plan.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../supervisor/runtime.js';
import { buildSummary, type Summary } from '../supervisor/summary.js';
import { Supervisor, type Child, type ChildSpec } from '../supervisor/supervisor.js';
import { forkIpcActor } from '../transport/ipc.js';
import type { SupervisorHandlers } from '../transport/port.js';

export interface AnalyzeOptions {
  files: readonly string[];
  format?: FormatOption;
  workers?: number;
  chunkSize?: number;
  job?: string;
  /** 'cluster' (default): processes over IPC; 'inprocess': actors in this process (tests). */
  actors?: 'cluster' | 'inprocess';
  log?: Logger;
  clock?: Clock;
  leaseMs?: number;
  heartbeatTimeoutMs?: number;
  /** Log level passed to worker processes. */
  workerLogLevel?: string;
  onProgress?: (p: Progress) => void;
  /** Sees the job and the supervisor once started (tests use it to inject failures). */
  onStart?: (job: Job, supervisor: Supervisor) => void;
  /** The final summary as soon as the job is done, while the actors still stop (the CLI prints it then). */
  onSummary?: (s: Summary) => void;
}

export function newJobId(): string {
  // Math.random, not crypto: loading node:crypto cost the supervisor's start-up ~3–15 ms
  const suffix = Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0');
  return `job-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${suffix}`;
}

function inProcessActor(id: string, handlers: SupervisorHandlers, log: Logger): Child {
  const abort = new AbortController();
  const cbs: ((code: number | null, signal: string | null) => void)[] = [];
  let exit: [number | null, string | null] | null = null;
  // loaded here: the actor and its parsers are the worker processes' code, not the supervisor's
  const done = Promise.all([import('../actors/worker.js'), import('../transport/local.js')])
    .then(([{ runWorkerActor }, { LocalWorkerPort }]) => runWorkerActor(new LocalWorkerPort(handlers), { id, log, signal: abort.signal }))
    .then(
      () => [0, null] as [number, null],
      (err) => {
        log.error({ child: id, err }, 'in-process actor crashed');
        return [1, null] as [number, null];
      },
    );
  void done.then((e) => {
    exit = e;
    for (const cb of cbs) cb(e[0], e[1]);
  });
  return {
    pid: process.pid,
    onExit(cb) {
      if (exit !== null) cb(exit[0], exit[1]);
      else cbs.push(cb);
    },
    async stop() {
      abort.abort();
      await done;
    },
  };
}

/** Runs a job over already-checked inputs. */
export async function runEmbedded(files: PlannedFile[], opts: AnalyzeOptions): Promise<Summary> {
  const log = opts.log ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const workers = opts.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new UsageError(`--workers: must be a whole number from 1 to ${MAX_WORKERS}, got ${workers}`);
  }
  const started = Date.now();
  const chunks = planChunks(files, opts.chunkSize ?? DEFAULT_CHUNK_SIZE, workers);
  const job = new Job({
    job: opts.job ?? newJobId(),
    chunks,
    clock,
    log,
    leaseMs: opts.leaseMs,
    heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
  });
  if (chunks.length === 0) return buildSummary(job, files, Date.now() - started, true);
  const server = new JobServer(job, log);
  const env: Record<string, string> = { LOGA_LOG_LEVEL: opts.workerLogLevel ?? 'warn' };
  const count = Math.min(workers, chunks.length);
  const specs: ChildSpec[] = Array.from({ length: count }, (_, i) => {
    const id = `w${i + 1}`;
    return {
      id,
      restart: 'transient',
      start: () => (opts.actors === 'inprocess' ? inProcessActor(id, server, log) : forkIpcActor(id, { exec: WORKER_MAIN, env }, server, log)),
    };
  });
  const supervisor = new Supervisor(specs, { clock, log });
  // an actor that exits, however it ends (a SIGTERM from outside exits it with 0), gives back the lease it held
  supervisor.on('exit', (id, code, signal) => job.workerLost(id, `exited (${signal ?? `code ${code}`})`));
  supervisor.on('restart', (id) => job.noteRestart(id));
  // a local actor that stops heartbeating is hung (its lease is already released):
  // kill it, and the supervisor restarts it like any crashed child
  job.on('silent', (id, ms) => {
    const pid = supervisor.pidOf(id);
    if (pid === undefined || pid === process.pid) return;
    log.warn({ child: id, pid, silent_ms: ms }, 'local actor silent: killing it to restart it');
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  supervisor.on('escalate', (reason) => job.abandon(`supervisor gave up: ${reason}`));
  const finished = new Promise<void>((resolve) => {
    if (job.finished) resolve();
    else job.once('done', () => resolve());
  });
  const progressTimer = opts.onProgress
    ? setInterval(() => opts.onProgress?.(job.progress()), 200)
    : undefined;
  supervisor.start();
  releasePreforked(); // actors forked at start-up beyond `count`
  opts.onStart?.(job, supervisor);
  let summary: Summary | undefined;
  try {
    await finished;
    if (progressTimer) clearInterval(progressTimer);
    opts.onProgress?.(job.progress());
    summary = buildSummary(job, files, Date.now() - started, true);
    opts.onSummary?.(summary);
  } finally {
    if (progressTimer) clearInterval(progressTimer);
    server.close();
    // the actors exit on the stop replies; waiting for them took 7-10 ms
    await supervisor.stop();
  }
  return summary;
}

/** `loga analyze`: checks the inputs, then runs the embedded job. */
export async function analyze(opts: AnalyzeOptions): Promise<Summary> {
  const files = resolveInputs(opts.files, opts.format ?? 'auto');
  return runEmbedded(files, opts);
}
