/**
 * Time layouts (Java DateTimeFormatter / SimpleDateFormat style patterns:
 * `yyyy-MM-dd HH:mm:ss,SSS`, `MMM d HH:mm:ss`, `dd/MMM/yyyy:HH:mm:ss Z`)
 * compiled once into a byte parser, for templates and layout inference.
 *
 * A pattern compiles to a flat Int32Array of steps [op, arg, op, arg, ...]
 * walked by one loop per parse: no regex, no string, no closure per token.
 * The fields read go into local variables; the date is checked and turned
 * into epoch ms by dayMs (an impossible date, month 13 or Feb 30, is NaN),
 * or for a year-less pattern by YearGuess (src/parsers/year.ts).
 *
 * Tokens: yyyy uuuu yy; M (1–2 digits) MM MMM (Jan..Dec, any case) MMMM
 * (a month name: its first three letters); d (1–2 digits, a leading space
 * allowed: syslog's `Jul  1`) dd (a space instead of the first digit
 * allowed: ctime's `Dec  4`); H HH (0–23); h hh (1–12, with `a` AM/PM);
 * m mm s ss; S…SSSSSSSSS (exactly that many fraction digits); n
 * (milliseconds as a number, 1–3 digits: SimpleDateFormat's unpadded `S`,
 * as HealthApp writes `22:15:35:11` for 11 ms); E… (a day
 * name, skipped); Z X XX XXX (a zone: `Z`, `+02`, `+0200`, `+02:00`);
 * `'text'` a quoted literal (`''` a quote); any other non-letter a literal.
 * Whole patterns with their own reader: `epoch` (seconds, optional
 * fraction), `epoch_ms`, `iso8601` (what parseIso reads: `T` or space,
 * `.`/`,` fraction, optional zone). A time without a zone is UTC.
 */
import { dayMs, lastEnd, monthAt, parseIso } from './time.js';
import { nowContext, YearGuess } from './year.js';

export interface TimeLayout {
  /** The pattern as given. */
  readonly pattern: string;
  /** False: the year comes from a YearGuess. */
  readonly hasYear: boolean;
  /**
   * Parses a time starting at buf[i] (not past end); returns epoch ms UTC or
   * NaN, and sets `layoutEnd` to the byte after it. Never throws.
   */
  parse(buf: Uint8Array, i: number, end: number, year: YearGuess | null): number;
}

/** Where the last TimeLayout.parse stopped (the byte after the time), when it did not return NaN. */
export let layoutEnd = 0;

/**
 * The catalogue of layouts: what a template without a layout tries (the
 * first that reads its samples) and what layout inference tries at each
 * token position (the longest match wins). From the list of the
 * layouts real logs use; the system named is where each is seen.
 */
export const TIME_LAYOUTS: readonly { name: string; pattern: string }[] = [
  { name: 'iso8601', pattern: 'iso8601' }, // ISO 8601, `T` or space, `.`/`,` fraction, optional zone (log4j, Python, ZooKeeper)
  { name: 'yymmdd-hhmmss', pattern: 'yyMMdd HHmmss' }, // HDFS
  { name: 'yy-slash', pattern: 'yy/MM/dd HH:mm:ss' }, // Spark (log4j %d{yy/MM/dd HH:mm:ss})
  { name: 'compact-ms', pattern: 'yyyyMMdd-H:m:s:n' }, // HealthApp (every field after the date unpadded: `22:16:0:119`, `22:15:35:11`)
  { name: 'ctime', pattern: 'EEE MMM dd HH:mm:ss yyyy' }, // Apache 2.2 error log, asctime
  { name: 'ctime-us', pattern: 'EEE MMM dd HH:mm:ss.SSSSSS yyyy' }, // Apache 2.4 error log
  { name: 'clf', pattern: 'dd/MMM/yyyy:HH:mm:ss Z' }, // access logs (Common Log Format)
  { name: 'syslog', pattern: 'MMM d HH:mm:ss' }, // RFC 3164 syslog
  { name: 'logcat', pattern: 'MM-dd HH:mm:ss.SSS' }, // Android logcat
  { name: 'month-dot-day', pattern: 'MM.dd HH:mm:ss' }, // Proxifier (`[10.30 16:49:06]`)
  { name: 'dotted', pattern: 'yyyy.MM.dd HH:mm:ss' },
  { name: 'dotted-date', pattern: 'yyyy.MM.dd' }, // BGL's date column
  { name: 'db2', pattern: 'yyyy-MM-dd-HH.mm.ss.SSSSSS' }, // BGL (DB2 timestamps)
  { name: 'slash', pattern: 'yyyy/MM/dd HH:mm:ss' }, // Go log
  { name: 'slash-us', pattern: 'yyyy/MM/dd HH:mm:ss.SSSSSS' }, // Go log with Lmicroseconds
  { name: 'tomcat', pattern: 'dd-MMM-yyyy HH:mm:ss.SSS' }, // Tomcat catalina.out
  { name: 'jul', pattern: 'MMM d, yyyy h:mm:ss a' }, // java.util.logging SimpleFormatter
  { name: 'epoch', pattern: 'epoch' }, // epoch seconds (10 digits), optional fraction
  { name: 'epoch-ms', pattern: 'epoch_ms' }, // epoch milliseconds (13 digits)
];

