/**
 * W3C extended log lines (IIS, CloudFront): columns in the order a file's
 * `#Fields:` directive names them, split by one separator byte (a space for
 * IIS, a tab for CloudFront; a value that starts with `"` runs to its closing
 * quote). The columns that carry a figure are read:
 *
 *   date time → the time (UTC, as both write it), sc-status → the level
 *   (≥ 500 ERROR, 4xx WARN), time-taken → the response time (`shift` scales
 *   it to ms: IIS writes ms, CloudFront seconds), cs-method + cs-uri-stem →
 *   the message (cs-uri when there is no stem).
 *
 * A line must have exactly the columns; directive lines (`#Fields: …`,
 * `#Version: 1.0`) are the format's markers (isW3cDirective).
 */
import { numOut, readDecimal } from './num.js';
import type { LineParser, LineRecord, LineTest } from './record.js';
import { levelOfStatus, statusAt } from './status.js';
import { dayMs, lastEnd, timeOfDayAt, two } from './time.js';

export const W_SKIP = 0;
export const W_DATE = 1;
export const W_TIME = 2;
export const W_STATUS = 3;
export const W_TIME_TAKEN = 4;
export const W_METHOD = 5;
export const W_URI_STEM = 6;
export const W_URI = 7;

const HASH = 35;
const QUOTE = 34;
const DASH = 45;

/** `#` and a letter: a directive (`#Software:`, `#Version:`, `#Date:`, `#Fields:`, `#Remark:`). */
export const isW3cDirective: LineTest = (buf, start, end) => end - start >= 2 && buf[start] === HASH && (buf[start + 1] | 0x20) >= 0x61 && (buf[start + 1] | 0x20) <= 0x7a;

/** `yyyy-MM-dd` spanning [s, e): the day's epoch ms, or NaN. */
function dateOf(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || buf[s + 4] !== DASH || buf[s + 7] !== DASH) return NaN;
  const y1 = two(buf, s);
  const y2 = two(buf, s + 2);
  const m = two(buf, s + 5);
  const d = two(buf, s + 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) return NaN;
  return dayMs(y1 * 100 + y2, m, d);
}

/** The parser of a column layout: roles by column (W_*), the separator byte, the decimal shift of time-taken to ms. */
export function compileW3c(columns: readonly number[], separator: number, timeTakenShift: number): LineParser {
  const roles = Int32Array.from(columns);
  const n = roles.length;
  const method = roles.indexOf(W_METHOD);
  const stem = roles.indexOf(W_URI_STEM);
  const uri = roles.indexOf(W_URI);
  // the message: "GET /index.html" when the method is the stem's column just before, else the stem (or the uri), else the method
  const msgFirst = stem >= 0 ? (method === stem - 1 ? method : stem) : uri >= 0 ? uri : method;
  const msgLast = stem >= 0 ? stem : uri >= 0 ? uri : method;

  return function parseW3c(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
    let i = start;
    let day = NaN;
    let tod = NaN;
    let status = -1;
    let rt = NaN;
    let ms = start;
    let me = start;
    for (let c = 0; c < n; c++) {
      const s = i;
      let e = i;
      if (e < end && buf[e] === QUOTE) {
        e++;
        while (e < end && buf[e] !== QUOTE) e++;
        if (e >= end) return false;
        e++;
      } else while (e < end && buf[e] !== separator) e++;
      switch (roles[c]) {
        case W_DATE:
          day = dateOf(buf, s, e);
          if (day !== day) return false;
          break;
        case W_TIME:
          tod = timeOfDayAt(buf, s, e, 0);
          if (tod !== tod || lastEnd !== e) return false;
          break;
        case W_STATUS:
          status = statusAt(buf, s, e);
          if (status < 0 || e - s !== 3) return false;
          break;
        case W_TIME_TAKEN:
          if (e - s !== 1 || buf[s] !== DASH) {
            if (readDecimal(buf, s, e, timeTakenShift) !== e) return false;
            rt = numOut[0];
          }
          break;
        default:
      }
      if (c === msgFirst) ms = s;
      if (c === msgLast) me = e;
      if (c + 1 < n) {
        if (e >= end || buf[e] !== separator) return false;
        i = e + 1;
      } else if (e !== end) return false;
    }
    if (day !== day || tod !== tod) return false;
    rec.ts = day + tod;
    rec.level = levelOfStatus(status);
    rec.request = true;
    rec.rt = rt;
    rec.msgStart = ms;
    rec.msgEnd = me;
    return true;
  };
}
