/**
 * Every default a user can change, in one place (as nats.js keeps
 * `defaultOptions()`): the command line's help text, the option parsers and
 * the library's option objects all read them from here. Constants that are
 * not options (protocol timings, buffer margins) stay beside the code they
 * tune, with their measured reason.
 */
import { availableParallelism } from 'node:os';
import { UsageError } from './errors.js';

const MIB = 1024 * 1024;

/** Bytes per chunk of the plan. */
export const DEFAULT_CHUNK_SIZE = 32 * MIB;
/** The most local actors any command starts (--workers, --concurrency). */
export const MAX_WORKERS = 256;
/** Local actors of `loga analyze`: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}
/** Local actors of `loga supervise` (workers join over NATS). */
export const DEFAULT_SUPERVISE_WORKERS = 0;
/** Actor processes of one `loga worker`. */
export const DEFAULT_CONCURRENCY = 1;
/** Diagnostics level on stderr (`error` with --quiet). */
export const DEFAULT_LOG_LEVEL = 'warn';

// ---- the job (src/supervisor/job.ts)
/** A lease not renewed by progress within this is taken back. */
export const DEFAULT_LEASE_MS = 60_000;
/** A worker silent this long while holding a lease is lost (SPEC §6: 3 s). */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 3_000;
/** Leases of one chunk before it is reported failed (SPEC §6). */
export const DEFAULT_MAX_ATTEMPTS = 3;

// ---- supervisors (src/supervisor/supervisor.ts): OTP's MaxR in MaxT
export const DEFAULT_INTENSITY = 5;
export const DEFAULT_PERIOD_MS = 10_000;

// ---- actors (src/actors/worker.ts, src/scan/)
/** How often an actor heartbeats, busy or idle. */
export const HEARTBEAT_MS = 1000;
/** Bytes per read of a chunk (the read buffer's size). */
export const DEFAULT_READ_SIZE = 1 * MIB;
/**
 * Minute rows a chunk's partial may hold before the actor hands the rest of
 * the chunk back as a new chunk (`split_at`). Without it, a 32 MB chunk of a
 * quiet log (a line a minute: 600,000 minutes) took an actor to 1.7 GB; with
 * 512 it peaks at ~90 MB RSS (test/e2e/worker-memory.test.ts). Busy logs never
 * split: 32 MB of them spans minutes, not hundreds.
 */
export const DEFAULT_MAX_CHUNK_MINUTES = 512;
/** How long a stopping actor of `loga worker` may take to finish its chunk before it is killed. */
export const DEFAULT_GRACE_MS = 30_000;
/** How long a stopped local actor of `loga analyze` may take to exit before it is killed (it exits on its stop reply). */
export const DEFAULT_STOP_GRACE_MS = 5_000;

// ---- NATS (src/transport/nats/)
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_PREFIX = 'loga';
/** How long the first connection may take before the server counts as unreachable (exit 4). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;

// ---- live metrics (src/observe/)
/** Progress to the observer's sinks (the bar, `metrics.<job>.progress`). */
export const DEFAULT_PROGRESS_MS = 500;
/** The summary so far, at most this often (`metrics.<job>.summary`). */
export const DEFAULT_SUMMARY_MS = 1_000;

// ---- `loga gen` (src/gen/)
export const DEFAULT_GEN_SIZE = 100 * MIB;
export const DEFAULT_GEN_FORMAT = 'standard';
export const DEFAULT_GEN_SEED = 42;
export const DEFAULT_GEN_RPS = 1000;
export const DEFAULT_GEN_ERROR_RATIO = 0.02;
export const DEFAULT_GEN_MALFORMED = 0;

/**
 * A whole number from min to max, or a UsageError naming the flag: the one
 * range check of --workers and --concurrency, whether they come from the
 * command line or from a library call. `typed` is the value as the user gave it.
 */
export function checkCount(value: number, flag: string, min: number, max = MAX_WORKERS, typed = String(value)): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag}: '${typed}' must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** The defaults as one object, by option name (what `--help` shows). */
export function defaultOptions() {
  return {
    chunkSize: DEFAULT_CHUNK_SIZE,
    workers: defaultWorkers(),
    concurrency: DEFAULT_CONCURRENCY,
    logLevel: DEFAULT_LOG_LEVEL,
    leaseMs: DEFAULT_LEASE_MS,
    heartbeatTimeoutMs: DEFAULT_HEARTBEAT_TIMEOUT_MS,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    intensity: DEFAULT_INTENSITY,
    periodMs: DEFAULT_PERIOD_MS,
    readSize: DEFAULT_READ_SIZE,
    maxChunkMinutes: DEFAULT_MAX_CHUNK_MINUTES,
    graceMs: DEFAULT_GRACE_MS,
    nats: DEFAULT_NATS_URL,
    prefix: DEFAULT_PREFIX,
  };
}