const D0 = 48;
const SP = 32;
const DOT = 46;
const COLON = 58;
const PLUS = 43;
const DASH = 45;
const UC_Z = 90;
const LC_Z = 122;
const LC_A = 0x61;
const LC_P = 0x70;
const LC_M = 0x6d;

/** ECMAScript's time range: ±8.64e15 ms. */
const MAX_MS = 8.64e15;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6];

// Step opcodes. Each step is [op, arg].
const OP_LIT = 0; // arg: the byte
const OP_YEAR4 = 1;
const OP_YEAR2 = 2;
const OP_TWO = 3; // exactly two digits; arg: the field (F_*)
const OP_MONTH_NAME = 4; // arg: 0 = 3 letters, 1 = a name (3+ letters)
const OP_DAY = 5; // arg: 1 = 1–2 digits after an optional space, 2 = two bytes, the first a digit or a space
const OP_ONE_TWO = 6; // one or two digits; arg: the field
const OP_FRACTION = 9; // arg: digit count
const OP_AMPM = 10;
const OP_DAY_NAME = 11; // arg: 0 = 3 letters, 1 = 3+ letters
const OP_ZONE = 12;
const OP_MILLIS = 13; // 1–3 digits, the milliseconds as a number

/** The numeric fields OP_TWO and OP_ONE_TWO fill, in `fields` (a typed array: no nested switch per digit pair). */
const F_MONTH = 0;
const F_HOUR = 1;
const F_MINUTE = 2;
const F_SECOND = 3;
const fields = new Int32Array(4);

/** Whole-pattern readers. */
const KIND_STEPS = 0;
const KIND_EPOCH = 1;
const KIND_EPOCH_MS = 2;
const KIND_ISO = 3;

/** The year guess of year-less times read with `year === null`: a file written now, renewed hourly (a long-running process crosses New Year). */
let nowGuess: YearGuess | null = null;
let nowGuessUntil = 0;

function yearNow(): YearGuess {
  const t = Date.now();
  if (nowGuess === null || t > nowGuessUntil) {
    nowGuess = new YearGuess(nowContext());
    nowGuessUntil = t + 3_600_000;
  }
  return nowGuess;
}

const TOKENS_HELP =
  'yyyy yy MM M MMM dd d HH H hh h a mm ss S…SSSSSSSSS n EEE Z X XXX, quoted literals such as \'T\', or a whole pattern epoch, epoch_ms, iso8601';

