/**
 * Dates and times from bytes → epoch milliseconds UTC, or NaN.
 *
 * No Date object per line: the day number comes from Howard Hinnant's
 * days_from_civil (http://howardhinnant.github.io/date_algorithms.html), and
 * the last valid date is cached because consecutive log lines almost always
 * share it. Where a parser stopped is left in `lastEnd` (a live ESM binding)
 * so the caller can go on from there.
 */
import { readJsonNumber, numOut, scale10 } from './num.js';

const D0 = 48; // '0'
const DASH = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const SP = 32;
const PLUS = 43;
const SLASH = 47;
const UC_T = 84; // 'T'
const LC_T = 116; // 't'
const UC_Z = 90; // 'Z'
const LC_Z = 122; // 'z'

const MS_PER_DAY = 86_400_000;
/** ECMAScript's time range: ±8.64e15 ms. Beyond it `new Date(ts).toISOString()` throws downstream. */
const MAX_MS = 8.64e15;

/** Where the last time parser stopped (after the zone, the fraction or the seconds). */
export let lastEnd = 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (no validation). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const doy = (((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) | 0) + d - 1; // [0, 365]
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  // 31 for Jan Mar May Jul Aug Oct Dec: the low bit of m, flipped from August on.
  return 30 + ((m + (m >> 3)) & 1);
}

// One-entry cache of the last valid date. The key packs y/m/d in decimal
// fields wide enough for any two-digit m and d, so an invalid date (month 0,
// day 33) can never alias a cached valid one.
let cachedKey = -1;
let cachedDayMs = 0;

/** Epoch ms of 00:00 UTC on y-m-d, NaN for an impossible date (month 13, Feb 30). */
export function dayMs(y: number, m: number, d: number): number {
  const key = y * 10000 + m * 100 + d;
  if (key === cachedKey) return cachedDayMs;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  cachedKey = key;
  cachedDayMs = daysFromCivil(y, m, d) * MS_PER_DAY;
  return cachedDayMs;
}

/** Two ASCII digits at i as a number, or a negative/over-99 number when they are not digits. */
export function two(buf: Uint8Array, i: number): number {
  const a = buf[i] - D0;
  const b = buf[i + 1] - D0;
  // x is a digit iff neither x nor 9 - x is negative: one sign test for both.
  if ((a | (9 - a) | b | (9 - b)) < 0) return -1;
  return a * 10 + b;
}

/**
 * A zone at i: `Z`, `+HH:MM`, `+HHMM`, `+HH` (or `-`). Returns the offset
 * in ms to subtract (east of UTC is positive) and sets lastEnd after it; no
 * zone → 0 with lastEnd = i; a broken zone (`+2`, `+25:00`) → NaN.
 */
function zoneAt(buf: Uint8Array, i: number, end: number): number {
  if (i >= end) {
    lastEnd = i;
    return 0;
  }
  const c = buf[i];
  if (c === UC_Z || c === LC_Z) {
    lastEnd = i + 1;
    return 0;
  }
  if (c !== PLUS && c !== DASH) {
    lastEnd = i;
    return 0;
  }
  if (i + 3 > end) return NaN;
  const hh = two(buf, i + 1);
  if (hh < 0 || hh > 23) return NaN;
  let j = i + 3;
  let mm = 0;
  if (j < end && buf[j] === COLON) {
    if (j + 3 > end) return NaN;
    mm = two(buf, j + 1);
    if (mm < 0) return NaN;
    j += 3;
  } else if (j + 2 <= end && two(buf, j) >= 0) {
    mm = two(buf, j);
    j += 2;
  }
  if (mm > 59) return NaN;
  lastEnd = j;
  const off = (hh * 60 + mm) * 60_000;
  return c === PLUS ? off : -off;
}

/**
 * `HH:MM:SS[(.|,)f{1,9}][zone]` at i, given the day's epoch ms. Returns
 * epoch ms (fraction truncated to ms) and sets lastEnd, or NaN.
 */
export function timeOfDayAt(buf: Uint8Array, i: number, end: number, day: number): number {
  if (i + 8 > end || buf[i + 2] !== COLON || buf[i + 5] !== COLON) return NaN;
  const h = two(buf, i);
  const mi = two(buf, i + 3);
  const s = two(buf, i + 6);
  // Second 60 is a leap second; 61+ is impossible. (Negative = not digits.)
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return NaN;
  i += 8;
  let ms = 0;
  if (i < end && (buf[i] === DOT || buf[i] === COMMA)) {
    i++;
    let n = 0;
    let scale = 100;
    while (i < end) {
      const d = buf[i] - D0;
      if (d < 0 || d > 9) break;
      n++;
      ms += d * scale;
      scale = (scale / 10) | 0; // 100, 10, 1, then 0: digits past ms are truncated
      i++;
    }
    if (n === 0 || n > 9) return NaN;
  }
  const off = zoneAt(buf, i, end);
  if (off !== off) return NaN; // NaN
  return day + h * 3_600_000 + mi * 60_000 + s * 1000 + ms - off;
}

/**
 * ISO-ish date-time at start: `YYYY-MM-DD` + `' '`|`T` + time (see
 * timeOfDayAt). A time without a zone is UTC. Returns epoch ms or NaN; sets
 * lastEnd. What follows is the caller's business.
 */
export function parseIso(buf: Uint8Array, start: number, end: number): number {
  const i = start;
  if (i + 19 > end || buf[i + 4] !== DASH || buf[i + 7] !== DASH) return NaN;
  const sep = buf[i + 10];
  if (sep !== SP && sep !== UC_T && sep !== LC_T) return NaN;
  const y1 = two(buf, i);
  const y2 = two(buf, i + 2);
  const m = two(buf, i + 5);
  const d = two(buf, i + 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) return NaN;
  const day = dayMs(y1 * 100 + y2, m, d);
  if (day !== day) return NaN;
  return timeOfDayAt(buf, i + 11, end, day);
}

