/** The summary object of SPEC §5: the job's bookkeeping plus every figure of §4. */
import { computeFigures, type Figures } from '../metrics/figures.js';
import type { Job } from './job.js';
import type { PlannedFile } from './plan.js';

/** One input file: its size and format, and its share of the line counts. */
export interface FileSummary {
  path: string;
  bytes: number;
  format: string;
  lines: number;
  entries: number;
  malformed_lines: number;
  continuation_lines: number;
  /** False when the format has no level field (every entry counted INFO). */
  levels: boolean;
}

export interface Summary extends Figures {
  schema: 1;
  job: string;
  final: boolean;
  files: FileSummary[];
  bytes: number;
  duration_ms: number;
  throughput_mb_s: number;
  chunks: { total: number; done: number; retried: number; failed: number };
  /** Worker messages refused: results no worker could have produced, and results, failure reports and heartbeats without their lease's token (issue 11). */
  rejected_messages: number;
  failed_chunks: { id: number; path: string; start: number; end: number; reasons: string[] }[];
  workers: { id: string; chunks: number; bytes: number; restarts: number }[];
}

export function buildSummary(job: Job, files: readonly PlannedFile[], durationMs: number, final: boolean): Summary {
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const figures = computeFigures(
    job.merged,
    files.map((f) => f.path),
    job.minutes,
  );
  return {
    schema: 1,
    job: job.id,
    final,
    files: files.map((f, i) => {
      const c = job.files.get(i);
      const lines = c?.lines ?? 0;
      const malformed = c?.malformed ?? 0;
      const continuation = c?.continuation ?? 0;
      return {
        path: f.path,
        bytes: f.bytes,
        format: f.format,
        lines,
        entries: lines - malformed - continuation,
        malformed_lines: malformed,
        continuation_lines: continuation,
        levels: f.levels ?? true,
      };
    }),
    bytes,
    duration_ms: Math.round(durationMs),
    throughput_mb_s: durationMs > 0 ? Math.round((bytes / 1e6 / (durationMs / 1000)) * 10) / 10 : 0,
    chunks: job.chunkCounts(),
    rejected_messages: job.rejected,
    failed_chunks: job.failedChunks.map((c) => ({ id: c.id, path: c.path, start: c.start, end: c.end, reasons: job.failureReasons(c.id) })),
    workers: [...job.workers.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((w) => ({ id: w.id, chunks: w.chunks, bytes: w.bytes, restarts: w.restarts })),
    ...figures,
  };
}