function bad(pattern: string, what: string): Error {
  return new Error(`time layout '${pattern}': ${what}; a layout is made of ${TOKENS_HELP}`);
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** The pattern → steps; throws naming the bad token and the fix. */
function compileSteps(pattern: string): { steps: Int32Array; hasYear: boolean } {
  const steps: number[] = [];
  const seen = new Set<string>();
  let twelveHour = false;
  const lit = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) steps.push(OP_LIT, b);
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw bad(pattern, `the quote at ${i + 1} is not closed (write '' for a quote)`);
      lit(close === i + 1 ? "'" : pattern.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    if (!isLetter(c)) {
      const cp = pattern.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      lit(ch);
      i += ch.length;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    const token = c.repeat(n);
    i += n;
    const field = c === 'u' ? 'y' : c === 'h' || c === 'H' ? 'H' : c === 'X' ? 'Z' : c;
    if (seen.has(field)) throw bad(pattern, `'${token}' repeats a field given before`);
    seen.add(field);
    switch (c) {
      case 'y':
      case 'u':
        if (n === 4) steps.push(OP_YEAR4, 0);
        else if (n === 2) steps.push(OP_YEAR2, 0);
        else throw bad(pattern, `'${token}' is not a year: write yyyy (2024) or yy (24)`);
        break;
      case 'M':
        if (n <= 2) steps.push(n === 2 ? OP_TWO : OP_ONE_TWO, F_MONTH);
        else steps.push(OP_MONTH_NAME, n === 3 ? 0 : 1);
        break;
      case 'd':
        if (n > 2) throw bad(pattern, `'${token}' is not a day of the month: write dd or d`);
        steps.push(OP_DAY, n);
        break;
      case 'H':
      case 'h':
        twelveHour = c === 'h';
        if (n > 2) throw bad(pattern, `'${token}' is not an hour: write HH (0–23) or hh with a (1–12 AM/PM)`);
        steps.push(n === 2 ? OP_TWO : OP_ONE_TWO, F_HOUR);
        break;
      case 'm':
        if (n > 2) throw bad(pattern, `'${token}' is not minutes: write mm (MM is the month)`);
        steps.push(n === 2 ? OP_TWO : OP_ONE_TWO, F_MINUTE);
        break;
      case 's':
        if (n > 2) throw bad(pattern, `'${token}' is not seconds: write ss (SSS is milliseconds)`);
        steps.push(n === 2 ? OP_TWO : OP_ONE_TWO, F_SECOND);
        break;
      case 'S':
        if (n > 9) throw bad(pattern, `'${token}' has more than 9 fraction digits`);
        steps.push(OP_FRACTION, n);
        break;
      case 'n':
        if (n > 1) throw bad(pattern, `'${token}': milliseconds as a number are a single n`);
        steps.push(OP_MILLIS, 0);
        break;
      case 'a':
        if (n > 1) throw bad(pattern, `'${token}': AM/PM is a single a`);
        steps.push(OP_AMPM, 0);
        break;
      case 'E':
        steps.push(OP_DAY_NAME, n <= 3 ? 0 : 1);
        break;
      case 'Z':
      case 'X':
        if (n > 3) throw bad(pattern, `'${token}' is not a zone: write Z (+0200), X (Z or +02) or XXX (+02:00)`);
        steps.push(OP_ZONE, 0);
        break;
      default:
        throw bad(pattern, `unknown token '${token}' (quote literal letters: '${token}')`);
    }
  }
  if (seen.has('a') !== twelveHour) {
    throw bad(pattern, seen.has('a') ? 'a (AM/PM) needs hh for the hour (HH is 0–23 and takes no a)' : 'hh (1–12) needs a for AM/PM; use HH for a 24-hour clock');
  }
  if (!seen.has('M') || !seen.has('d')) throw bad(pattern, 'a layout needs a date: a month (MM or MMM) and a day (dd)');
  return { steps: Int32Array.from(steps), hasYear: seen.has('y') };
}

function digit(buf: Uint8Array, i: number): number {
  const d = buf[i] - D0;
  return d >= 0 && d <= 9 ? d : -1;
}

/** A zone at i (`Z`, `+HH`, `+HHMM`, `+HH:MM`, or `-`): the offset in ms to subtract, NaN if broken; sets zoneEnd. */
let zoneEnd = 0;
function zoneAt(buf: Uint8Array, i: number, end: number): number {
  if (i >= end) return NaN;
  const c = buf[i];
  if (c === UC_Z || c === LC_Z) {
    zoneEnd = i + 1;
    return 0;
  }
  if ((c !== PLUS && c !== DASH) || i + 3 > end) return NaN;
  const h1 = digit(buf, i + 1);
  const h2 = digit(buf, i + 2);
  if (h1 < 0 || h2 < 0) return NaN;
  const hh = h1 * 10 + h2;
  let j = i + 3;
  let mm = 0;
  if (j < end && buf[j] === COLON) j++;
  if (j + 2 <= end && digit(buf, j) >= 0 && digit(buf, j + 1) >= 0) {
    mm = digit(buf, j) * 10 + digit(buf, j + 1);
    j += 2;
  } else if (buf[j - 1] === COLON) return NaN;
  if (hh > 23 || mm > 59) return NaN;
  zoneEnd = j;
  const off = (hh * 60 + mm) * 60_000;
  return c === PLUS ? off : -off;
}

/** Epoch digits[.fraction] at i: at most maxDigits integer digits (more: NaN), scaled to ms by `unit`. Sets layoutEnd. */
function epochAt(buf: Uint8Array, i: number, end: number, maxDigits: number, unit: number): number {
  let v = 0;
  let n = 0;
  while (i < end) {
    const d = digit(buf, i);
    if (d < 0) break;
    v = v * 10 + d;
    n++;
    i++;
  }
  if (n === 0 || n > maxDigits) return NaN;
  let ms = v * unit;
  if (i + 1 < end && buf[i] === DOT && digit(buf, i + 1) >= 0) {
    i++;
    let scale = unit / 10;
    while (i < end) {
      const d = digit(buf, i);
      if (d < 0) break;
      ms += d * scale;
      scale /= 10;
      i++;
    }
    ms = Math.floor(ms);
  }
  if (ms > MAX_MS) return NaN;
  layoutEnd = i;
  return ms;
}

/** Walks the steps from buf[i]; see TimeLayout.parse. */
/**
 * Walks the steps from step k0 at buf[i]; see TimeLayout.parse. With a
 * `base` (not NaN: the epoch ms of the minute a cached prefix gave), only
 * the seconds and what follows them are read. A full read leaves its
 * minute in minuteOut[0] for the cache.
 */
function parseSteps(steps: Int32Array, hasYear: boolean, buf: Uint8Array, i: number, end: number, year: YearGuess | null, k0: number, base: number): number {
  let y = 0;
  let d = 0;
  let ms = 0;
  fields[F_MONTH] = 0;
  fields[F_HOUR] = 0;
  fields[F_MINUTE] = 0;
  fields[F_SECOND] = 0;
  let pm = -1; // -1 no AM/PM, 0 AM, 1 PM
  let off = 0;
  const n = steps.length;
  for (let k = k0; k < n; k += 2) {
    const arg = steps[k + 1];
    switch (steps[k]) {
      case OP_LIT:
        if (i >= end || buf[i] !== arg) return NaN;
        i++;
        break;
      case OP_YEAR4: {
        if (i + 4 > end) return NaN;
        const a = digit(buf, i);
        const b = digit(buf, i + 1);
        const c = digit(buf, i + 2);
        const e = digit(buf, i + 3);
        if ((a | b | c | e) < 0) return NaN;
        y = a * 1000 + b * 100 + c * 10 + e;
        i += 4;
        break;
      }
      case OP_YEAR2: {
        if (i + 2 > end) return NaN;
        const a = digit(buf, i);
        const b = digit(buf, i + 1);
        if ((a | b) < 0) return NaN;
        y = a * 10 + b;
        y += y >= 69 ? 1900 : 2000;
        i += 2;
        break;
      }
      case OP_MONTH_NAME: {
        if (i + 3 > end) return NaN;
        const mo = monthAt(buf, i);
        if (mo < 0) return NaN;
        fields[F_MONTH] = mo;
        i += 3;
        if (arg === 1) while (i < end && ((buf[i] | 0x20) - LC_A) >>> 0 < 26) i++;
        break;
      }
      case OP_DAY_NAME: {
        // Three letters, or a whole name: skipped (the date says the day).
        const from = i;
        while (i < end && ((buf[i] | 0x20) - LC_A) >>> 0 < 26 && (arg === 1 || i - from < 3)) i++;
        if (i - from < 3) return NaN;
        break;
      }
      case OP_DAY:
        if (arg === 2) {
          if (i + 2 > end) return NaN;
          const a = buf[i] === SP ? 0 : digit(buf, i);
          const b = digit(buf, i + 1);
          if ((a | b) < 0) return NaN;
          d = a * 10 + b;
          i += 2;
        } else {
          if (i < end && buf[i] === SP) i++;
          d = 0;
          const from = i;
          while (i < end && i - from < 2) {
            const x = digit(buf, i);
            if (x < 0) break;
            d = d * 10 + x;
            i++;
          }
          if (i === from) return NaN;
        }
        break;
      case OP_TWO: {
        if (i + 2 > end) return NaN;
        const a = digit(buf, i);
        const b = digit(buf, i + 1);
        if ((a | b) < 0) return NaN;
        fields[arg] = a * 10 + b;
        i += 2;
        break;
      }
      case OP_ONE_TWO: {
        const a = i < end ? digit(buf, i) : -1;
        if (a < 0) return NaN;
        const b = i + 1 < end ? digit(buf, i + 1) : -1;
        if (b < 0) {
          fields[arg] = a;
          i += 1;
        } else {
          fields[arg] = a * 10 + b;
          i += 2;
        }
        break;
      }
      case OP_FRACTION: {
        // Exactly `arg` digits → ms, digits past the ms truncated.
        let v = 0;
        if (i + arg > end) return NaN;
        for (let q = 0; q < arg; q++) {
          const x = digit(buf, i + q);
          if (x < 0) return NaN;
          v = v * 10 + x;
        }
        i += arg;
        ms = arg >= 3 ? Math.floor(v / POW10[arg - 3]) : v * POW10[3 - arg];
        break;
      }
      case OP_MILLIS: {
        let v = digit(buf, i);
        if (i >= end || v < 0) return NaN;
        i++;
        for (let q = 0; q < 2 && i < end; q++) {
          const x = digit(buf, i);
          if (x < 0) break;
          v = v * 10 + x;
          i++;
        }
        ms = v;
        break;
      }
      case OP_AMPM: {
        if (i + 2 > end || (buf[i + 1] | 0x20) !== LC_M) return NaN;
        const c = buf[i] | 0x20;
        if (c === LC_A) pm = 0;
        else if (c === LC_P) pm = 1;
        else return NaN;
        i += 2;
        break;
      }
      case OP_ZONE:
        off = zoneAt(buf, i, end);
        if (off !== off) return NaN;
        i = zoneEnd;
        break;
      default:
        return NaN;
    }
  }
  const mo = fields[F_MONTH];
  let h = fields[F_HOUR];
  const mi = fields[F_MINUTE];
  const s = fields[F_SECOND];
  if (pm >= 0) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + pm * 12;
  }
  if (h > 23 || mi > 59 || s > 60) return NaN; // second 60: a leap second
  if (base === base) {
    layoutEnd = i;
    return base + s * 1000 + ms - off;
  }
  const tod = h * 3_600_000 + mi * 60_000 + s * 1000 + ms - off;
  let ts: number;
  if (hasYear) {
    const day = dayMs(y, mo, d);
    ts = day + tod; // NaN for an impossible date
    minuteOut[0] = day + h * 3_600_000 + mi * 60_000;
  } else {
    ts = (year ?? yearNow()).at(mo, d, tod);
  }
  if (ts !== ts) return NaN;
  layoutEnd = i;
  return ts;
}