// Month abbreviations, lowercased and packed into 3 bytes ('jan' → 0x6a616e).
const MONTHS = [
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
].map((s) => (s.charCodeAt(0) << 16) | (s.charCodeAt(1) << 8) | s.charCodeAt(2));

/** A month abbreviation at i (`Jan`..`Dec`, any case) → 1..12, or -1. */
export function monthAt(buf: Uint8Array, i: number): number {
  const k = ((buf[i] | 0x20) << 16) | ((buf[i + 1] | 0x20) << 8) | (buf[i + 2] | 0x20);
  for (let m = 0; m < 12; m++) if (MONTHS[m] === k) return m + 1;
  return -1;
}

/**
 * nginx `$time_local`: `24/Jan/2024:10:15:33 +0000`. Returns epoch ms UTC
 * or NaN; sets lastEnd after the zone.
 */
export function parseNginxTime(buf: Uint8Array, start: number, end: number): number {
  const i = start;
  if (i + 26 > end || buf[i + 2] !== SLASH || buf[i + 6] !== SLASH || buf[i + 11] !== COLON) return NaN;
  const d = two(buf, i);
  const m = monthAt(buf, i + 3);
  const y1 = two(buf, i + 7);
  const y2 = two(buf, i + 9);
  if (d < 0 || m < 0 || y1 < 0 || y2 < 0) return NaN;
  const day = dayMs(y1 * 100 + y2, m, d);
  if (day !== day) return NaN;
  const j = i + 12;
  const h = two(buf, j);
  const mi = two(buf, j + 3);
  const s = two(buf, j + 6);
  if (buf[j + 2] !== COLON || buf[j + 5] !== COLON || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) {
    return NaN;
  }
  // Then one space and a mandatory ±HHMM.
  if (buf[j + 8] !== SP) return NaN;
  const z = buf[j + 9];
  if (z !== PLUS && z !== DASH) return NaN;
  const off = zoneAt(buf, j + 9, end);
  if (off !== off) return NaN;
  return day + h * 3_600_000 + mi * 60_000 + s * 1000 - off;
}

/**
 * An epoch number spanning exactly [start, end) (json/logfmt): ≥ 1e12 is
 * milliseconds, else seconds (SPEC §3). Fractions below the ms are truncated.
 * Returns epoch ms or NaN (not a number, or outside Date's range).
 */
export function epochAt(buf: Uint8Array, start: number, end: number): number {
  if (readJsonNumber(buf, start, end, 0) !== end) return NaN;
  const v = numOut[0];
  // Seconds → ms by rescaling the decimal mantissa: exact, unlike v * 1000
  // ('1706091332.123' gives 1706091332123, not ...122.99998).
  const ms = Math.floor(Math.abs(v) >= 1e12 ? v : scale10(numOut[1], numOut[2] + 3));
  return ms >= -MAX_MS && ms <= MAX_MS ? ms : NaN;
}

/**
 * A time value of a json/logfmt field spanning exactly [start, end): an ISO
 * date-time, or an epoch number (also when it came as a string). NaN if neither.
 */
export function timeValueAt(buf: Uint8Array, start: number, end: number): number {
  const t = parseIso(buf, start, end);
  if (t === t) return lastEnd === end ? t : NaN;
  return epochAt(buf, start, end);
}

const QUOTE = 34;
const TAB = 9;
const CR = 13;
const NL = 10;
/** The longest zone a lane keeps with a minute (assembly/fields.ts MAX_ZONE). */
const LANE_MAX_ZONE = 8;

function endsValue(c: number): boolean {
  return c === QUOTE || c === SP || c === TAB || c === CR || c === NL;
}

/**
 * The minute (epoch ms) of a json or logfmt time value at buf[at], where a
 * lane stopped on it (assembly/fields.ts): an ISO date-time (`-` at at + 4)
 * or an epoch number. NaN unless this module reads it as the lane keeps it
 * with a minute: `YYYY-MM-DD?HH:MM:SS` with seconds 00-59 (a leap second's
 * minute is not its prefix's), an optional `.` fraction, a zone of at most
 * 8 bytes (`Z`, `+05:30`, none), then the value's end (its closing quote
 * when quoted, else a blank or the line's end); or a bare epoch number. A
 * `,` fraction, a quoted epoch: NaN, the line is the JS parser's.
 */
export function laneMinuteAt(buf: Uint8Array, at: number): number {
  const quoted = at > 0 && buf[at - 1] === QUOTE;
  let t: number;
  if (buf[at + 4] === DASH) {
    const sec = two(buf, at + 17);
    if (sec < 0 || sec > 59) return NaN;
    let j = at + 19;
    if (buf[j] === DOT) {
      j++;
      while (buf[j] >= D0 && buf[j] <= D0 + 9) j++;
    }
    let q = j;
    while (q < buf.length && q <= j + LANE_MAX_ZONE && !endsValue(buf[q])) q++;
    if (q >= buf.length || q - j > LANE_MAX_ZONE || (buf[q] === QUOTE) !== quoted) return NaN;
    const z = buf[j];
    if (q > j && z !== UC_Z && z !== LC_Z && z !== PLUS && z !== DASH) return NaN;
    t = timeValueAt(buf, at, q);
  } else {
    if (quoted) return NaN;
    const e = readJsonNumber(buf, at, buf.length, 0);
    if (e < 0) return NaN;
    t = epochAt(buf, at, e);
  }
  return Math.floor(t / 60000) * 60000;
}
