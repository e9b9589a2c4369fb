/** What a finished run prints (SPEC §1, §5): the table or the JSON on stdout, --out, and the exit status. */
import { writeFileSync } from 'node:fs';
import { renderSummary } from '../report/table.js';
import type { Summary } from '../supervisor/summary.js';

export interface OutputOptions {
  json: boolean;
  out: string | undefined;
  quiet: boolean;
}

/**
 * Writes the summary as the options ask: JSON or the table on stdout, and
 * --out. After --follow with --json, the JSON is one line, the last of the
 * stream of summaries liveView wrote.
 */
export function emitSummary(summary: Summary, o: OutputOptions, followed = false): void {
  const json = JSON.stringify(summary, null, 2) + '\n';
  if (o.out !== undefined) writeFileSync(o.out, json);
  if (o.json) process.stdout.write(followed ? JSON.stringify(summary) + '\n' : json);
  else if (!o.quiet) process.stdout.write(renderSummary(summary));
}

/** What --follow shows of each summary so far: a JSON line (--json, NDJSON), or the table redrawn on a terminal. */
export function liveView(o: { json: boolean; quiet: boolean }): ((s: Summary) => void) | undefined {
  if (o.json) return (s) => void process.stdout.write(JSON.stringify(s) + '\n');
  if (o.quiet || process.stdout.isTTY !== true) return undefined;
  return (s) => void process.stdout.write('\x1b[H\x1b[2J' + renderSummary(s) + '\n(following; Ctrl-C for the final summary)\n');
}

/** The exit status of a finished run: 3 when some chunks failed. */
export function exitStatusOf(summary: Summary): number {
  return summary.chunks.failed > 0 ? 3 : 0;
}
