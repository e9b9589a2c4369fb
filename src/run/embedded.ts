/**
 * The embedded run (`loga analyze`): the job runner with the supervisor in
 * this process and local worker actors as `cluster` processes over IPC (or,
 * for tests, in-process actors), under a Supervisor: a crashed actor is
 * restarted (one-for-one, restart intensity), a hung one killed and
 * restarted, and the job abandoned if the supervisor gives up.
 */
import { releasePreforked, WORKER_MAIN } from '../transport/prefork.js';
import { checkCount, DEFAULT_CHUNK_SIZE, DEFAULT_LOG_LEVEL, defaultWorkers } from '../defaults.js';
import type { Job, Progress } from '../supervisor/job.js';
import type { PlannedFile } from '../supervisor/plan.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../runtime.js';
import type { Summary } from '../supervisor/summary.js';
import type { LiveProgress } from '../observe/observer.js';
import { Supervisor, type ChildSpec } from '../supervisor/supervisor.js';
import { forkIpcActor } from '../transport/ipc.js';
import { startInProcessActor } from './in-process-actor.js';
import { resolveJobInputsWithStdin, type InputOptions } from './inputs.js';
import { stdinFeed } from './stdin.js';
import { startFollowing } from './follow.js';
import { newJobId, runJob, type ServeJob } from './job-runner.js';

/** The bar redraws 5 times a second: progress every 200 ms keeps it moving. */
const PROGRESS_MS = 200;

export interface AnalyzeOptions extends InputOptions {
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
  /**
   * Follow the files as they grow (src/run/follow.ts) until `follow.stop`
   * aborts; `sinceStart` reads what they hold first.
   */
  follow?: { stop: AbortSignal; sinceStart?: boolean };
  /** The summary so far, about once a second while results come (a follow's live view); not the final one. */
  onLiveSummary?: (s: Summary) => void;
}

/** Serves a job to local actors under a Supervisor. */
function serveLocally(workers: number, opts: AnalyzeOptions): ServeJob {
  return async ({ job, server, clock, log }) => {
    const env: Record<string, string> = { LOGA_LOG_LEVEL: opts.workerLogLevel ?? DEFAULT_LOG_LEVEL };
    // an open plan (a stream) has its chunks still to come
    const count = job.isOpen ? workers : Math.min(workers, job.chunkCounts().total);
    const specs: ChildSpec[] = Array.from({ length: count }, (_, i) => {
      const id = `w${i + 1}`;
      return {
        id,
        restart: 'transient',
        start: () => (opts.actors === 'inprocess' ? startInProcessActor(id, server, log) : forkIpcActor(id, { exec: WORKER_MAIN, env }, server, log)),
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
    supervisor.start();
    releasePreforked(); // actors forked at start-up beyond `count`
    opts.onStart?.(job, supervisor);
    // the actors exit on the stop replies; waiting for them took 7-10 ms
    return { close: () => supervisor.stop() };
  };
}

/** Runs a job over already-checked inputs (files whose format is known). */
export function runEmbedded(files: PlannedFile[], opts: AnalyzeOptions, feed?: (job: Job) => Promise<void>): Promise<Summary> {
  const workers = checkCount(opts.workers ?? defaultWorkers(), '--workers', 1);
  const onProgress = opts.onProgress;
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  return runJob(
    {
      job: opts.job ?? newJobId(),
      files,
      chunkSize,
      ...(feed !== undefined ? { feed } : {}),
      planWorkers: workers,
      clock: opts.clock ?? systemClock,
      log: opts.log ?? silentLogger,
      leaseMs: opts.leaseMs,
      heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
      sinks: [
        ...(onProgress === undefined ? [] : [{ progress: (p: LiveProgress) => onProgress(p) }]),
        ...(opts.onLiveSummary === undefined ? [] : [{ summary: (s: Summary) => (s.final ? undefined : opts.onLiveSummary?.(s)) }]),
      ],
      progressMs: PROGRESS_MS,
      onSummary: opts.onSummary,
    },
    serveLocally(workers, opts),
  );
}

/** `loga analyze`: checks the inputs, then runs the embedded job. */
export async function analyze(opts: AnalyzeOptions): Promise<Summary> {
  if (opts.follow !== undefined) return analyzeFollowing(opts, opts.follow);
  const { files, spool } = await resolveJobInputsWithStdin(opts);
  try {
    return await runEmbedded(files, opts, spool !== undefined ? stdinFeed(files, spool, opts.chunkSize ?? DEFAULT_CHUNK_SIZE) : undefined);
  } finally {
    await spool?.remove();
  }
}

/** `loga analyze --follow`: the files followed until stop aborts, then the final summary. */
async function analyzeFollowing(opts: AnalyzeOptions, follow: NonNullable<AnalyzeOptions['follow']>): Promise<Summary> {
  const following = startFollowing(opts, follow, opts.log ?? silentLogger, 'analyze');
  try {
    return await runEmbedded(following.follower.files, opts, (job) => following.follower.feed(job));
  } finally {
    following.end();
  }
}
