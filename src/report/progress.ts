/** A progress bar on stderr, only when stderr is a TTY (never in pipes or CI logs). */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { Progress } from '../supervisor/job.js';

export interface ProgressView {
  update(p: Progress, note?: string): void;
  stop(): void;
}

const NONE: ProgressView = { update() {}, stop() {} };

export function progressBar(enabled: boolean): ProgressView {
  if (!enabled || process.stderr.isTTY !== true) return NONE;
  // loaded only for a bar: ~8 ms of start-up that a piped run does not need
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{bar} {percentage}% | {mb}/{totalMb} MB | chunks {chunks} | workers {workers} | eta {eta_s}s {note}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p, note = '') {
      const payload = {
        mb: (p.bytes_done / 1e6).toFixed(0),
        totalMb: (p.bytes_total / 1e6).toFixed(0),
        chunks: `${p.chunks_done}/${p.chunks_total}`,
        workers: p.workers,
        eta_s: p.eta_s === null ? '?' : p.eta_s.toFixed(0),
        note,
      };
      if (!started) {
        bar.start(Math.max(1, p.bytes_total), p.bytes_done, payload);
        started = true;
      } else bar.update(p.bytes_done, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
