/**
 * The live metrics of a running job, whatever carries its messages: the job
 * runner (src/run/job-runner.ts) feeds it, with the injected clock, and its
 * sinks see the same progress, the same summaries so far and the same
 * changed minute rows — the CLI's progress bar, the NATS publisher of
 * `metrics.<job>.*` (src/transport/nats/metrics-sink.ts), and whatever comes
 * next (Prometheus, a web page). The embedded and the distributed run feed
 * it alike.
 *
 * Work is done only for sinks that want it: no summary is built, and no
 * changed minute kept, unless a sink takes them.
 */
import { DEFAULT_PROGRESS_MS, DEFAULT_SUMMARY_MS } from '../defaults.js';
import { minuteFigure, type MinuteFigure } from '../metrics/figures.js';
import type { Job, Progress } from '../supervisor/job.js';
import type { PlannedFile } from '../supervisor/plan.js';
import type { Clock } from '../runtime.js';
import { buildSummary, type Summary } from '../supervisor/summary.js';

/** A worker heard from within this (heartbeats come every second) counts as connected. */
export const ACTIVE_WINDOW_MS = 2000;

export interface LiveProgress extends Progress {
  job: string;
  /** No worker connected while chunks remain (a distributed job waiting for workers). */
  waiting: boolean;
  /** The clock's time of this progress. */
  ts: number;
}

/** A worker as the supervisor knows it (from its requests and heartbeats). */
export interface WorkerStat {
  id: string;
  host: string;
  pid: number;
  /** Heard from within ACTIVE_WINDOW_MS. */
  active: boolean;
  chunks: number;
  bytes: number;
  restarts: number;
  rss_mb: number;
  cpu_pct: number;
}

/** One consumer of live metrics; every method is optional. */
export interface MetricsSink {
  /** Every progress tick, and once at the end. */
  progress?(p: LiveProgress): void;
  /** Worker stats, with each progress tick. */
  workers?(ws: readonly WorkerStat[]): void;
  /** The minute rows merges changed, just before the summary that covers them. */
  minutes?(rows: readonly MinuteFigure[]): void;
  /** The summary so far, at most once per summaryMs while results arrive; last the final one (`final: true`). */
  summary?(s: Summary): void;
  /** After the final summary: flush, release. */
  close?(): Promise<void> | void;
}

export interface ObserverOptions {
  job: Job;
  files: readonly PlannedFile[];
  clock: Clock;
  /** The clock's time the job started (summaries' duration). */
  started: number;
  progressMs?: number;
  summaryMs?: number;
}

export class MetricsObserver {
  private readonly sinks: MetricsSink[] = [];
  private changed: Set<number> | null = null;
  private dirty = true;
  private lastSummary = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private readonly progressMs: number;
  private readonly summaryMs: number;

  constructor(private readonly o: ObserverOptions) {
    this.progressMs = o.progressMs ?? DEFAULT_PROGRESS_MS;
    this.summaryMs = o.summaryMs ?? DEFAULT_SUMMARY_MS;
    const touch = (): void => {
      this.dirty = true;
    };
    o.job.on('merged', touch);
    o.job.on('failed', touch);
  }

  /** Adds a sink (before start()). */
  attach(sink: MetricsSink): this {
    this.sinks.push(sink);
    if (sink.minutes !== undefined) this.changed ??= this.o.job.watchMinutes();
    return this;
  }

  /** Progress now, with the workers heard from recently. */
  progress(): LiveProgress {
    const { job, clock } = this.o;
    const now = clock();
    let workers = 0;
    for (const w of job.workers.values()) if (w.alive && now - w.lastSeen <= ACTIVE_WINDOW_MS) workers++;
    return { ...job.progress(), workers, job: job.id, waiting: workers === 0 && !job.finished, ts: now };
  }

  workers(): WorkerStat[] {
    const now = this.o.clock();
    return [...this.o.job.workers.values()].map((w) => ({
      id: w.id,
      host: w.host,
      pid: w.pid,
      active: w.alive && now - w.lastSeen <= ACTIVE_WINDOW_MS,
      chunks: w.chunks,
      bytes: w.bytes,
      restarts: w.restarts,
      rss_mb: w.rss_mb,
      cpu_pct: w.cpu_pct,
    }));
  }

  /** Progress to the sinks at once, then every progressMs. */
  start(): this {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.progressMs);
    this.timer.unref();
    return this;
  }

  /** One beat of the timer: progress and worker stats; the summary so far when results came in and summaryMs has passed. */
  tick(): void {
    this.emitProgress();
    if (this.dirty && this.o.clock() - this.lastSummary >= this.summaryMs && this.sinks.some((s) => s.summary !== undefined || s.minutes !== undefined)) {
      this.emitSummary(buildSummary(this.o.job, this.o.files, this.o.clock() - this.o.started, false));
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** The end: the last progress, the changed minute rows and the final summary, to every sink. */
  finish(summary: Summary): void {
    this.stop();
    this.emitProgress();
    this.emitSummary(summary);
  }

  /** Closes the sinks (after finish). */
  async close(): Promise<void> {
    for (const s of this.sinks) await s.close?.();
  }

  private emitProgress(): void {
    const want = this.sinks.filter((s) => s.progress !== undefined || s.workers !== undefined);
    if (want.length === 0) return;
    const p = this.progress();
    const ws = want.some((s) => s.workers !== undefined) ? this.workers() : [];
    for (const s of want) {
      s.progress?.(p);
      s.workers?.(ws);
    }
  }

  private emitSummary(summary: Summary): void {
    this.dirty = false;
    this.lastSummary = this.o.clock();
    const changed = this.changed;
    if (changed !== null && changed.size > 0) {
      const rows: MinuteFigure[] = [];
      const minutes = this.o.job.minutes;
      for (const m of [...changed].sort((a, b) => a - b)) {
        const row = minutes.get(m);
        if (row !== undefined) rows.push(minuteFigure(m, row));
      }
      changed.clear();
      for (const s of this.sinks) s.minutes?.(rows);
    }
    for (const s of this.sinks) s.summary?.(summary);
  }
}
