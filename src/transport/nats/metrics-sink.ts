/**
 * The NATS sink of the metrics observer (src/observe/observer.ts): a job's
 * live metrics (SPEC §6) on subjects anyone can watch (`nats sub 'metrics.>'`):
 *
 * - `metrics.<job>.progress` with every progress tick (500 ms): Progress plus
 *   `job`, `waiting` (true while no worker is connected) and `ts`;
 * - `metrics.<job>.summary`: the summary so far, at most once a second while
 *   results come in (`"final": false`), and last the final one (`"final": true`);
 * - `metrics.<job>.minute`: `{job, rows}`, the per-minute rows that changed
 *   since the previous publication (in several messages when many changed).
 *
 * Every message stays under the message limit: a summary too large for one
 * message goes without its per-minute rows (`per_minute_rows` says how many;
 * they are on `.minute`), and without files beyond the first 100 if needed.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { MinuteFigure } from '../../metrics/figures.js';
import type { LiveProgress, MetricsSink } from '../../observe/observer.js';
import type { Logger } from '../../runtime.js';
import type { Summary } from '../../supervisor/summary.js';
import { subjects } from './options.js';

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

export interface NatsMetricsOptions {
  nc: NatsConnection;
  job: string;
  /** The largest message the server takes. */
  limit: number;
  log: Logger;
}

/** Publishes the observer's progress, changed minute rows and summaries on `metrics.<job>.*`. */
export function natsMetricsSink(o: NatsMetricsOptions): MetricsSink {
  const s = subjects('loga'); // metrics.* subjects take no prefix
  const publish = (subject: string, data: Uint8Array): void => {
    try {
      o.nc.publish(subject, data);
    } catch (err) {
      o.log.debug({ subject, err: (err as Error).message }, 'metrics not published');
    }
  };
  return {
    progress(p: LiveProgress) {
      publish(s.metricsProgress(o.job), encoder.encode(JSON.stringify(p)));
    },
    minutes(rows: readonly MinuteFigure[]) {
      const head = `{"job":${JSON.stringify(o.job)},"rows":[`;
      let batch: string[] = [];
      let size = head.length + 2;
      const flush = (): void => {
        if (batch.length > 0) publish(s.metricsMinute(o.job), encoder.encode(head + batch.join(',') + ']}'));
        batch = [];
        size = head.length + 2;
      };
      for (const row of rows) {
        const text = JSON.stringify(row);
        if (size + text.length + 1 > o.limit) flush();
        batch.push(text);
        size += text.length + 1;
      }
      flush();
    },
    summary(summary: Summary) {
      publish(s.metricsSummary(o.job), fitSummary(summary, o.limit));
    },
    async close() {
      await o.nc.flush().catch(() => {});
    },
  };
}
