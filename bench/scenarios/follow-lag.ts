/**
 * How far `loga analyze --follow` runs behind a writer (issue 12: figures at
 * most 1 s behind a writer appending 50 MB/s). A writer appends standard
 * lines to a file at RATE for SECONDS, in slices every 50 ms; loga follows
 * it with --json, one summary a line about every second. For each summary,
 * the lag is the time it was read minus the time the writer had written as
 * many lines as it counts. Target: the largest lag ≤ 1 s. Check: the final
 * summary counts every line written (the writer ends each slice at a line
 * end). One run (the writer sets the pace; rounds would only repeat it).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInput } from '../lib/data.js';
import { num } from '../lib/format.js';
import { CLI } from '../lib/paths.js';
import { renderChecks, renderTargets, target, type Check, type Scenario, type Target } from '../lib/scenario.js';
import { MB, MIB, median } from '../lib/stats.js';

const NAME = 'follow-lag';
const RATE = 50 * MB; // bytes a second
const SECONDS = 10;
const SLICE_MS = 50;

export const scenario: Scenario = {
  name: NAME,
  title: `loga analyze --follow behind a writer appending ${RATE / MB} MB/s for ${SECONDS} s (lag ≤ 1 s)`,
  async run(ctx) {
    const input = await ensureInput({ format: 'standard', size: 512 * MIB }, ctx.log);
    const source = readFileSync(input.path);
    const dir = mkdtempSync(join(tmpdir(), 'loga-follow-lag-'));
    const file = join(dir, 'app.log');
    writeFileSync(file, '');
    try {
      const child = spawn(process.execPath, [CLI, 'analyze', '-f', file, '--json', '--workers', '2', '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const seen: { at: number; lines: number; final: boolean }[] = [];
      const reading = (async () => {
        for await (const line of createInterface({ input: child.stdout })) {
          const s = JSON.parse(line) as { lines: number; final: boolean };
          seen.push({ at: performance.now(), lines: s.lines, final: s.final });
        }
      })();
      await sleep(1000); // the follower and its actors up
      // the writer: a slice of whole lines every SLICE_MS; when each line count was reached
      const written: { at: number; lines: number }[] = [];
      let at = 0;
      let lines = 0;
      const start = performance.now();
      for (let k = 0; (performance.now() - start) / 1000 < SECONDS && at < source.length; k++) {
        const due = start + k * SLICE_MS;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        let end = Math.min(source.length, at + (RATE * SLICE_MS) / 1000);
        end = source.indexOf(10, end - 1) + 1 || source.length;
        const slice = source.subarray(at, end);
        appendFileSync(file, slice);
        for (let i = slice.indexOf(10); i >= 0; i = slice.indexOf(10, i + 1)) lines++;
        at = end;
        written.push({ at: performance.now(), lines });
      }
      const wroteMs = performance.now() - start;
      await sleep(1500);
      child.kill('SIGINT');
      await reading;
      await new Promise((r) => child.once('exit', r));
      // lag of each live summary: when it was read, minus when its line count had been written
      const lags = seen
        .filter((s) => !s.final && s.lines > 0 && s.at <= start + wroteMs)
        .map((s) => {
          const w = written.find((x) => x.lines >= s.lines);
          return w === undefined ? NaN : (s.at - w.at) / 1000;
        });
      const worst = lags.length > 0 ? Math.max(...lags) : NaN;
      const final = seen.find((s) => s.final);
      const targets: Target[] = [target(NAME, `--follow at most 1 s behind a writer of ${RATE / MB} MB/s`, worst, '<=', 1, ' s', `${lags.length} summaries while it wrote`)];
      const checks: Check[] = [{ what: 'the final summary counts every line written', ok: final?.lines === lines, detail: `${final?.lines} of ${lines}` }];
      const text =
        `wrote ${num(at / MB)} MB (${lines} lines) in ${num(wroteMs / 1000)} s, ${num(at / MB / (wroteMs / 1000))} MB/s; ` +
        `${lags.length} live summaries: lag median ${num(median(lags))} s, max ${num(worst)} s\n` +
        renderTargets(targets) +
        renderChecks(checks);
      return { text, targets, checks, notes: [], data: { bytes: at, lines, wrote_s: wroteMs / 1000, lags_s: lags } };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
