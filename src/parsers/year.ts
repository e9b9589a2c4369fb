/**
 * Year-less timestamps (syslog's `Jun 14 15:16:01`, klog's `I0124`, logcat's
 * `01-24`): the year is the file's mtime year, one less for a date after the
 * mtime (SPEC §3), so a file spanning New Year stays in order. "After" has a
 * day's slack: such logs are written in local time, which loga reads as UTC,
 * so the last entries of a file east of UTC look hours newer than its mtime.
 */
import { dayMs } from './time.js';

/** What a parser may know of the file it reads. */
export interface FileContext {
  /** The file's mtime, epoch ms. */
  readonly mtimeMs: number;
}

const DAY_MS = 86_400_000;

/** The context of a file written now: detection, samples, stdin. */
export function nowContext(): FileContext {
  return { mtimeMs: Date.now() };
}

export class YearGuess {
  private readonly year: number;
  private readonly latest: number;

  constructor(file: FileContext) {
    this.year = new Date(file.mtimeMs).getUTCFullYear();
    this.latest = file.mtimeMs + DAY_MS;
  }

  /** Epoch ms of month m (1–12), day d at msOfDay, in the inferred year; NaN for an impossible date. */
  at(m: number, d: number, msOfDay: number): number {
    let day = dayMs(this.year, m, d);
    // Feb 29 of a year that has none is a date of the year before, if that one has it
    if (day !== day || day + msOfDay > this.latest) day = dayMs(this.year - 1, m, d);
    return day === day ? day + msOfDay : NaN;
  }
}
