/**
 * A progress bar on stderr, only when stderr is a TTY (never in pipes or CI
 * logs). The bar hides the terminal's cursor while it is shown; whatever ends
 * the process meanwhile must show it again (see guardCursor).
 */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { Progress } from '../supervisor/job.js';

export interface ProgressView {
  update(p: Progress, note?: string): void;
  stop(): void;
}

const NONE: ProgressView = { update() {}, stop() {} };

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * While a bar is shown: on SIGINT/SIGTERM, and on any exit, `restore` runs
 * (it stops the bar, which shows the cursor again). A Ctrl-C during `loga
 * analyze` ended the process by the signal's default action with the cursor
 * still hidden (`\x1b[?25l` written, no `\x1b[?25h` after: 20 of 20 runs
 * under a pty), and so did `loga supervise`'s second Ctrl-C, its
 * process.exit(130) (6 of 6). A listener takes the signal's default action
 * away: when no one else listens, the signal is raised again once the cursor
 * is back, so the process still dies of it (status 130 for SIGINT, what a
 * shell or a script's loop expects of a Ctrl-C). When someone else listens
 * (supervise aborts the job and summarizes), what happens next is theirs.
 * Returns the function that removes the guard.
 */
function guardCursor(restore: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    off();
    restore();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const off = (): void => {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('exit', restore);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  // process.exit() from anywhere, an uncaught error: the bar writes to a TTY, synchronously
  process.on('exit', restore);
  return off;
}

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
  /** After a signal the bar stays stopped: whatever still runs (supervise's summary) prints below a clean line. */
  let interrupted = false;
  let unguard = (): void => {};
  const stop = (): void => {
    unguard();
    if (started) bar.stop();
    started = false;
  };
  return {
    update(p, note = '') {
      if (interrupted) return;
      const payload = {
        mb: (p.bytes_done / 1e6).toFixed(0),
        totalMb: (p.bytes_total / 1e6).toFixed(0),
        chunks: `${p.chunks_done}/${p.chunks_total}`,
        workers: p.workers,
        eta_s: p.eta_s === null ? '?' : p.eta_s.toFixed(0),
        note,
      };
      if (!started) {
        unguard = guardCursor(() => {
          interrupted = true;
          stop();
        });
        bar.start(Math.max(1, p.bytes_total), p.bytes_done, payload);
        started = true;
      } else bar.update(p.bytes_done, payload);
    },
    stop,
  };
}