/**
 * What parseIso reads at i (any fraction, any zone). A minute cache like
 * the other layouts' was tried here and measured no faster (A/B in one
 * process, 53–65 ns a line either way): parseIso's day cache does the work.
 */
function general(buf: Uint8Array, i: number, end: number): number {
  const ts = parseIso(buf, i, end);
  if (ts === ts) layoutEnd = lastEnd;
  return ts;
}

/** Compiles a pattern; throws an Error naming the bad token and the fix. */
export function compileTimeLayout(pattern: string): TimeLayout {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw bad(String(pattern), 'the layout is empty');
  let kind = KIND_STEPS;
  if (pattern === 'epoch') kind = KIND_EPOCH;
  else if (pattern === 'epoch_ms') kind = KIND_EPOCH_MS;
  else if (pattern === 'iso8601') kind = KIND_ISO;
  if (kind !== KIND_STEPS) {
    return {
      pattern,
      hasYear: true,
      parse(buf: Uint8Array, i: number, end: number): number {
        if (i >= end) return NaN;
        if (kind === KIND_EPOCH) return epochAt(buf, i, end, 11, 1000);
        if (kind === KIND_EPOCH_MS) return epochAt(buf, i, end, 15, 1);
        return general(buf, i, end);
      },
    };
  }
  const { steps, hasYear } = compileSteps(pattern);
  const cut = cachedPrefix(steps, hasYear);
  if (cut === undefined) {
    return {
      pattern,
      hasYear,
      parse(buf: Uint8Array, i: number, end: number, year: YearGuess | null): number {
        return parseSteps(steps, hasYear, buf, i, end, year, 0, NaN);
      },
    };
  }
  // The minute cache (see cachedPrefix): the bytes before the seconds of the last time read, and its minute.
  const { bytes, step } = cut;
  const prefix = new Uint8Array(bytes);
  const minute = new Float64Array([NaN]);
  return {
    pattern,
    hasYear,
    parse(buf: Uint8Array, i: number, end: number, year: YearGuess | null): number {
      if (i + bytes <= end && minute[0] === minute[0]) {
        let k = 0;
        while (k < bytes && buf[i + k] === prefix[k]) k++;
        if (k === bytes) return parseSteps(steps, hasYear, buf, i + bytes, end, year, step, minute[0]);
      }
      const ts = parseSteps(steps, hasYear, buf, i, end, year, 0, NaN);
      if (ts === ts) {
        for (let k = 0; k < bytes; k++) prefix[k] = buf[i + k];
        minute[0] = minuteOut[0];
      }
      return ts;
    },
  };
}

