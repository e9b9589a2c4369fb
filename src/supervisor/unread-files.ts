/**
 * Files loga did not manage to read (issue 10 "honest reporting"): more than
 * UNREAD_SHARE of a file's lines malformed means the format is probably not
 * the file's, and the figures say little. The job runner warns about each,
 * with the share, the format used, two of the lines and the fix; and about
 * a file with nothing to count (empty, or blank lines only: issue 12).
 */
import type { Job } from './job.js';
import type { PlannedFile } from './plan.js';

export const UNREAD_SHARE = 0.2;

export interface UnreadFile {
  path: string;
  format: string;
  lines: number;
  malformed: number;
  /** Up to two malformed lines of the file. */
  samples: string[];
}

export function unreadFiles(job: Job, files: readonly PlannedFile[]): UnreadFile[] {
  const out: UnreadFile[] = [];
  files.forEach((f, i) => {
    const c = job.files.get(i);
    if (c === undefined || c.lines === 0 || c.malformed <= c.lines * UNREAD_SHARE) return;
    out.push({ path: f.path, format: f.format, lines: c.lines, malformed: c.malformed, samples: c.samples.map((s) => s.text) });
  });
  return out;
}

/** The warning's text: what, how much, two lines, the fix. */
export function unreadMessage(u: UnreadFile): string {
  const pct = ((u.malformed / u.lines) * 100).toFixed(1);
  const lines = u.samples.map((s) => `\n    ${JSON.stringify(s.length > 160 ? s.slice(0, 160) + '…' : s)}`).join('');
  return (
    `${u.path}: ${pct} % of its lines (${u.malformed} of ${u.lines}) are malformed as format '${u.format}', e.g.:${lines}\n` +
    `  if the file has another layout, name it with --format NAME (loga formats lists them; loga formats --detect ${u.path} ranks them), ` +
    `or describe it: --format 'template:{time} {level} {message}' or --format-file FILE`
  );
}

/**
 * The warning for each file with nothing in it to count: empty, or only
 * blank lines (its chunks all merged, none with a line). A file whose chunks
 * failed is said by the failure instead.
 */
export function emptyFiles(job: Job, files: readonly PlannedFile[], failedPaths: ReadonlySet<string>): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  files.forEach((f, i) => {
    if (failedPaths.has(f.path)) return;
    if (f.bytes === 0) out.push({ path: f.path, message: `${f.path}: the file is empty; there is nothing to count` });
    else if ((job.files.get(i)?.lines ?? 0) === 0) out.push({ path: f.path, message: `${f.path}: the file has only blank lines; there is nothing to count` });
  });
  return out;
}
