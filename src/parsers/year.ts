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
  /**
   * The epoch ms of each date (month m, day d at m * 32 + d) in the file's
   * year, and in the year before: NaN for a date the year has not. Made once
   * per file, so a line costs two loads, not dayMs' date arithmetic: a
   * syslog file's lines come from many days (its one-date cache misses on
   * the rfc3164 samples, 4 dates in 5 lines).
   */
  private readonly days = new Float64Array(13 * 32).fill(NaN);
  private readonly daysBefore = new Float64Array(13 * 32).fill(NaN);

  constructor(file: FileContext) {
    this.year = new Date(file.mtimeMs).getUTCFullYear();
    this.latest = file.mtimeMs + DAY_MS;
    for (let m = 1; m <= 12; m++) {
      for (let d = 1; d <= 31; d++) {
        this.days[m * 32 + d] = dayMs(this.year, m, d);
        this.daysBefore[m * 32 + d] = dayMs(this.year - 1, m, d);
      }
    }
  }

  /** Epoch ms of month m (1–12), day d at msOfDay, in the inferred year; NaN for an impossible date. */
  at(m: number, d: number, msOfDay: number): number {
    if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31 && (m | 0) === m && (d | 0) === d)) return this.computed(m, d, msOfDay);
    const k = m * 32 + d;
    let day = this.days[k];
    // Feb 29 of a year that has none is a date of the year before, if that one has it
    if (day !== day || day + msOfDay > this.latest) day = this.daysBefore[k];
    return day === day ? day + msOfDay : NaN;
  }

  /** at() by date arithmetic, for what the tables do not hold (no such month or day: NaN). */
  private computed(m: number, d: number, msOfDay: number): number {
    let day = dayMs(this.year, m, d);
    if (day !== day || day + msOfDay > this.latest) day = dayMs(this.year - 1, m, d);
    return day === day ? day + msOfDay : NaN;
  }
}