/** The minute of the last full read of parseSteps (a typed array: a double in a module-level let is boxed on each write). */
const minuteOut = new Float64Array(1);

/**
 * Where a layout can keep its last minute: consecutive lines nearly always
 * share the bytes up to the seconds (`2024-01-24 10:15:`), so when those are
 * the bytes of the last time read, only the seconds and what follows are
 * read (`yyyy-MM-dd HH:mm:ss,SSS` on ZooKeeper lines, A/B in one process:
 * 100–150 → 60–100 ns a line). That needs a layout with a year whose year, month, day, hour and
 * minute all come, in fixed-width fields, before two-digit seconds, with no
 * AM/PM, and only literals, a fraction and a zone after them. Returns the
 * prefix's byte count and the seconds' step, or undefined.
 */
function cachedPrefix(steps: Int32Array, hasYear: boolean): { bytes: number; step: number } | undefined {
  if (!hasYear) return undefined;
  let bytes = 0;
  let k = 0;
  for (; k < steps.length; k += 2) {
    const op = steps[k];
    const arg = steps[k + 1];
    if (op === OP_TWO && arg === F_SECOND) break;
    if (op === OP_LIT) bytes += 1;
    else if (op === OP_YEAR4) bytes += 4;
    else if (op === OP_YEAR2 || op === OP_TWO || (op === OP_DAY && arg === 2)) bytes += 2;
    else if ((op === OP_MONTH_NAME || op === OP_DAY_NAME) && arg === 0) bytes += 3;
    else return undefined;
  }
  if (k >= steps.length) return undefined;
  const before = new Set<number>();
  for (let j = 0; j < k; j += 2) before.add(steps[j] === OP_TWO ? 100 + steps[j + 1] : steps[j]);
  const hasAll = (before.has(OP_YEAR4) || before.has(OP_YEAR2)) && (before.has(100 + F_MONTH) || before.has(OP_MONTH_NAME)) && before.has(OP_DAY) && before.has(100 + F_HOUR) && before.has(100 + F_MINUTE);
  if (!hasAll) return undefined;
  for (let j = k + 2; j < steps.length; j += 2) if (steps[j] !== OP_LIT && steps[j] !== OP_FRACTION && steps[j] !== OP_MILLIS && steps[j] !== OP_ZONE) return undefined;
  return { bytes, step: k };
}
