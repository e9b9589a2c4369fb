/**
 * Live metrics of a distributed job (SPEC §6), on subjects anyone can watch
 * (`nats sub 'metrics.>'`):
 *
 * - `metrics.<job>.progress` every 500 ms: Progress plus `job`, `waiting`
 *   (true while no worker is connected) and `ts`;
 * - `metrics.<job>.summary` at most once a second while results come in (the
 *   summary so far, `"final": false`), and last the final one (`"final": true`);
 * - `metrics.<job>.minute`: `{job, rows}`, the per-minute rows that changed
 *   since the previous publication (in several messages when many changed).
 *
 * Every message stays under the message limit: a summary too large for one
 * message goes without its per-minute rows (`per_minute_rows` says how many;
 * they are on `.minute`), and without files beyond the first 100 if needed.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { minuteFigure } from '../../metrics/figures.js';
import type { Job, Progress } from '../../supervisor/job.js';
import type { PlannedFile } from '../../supervisor/plan.js';
import type { Logger } from '../../supervisor/runtime.js';
import { buildSummary, type Summary } from '../../supervisor/summary.js';
import { subjects, type Subjects } from './options.js';

export const PROGRESS_MS = 500;
export const SUMMARY_MS = 1000;
const MAX_FILES_LISTED = 100;

const encoder = new TextEncoder();

/** The summary as one message of at most `limit` bytes. */
export function fitSummary(s: Summary, limit: number): Uint8Array {
  let data = encoder.encode(JSON.stringify(s));
  if (data.length <= limit) return data;
  const slim: Record<string, unknown> = { ...s, per_minute: [], per_minute_rows: s.per_minute.length };
  data = encoder.encode(JSON.stringify(slim));
  if (data.length <= limit) return data;
  slim.files = s.files.slice(0, MAX_FILES_LISTED);
  slim.files_listed = Math.min(MAX_FILES_LISTED, s.files.length);
  slim.failed_chunks = s.failed_chunks.slice(0, MAX_FILES_LISTED);
  return encoder.encode(JSON.stringify(slim));
}

export interface MetricsOptions {
  nc: NatsConnection;
  job: Job;
  files: readonly PlannedFile[];
  started: number;
  limit: number;
  log: Logger;
  /** Workers heard from recently (the count in progress messages). */
  activeWorkers: () => number;
  onProgress?: (p: Progress, note: string) => void;
}

export class MetricsPublisher {
  private readonly s: Subjects;
  private readonly changed: Set<number>;
  private dirty = true;
  private lastSummary = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: MetricsOptions) {
    this.s = subjects('loga'); // metrics.* subjects take no prefix
    this.changed = o.job.watchMinutes();
    o.job.on('merged', () => {
      this.dirty = true;
    });
    o.job.on('failed', () => {
      this.dirty = true;
    });
  }

  start(): this {
    this.publishProgress();
    this.timer = setInterval(() => {
      this.publishProgress();
      // at most once a second, whatever the timer's jitter
      if (this.dirty && Date.now() - this.lastSummary >= SUMMARY_MS) this.publishSummary(false);
    }, PROGRESS_MS);
    this.timer.unref();
    return this;
  }

  /** Progress with the recent-worker count; `waiting` while nobody serves the job. */
  progress(): Progress & { waiting: boolean } {
    const p = this.o.job.progress();
    const workers = this.o.activeWorkers();
    return { ...p, workers, waiting: workers === 0 && !this.o.job.finished };
  }

  private publish(subject: string, data: Uint8Array): void {
    try {
      this.o.nc.publish(subject, data);
    } catch (err) {
      this.o.log.debug({ subject, err: (err as Error).message }, 'metrics not published');
    }
  }

  private publishProgress(): void {
    const p = this.progress();
    this.o.onProgress?.(p, p.waiting ? 'waiting for workers' : '');
    this.publish(this.s.metricsProgress(this.o.job.id), encoder.encode(JSON.stringify({ job: this.o.job.id, ...p, ts: Date.now() })));
  }

  /** The rows of the minutes merges changed since the last call (none kept here: a job may span many minutes). */
  private publishMinutes(): void {
    const changed: string[] = [];
    const minutes = this.o.job.minutes;
    for (const m of [...this.changed].sort((a, b) => a - b)) {
      const row = minutes.get(m);
      if (row !== undefined) changed.push(JSON.stringify(minuteFigure(m, row)));
    }
    this.changed.clear();
    const head = `{"job":${JSON.stringify(this.o.job.id)},"rows":[`;
    let batch: string[] = [];
    let size = head.length + 2;
    const flush = (): void => {
      if (batch.length > 0) this.publish(this.s.metricsMinute(this.o.job.id), encoder.encode(head + batch.join(',') + ']}'));
      batch = [];
      size = head.length + 2;
    };
    for (const text of changed) {
      if (size + text.length + 1 > this.o.limit) flush();
      batch.push(text);
      size += text.length + 1;
    }
    flush();
  }

  private publishSummary(final: boolean, summary?: Summary): void {
    const s = summary ?? buildSummary(this.o.job, this.o.files, Date.now() - this.o.started, final);
    this.dirty = false;
    this.lastSummary = Date.now();
    this.publishMinutes();
    this.publish(this.s.metricsSummary(this.o.job.id), fitSummary(s, this.o.limit));
  }

  /** Last progress, the changed minute rows, and the final summary; flushed. */
  async finish(summary: Summary): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.publishProgress();
    this.publishSummary(true, summary);
    await this.o.nc.flush().catch(() => {});
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
