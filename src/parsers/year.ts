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

/** The years MONTH_START holds: FIRST_YEAR and the 255 after it. */
const FIRST_YEAR = 1970;
const YEARS = 256;
/**
 * The epoch ms of the first of each month of those years (at (y -
 * FIRST_YEAR) * 13 + m), and the month's days: dayMs' values, made once at
 * load, so a line's date is two loads. Why: dayMs caches one date, and the
 * container and syslog samples change the date on nearly every line (its
 * misses, date arithmetic with divisions, were a third of zuluTimeAt).
 */
const MONTH_START = new Float64Array(YEARS * 13);
const MONTH_DAYS = new Uint8Array(YEARS * 13);
for (let y = 0; y < YEARS; y++) {
  for (let m = 1; m <= 12; m++) {
    MONTH_START[y * 13 + m] = dayMs(FIRST_YEAR + y, m, 1);
    let n = 28;
    while (n < 31 && dayMs(FIRST_YEAR + y, m, n + 1) === dayMs(FIRST_YEAR + y, m, 1) + n * 86_400_000) n++;
    MONTH_DAYS[y * 13 + m] = n;
  }
}

/** dayMs(y, m, d) for integers y, m, d; from the tables for their years. */
export function dayOf(y: number, m: number, d: number): number {
  const k = (y - FIRST_YEAR) * 13 + m;
  if (y < FIRST_YEAR || y >= FIRST_YEAR + YEARS || m < 1 || m > 12) return dayMs(y, m, d);
  return d >= 1 && d <= MONTH_DAYS[k] ? MONTH_START[k] + (d - 1) * 86_400_000 : NaN;
}

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
    // to the end of its minute: the lines of one minute get one year (the
    // shape lane reads a minute's year off its first line: assembly/shape-lane.ts)
    this.latest = Math.floor((file.mtimeMs + DAY_MS) / 60_000) * 60_000 + 59_999;
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
