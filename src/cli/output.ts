/** What a finished run prints (SPEC §1, §5): the table or the JSON on stdout, --out, and the exit status. */
import { writeFileSync } from 'node:fs';
import { renderSummary } from '../report/table.js';
import type { Summary } from '../supervisor/summary.js';

export interface OutputOptions {
  json: boolean;
  out: string | undefined;
  quiet: boolean;
}

/** Writes the summary as the options ask: JSON or the table on stdout, and --out. */
export function emitSummary(summary: Summary, o: OutputOptions): void {
  const json = JSON.stringify(summary, null, 2) + '\n';
  if (o.out !== undefined) writeFileSync(o.out, json);
  if (o.json) process.stdout.write(json);
  else if (!o.quiet) process.stdout.write(renderSummary(summary));
}

/** The exit status of a finished run: 3 when some chunks failed. */
export function exitStatusOf(summary: Summary): number {
  return summary.chunks.failed > 0 ? 3 : 0;
}
