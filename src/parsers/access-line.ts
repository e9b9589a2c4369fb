/**
 * An access-log line read by a server's own format string (nginx
 * `log_format`, Apache `LogFormat`): the string compiled into literals and
 * fields, the literals matched byte for byte and each field delimited by the
 * literal after it — no regex, no string per line.
 *
 *   literal₀ field₀ literal₁ field₁ … fieldₙ₋₁ literalₙ
 *
 * A field is delimited by what it is: a typed field (time, status, number)
 * reads itself and the literal must follow where it stopped; a quoted field
 * (its literals end and start with `"`) runs to the closing quote, `\"`
 * escapes honoured; any other field runs to the first place the literal
 * after it matches (followed by the next field's fixed first byte, `[` of
 * Apache's `%t`), the last one with no literal after it to the end of the
 * line. The whole line must be matched.
 *
 * Every line is a request; the level comes from the status (status.ts).
 */
import { numOut, readDecimal, scale10 } from './num.js';
import type { LineParser, LineRecord } from './record.js';
import { levelOfStatus, statusAt } from './status.js';
import { dayMs, lastEnd, monthAt, parseIso, parseNginxTime, two } from './time.js';

export { A_SKIP, A_REQUEST, A_URL, A_STATUS, A_COUNT, A_TIME_CLF, A_TIME_LOCAL, A_TIME_ISO, A_TIME_EPOCH, A_TIME_FRAC, A_TIME_LAYOUT, A_TIME_ZONE, A_RT, A_RT_LIST } from './access-roles.js';
import { A_SKIP, A_REQUEST, A_URL, A_STATUS, A_COUNT, A_TIME_CLF, A_TIME_LOCAL, A_TIME_ISO, A_TIME_EPOCH, A_TIME_FRAC, A_TIME_LAYOUT, A_TIME_ZONE, A_RT, A_RT_LIST } from './access-roles.js';

/** Operations of a time layout (A_TIME_LAYOUT), one per Int32 entry; TL_LIT carries its byte in bits 8–15. */
export const TL_LIT = 0;
export const TL_YEAR4 = 1;
export const TL_YEAR2 = 2;
export const TL_MONTH = 3;
export const TL_MONTH_ABBR = 4;
export const TL_DAY = 5;
/** A day padded with a space (`%e`: ` 6`). */
export const TL_DAY_SPACE = 6;
export const TL_HOUR = 7;
export const TL_MINUTE = 8;
export const TL_SECOND = 9;
/** `+0200`, `-0700`. */
export const TL_ZONE = 10;
/** A weekday abbreviation (`%a`), read and ignored: the date says the day. */
export const TL_WEEKDAY = 11;

export interface AccessField {
  readonly role: number;
  /** Decimal shift to milliseconds (seconds 3, ms 0, µs -3) for times, fractions and response times. */
  readonly shift: number;
  /** The value is digits only (Apache's `%D`, `%T`): a fraction or `-` makes the line malformed. */
  readonly integer: boolean;
  /** A response time of the upstream: used only when the line has no time of the whole request. */
  readonly upstream: boolean;
  /** TL_* operations of an A_TIME_LAYOUT field. */
  readonly layout?: Int32Array;
}

export interface AccessProgram {
  /** fields.length + 1 literals: before the first field, between fields, after the last. */
  readonly literals: readonly Uint8Array[];
  readonly fields: readonly AccessField[];
}

const SP = 32;
const QUOTE = 34;
const BSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const DASH = 45;
const COMMA = 44;
const COLON = 58;
const PLUS = 43;
const DOT = 46;
const D0 = 48;
/** ECMAScript's time range. */
const MAX_MS = 8.64e15;

/** Where layoutTime stopped, and the zone offset (ms east of UTC) it read. */
let layoutEnd = 0;
let layoutZone = 0;

function literalAt(buf: Uint8Array, i: number, end: number, lit: Uint8Array): boolean {
  const n = lit.length;
  if (i + n > end) return false;
  for (let k = 0; k < n; k++) if (buf[i + k] !== lit[k]) return false;
  return true;
}

/** The first k ≥ i where lit matches (and, when after ≥ 0, the byte after it is `after`), or -1. */
function findLiteral(buf: Uint8Array, i: number, end: number, lit: Uint8Array, after: number): number {
  const c0 = lit[0];
  const n = lit.length;
  const last = after >= 0 ? end - n - 1 : end - n;
  outer: for (let k = i; k <= last; k++) {
    if (buf[k] !== c0) continue;
    for (let q = 1; q < n; q++) if (buf[k + q] !== lit[q]) continue outer;
    if (after >= 0 && buf[k + n] !== after) continue;
    return k;
  }
  return -1;
}

/** The closing quote of a quoted value whose content starts at i (backslash escapes skipped), or -1. */
function closingQuote(buf: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) return i;
    i += c === BSLASH ? 2 : 1;
  }
  return -1;
}

/** Digits only at i, as a number scaled by 10^shift into numOut[0]; the position after them, or -1. */
function readInteger(buf: Uint8Array, i: number, end: number, shift: number): number {
  let v = 0;
  const first = i;
  while (i < end) {
    const d = buf[i] - D0;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
  }
  if (i === first || i - first > 17) return -1;
  numOut[0] = scale10(v, shift);
  return i;
}

/** `0.001, 0.002 : 0.003` (`-` items count nothing) at i: the sum (× 10^shift) into numOut[0], -1 for no number; the position after, or -2. */
function readTimeList(buf: Uint8Array, i: number, end: number, shift: number): number {
  let sum = 0;
  let any = false;
  for (;;) {
    if (i < end && buf[i] === DASH) i++;
    else {
      const e = readDecimal(buf, i, end, shift);
      if (e < 0) return -2;
      sum += numOut[0];
      any = true;
      i = e;
    }
    if (i + 2 < end && buf[i] === COMMA && buf[i + 1] === SP) i += 2;
    else if (i + 3 < end && buf[i] === SP && buf[i + 1] === COLON && buf[i + 2] === SP) i += 3;
    else break;
  }
  numOut[0] = any ? sum : -1;
  return i;
}

/**
 * A time by layout at i: epoch ms, NaN when the bytes do not have the layout
 * or the date is impossible; sets layoutEnd and layoutZone. A zone-only
 * layout gives 0 (its offset is in layoutZone).
 */
function layoutTime(buf: Uint8Array, i: number, end: number, ops: Int32Array, zoneOnly: boolean): number {
  let y = -1;
  let mo = -1;
  let d = -1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let off = 0;
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    switch (op & 0xff) {
      case TL_LIT:
        if (i >= end || buf[i] !== op >>> 8) return NaN;
        i++;
        break;
      case TL_YEAR4: {
        if (i + 4 > end) return NaN;
        const a = two(buf, i);
        const b = two(buf, i + 2);
        if (a < 0 || b < 0) return NaN;
        y = a * 100 + b;
        i += 4;
        break;
      }
      case TL_YEAR2: {
        if (i + 2 > end) return NaN;
        const a = two(buf, i);
        if (a < 0) return NaN;
        y = a < 69 ? 2000 + a : 1900 + a; // POSIX strptime's %y
        i += 2;
        break;
      }
      case TL_MONTH:
        if (i + 2 > end) return NaN;
        mo = two(buf, i);
        i += 2;
        break;
      case TL_MONTH_ABBR:
        if (i + 3 > end) return NaN;
        mo = monthAt(buf, i);
        i += 3;
        break;
      case TL_DAY:
        if (i + 2 > end) return NaN;
        d = two(buf, i);
        i += 2;
        break;
      case TL_DAY_SPACE: {
        if (i + 2 > end) return NaN;
        const u = buf[i + 1] - D0;
        d = buf[i] === SP ? (u >= 0 && u <= 9 ? u : -1) : two(buf, i);
        i += 2;
        break;
      }
      case TL_HOUR:
        if (i + 2 > end) return NaN;
        h = two(buf, i);
        if (h < 0 || h > 23) return NaN;
        i += 2;
        break;
      case TL_MINUTE:
        if (i + 2 > end) return NaN;
        mi = two(buf, i);
        if (mi < 0 || mi > 59) return NaN;
        i += 2;
        break;
      case TL_SECOND:
        if (i + 2 > end) return NaN;
        s = two(buf, i);
        if (s < 0 || s > 60) return NaN;
        i += 2;
        break;
      case TL_ZONE: {
        if (i + 5 > end) return NaN;
        const sign = buf[i];
        const zh = two(buf, i + 1);
        const zm = two(buf, i + 3);
        if ((sign !== PLUS && sign !== DASH) || zh < 0 || zh > 23 || zm < 0 || zm > 59) return NaN;
        off = (zh * 60 + zm) * 60_000 * (sign === PLUS ? 1 : -1);
        i += 5;
        break;
      }
      default: // TL_WEEKDAY
        if (i + 3 > end || (buf[i] | 0x20) < 0x61 || (buf[i] | 0x20) > 0x7a || (buf[i + 1] | 0x20) < 0x61 || (buf[i + 1] | 0x20) > 0x7a || (buf[i + 2] | 0x20) < 0x61 || (buf[i + 2] | 0x20) > 0x7a) {
          return NaN;
        }
        i += 3;
    }
  }
  layoutEnd = i;
  layoutZone = off;
  if (zoneOnly) return 0;
  const day = dayMs(y, mo, d);
  if (day !== day) return NaN;
  return day + h * 3_600_000 + mi * 60_000 + s * 1000 - off;
}

/**
 * How each field of a program ends: quoted (between `"` and `"`: at its
 * closing quote), and the byte a following field starts with (`[` of a
 * `%t` after it: it sharpens the search for a free field's end), else -1.
 */
function delimiters(program: AccessProgram): { quoted: boolean[]; after: Int32Array } {
  const { fields, literals: lits } = program;
  const n = fields.length;
  return {
    quoted: fields.map((_, f) => lits[f].at(-1) === QUOTE && lits[f + 1][0] === QUOTE),
    after: Int32Array.from(fields, (_, f) => (f + 1 < n && lits[f + 1].length > 0 && fields[f + 1].role === A_TIME_CLF ? LBRACKET : -1)),
  };
}

/** The roles the access lane runs (assembly/access-lane.ts), besides one A_TIME_CLF or A_TIME_LOCAL. */
const LANE_ROLES = new Set([A_SKIP, A_REQUEST, A_URL, A_STATUS, A_COUNT, A_RT]);
const LANE_MAX_FIELDS = 32;
const LANE_PROGRAM_BYTES = 4096;
const FIELD_WORDS = 7;

/**
 * The program as the access lane reads it (assembly/access-lane.ts
 * configure: i32 words, then the literals' bytes), or undefined for a
 * program it does not run: another time than one `%t` or `$time_local`, an upstream's
 * response time, more than 32 fields.
 */
export function accessLaneProgram(program: AccessProgram): Uint8Array | undefined {
  const { fields, literals } = program;
  const n = fields.length;
  if (n < 1 || n > LANE_MAX_FIELDS || literals.length !== n + 1) return undefined;
  const clf = (f: AccessField): boolean => f.role === A_TIME_CLF || f.role === A_TIME_LOCAL;
  if (fields.filter(clf).length !== 1) return undefined;
  if (fields.some((f) => f.upstream || (!clf(f) && !LANE_ROLES.has(f.role)))) return undefined;
  const { quoted, after } = delimiters(program);
  const head = (3 + n * FIELD_WORDS) * 4;
  const size = head + literals.reduce((a, l) => a + l.length, 0);
  if (size > LANE_PROGRAM_BYTES) return undefined;
  const out = new Uint8Array(size);
  const words = new DataView(out.buffer);
  let at = head;
  const literal = (l: Uint8Array): [number, number] => {
    out.set(l, at);
    at += l.length;
    return [at - l.length, l.length];
  };
  const put = (k: number, v: number): void => words.setInt32(k * 4, v, true);
  put(0, n);
  const [o0, l0] = literal(literals[0]);
  put(1, o0);
  put(2, l0);
  fields.forEach((f, k) => {
    const w = 3 + k * FIELD_WORDS;
    const [o, l] = literal(literals[k + 1]);
    put(w, f.role);
    put(w + 1, f.shift);
    put(w + 2, f.integer ? 1 : 0);
    put(w + 3, quoted[k] ? 1 : 0);
    put(w + 4, after[k]);
    put(w + 5, o);
    put(w + 6, l);
  });
  return out;
}

/** The parser of a compiled format string. */
export function compileAccess(program: AccessProgram): LineParser {
  const fields = program.fields;
  const n = fields.length;
  const lits = program.literals;
  if (lits.length !== n + 1) throw new TypeError(`an access program has ${n} fields and ${lits.length} literals; it needs ${n + 1}`);
  const roles = Int32Array.from(fields, (f) => f.role);
  const shifts = Int32Array.from(fields, (f) => f.shift);
  const integer = fields.map((f) => f.integer);
  const upstream = fields.map((f) => f.upstream);
  const layouts = fields.map((f) => f.layout ?? new Int32Array(0));
  const { quoted, after } = delimiters(program);
  const lit0 = lits[0];
  // most literals are one byte (' ', '"', ']'): matched and searched without a call
  const litLen = Int32Array.from(lits, (l) => l.length);
  const litByte = Int32Array.from(lits, (l) => (l.length > 0 ? l[0] : -1));

  return function parseAccess(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
    if (!literalAt(buf, start, end, lit0)) return false;
    let i = start + lit0.length;
    let ts = NaN;
    let frac = 0;
    let zone = 0;
    let status = -1;
    let rt = NaN;
    let up = NaN;
    let reqStart = -1;
    let reqEnd = -1;
    let urlStart = -1;
    let urlEnd = -1;
    for (let f = 0; f < n; f++) {
      const lit = lits[f + 1];
      const role = roles[f];
      let j = -1;
      if (role <= A_URL) {
        // a value that is not a figure (most fields): up to its closing quote, the literal after it, or the end of the line
        if (quoted[f]) j = closingQuote(buf, i, end);
        else if (litLen[f + 1] === 0) j = end;
        else if (litLen[f + 1] === 1 && after[f] < 0) {
          const c = litByte[f + 1];
          j = i;
          while (j < end && buf[j] !== c) j++;
          if (j === end) j = -1;
        } else j = findLiteral(buf, i, end, lit, after[f]);
        if (role === A_REQUEST) {
          reqStart = i;
          reqEnd = j;
        } else if (role === A_URL) {
          urlStart = i;
          urlEnd = j;
        }
      } else {
        switch (role) {
          case A_STATUS:
            status = statusAt(buf, i, end);
            if (status >= 0) j = i + 3;
            break;
          case A_COUNT:
            if (i < end && buf[i] === DASH) j = i + 1;
            else j = readInteger(buf, i, end, 0);
            break;
          case A_TIME_CLF:
            if (i < end && buf[i] === LBRACKET) {
              const t = parseNginxTime(buf, i + 1, end);
              if (t === t && lastEnd < end && buf[lastEnd] === RBRACKET) {
                if (ts !== ts) ts = t;
                j = lastEnd + 1;
              }
            }
            break;
          case A_TIME_LOCAL: {
            const t = parseNginxTime(buf, i, end);
            if (t === t) {
              if (ts !== ts) ts = t;
              j = lastEnd;
            }
            break;
          }
          case A_TIME_ISO: {
            const t = parseIso(buf, i, end);
            if (t === t) {
              if (ts !== ts) ts = t;
              j = lastEnd;
            }
            break;
          }
          case A_TIME_EPOCH:
            j = readDecimal(buf, i, end, shifts[f]);
            if (j >= 0) {
              const t = Math.floor(numOut[0]);
              if (t > MAX_MS) j = -1;
              else if (ts !== ts) ts = t;
            }
            break;
          case A_TIME_FRAC:
            j = readInteger(buf, i, end, shifts[f]);
            if (j >= 0) frac = Math.floor(numOut[0]);
            break;
          case A_TIME_LAYOUT: {
            const t = layoutTime(buf, i, end, layouts[f], false);
            if (t === t) {
              if (ts !== ts) ts = t;
              j = layoutEnd;
            }
            break;
          }
          case A_TIME_ZONE:
            if (layoutTime(buf, i, end, layouts[f], true) === 0) {
              zone = layoutZone;
              j = layoutEnd;
            }
            break;
          case A_RT:
          case A_RT_LIST: {
            let v = NaN;
            if (integer[f]) {
              j = readInteger(buf, i, end, shifts[f]);
              if (j >= 0) v = numOut[0];
            } else if (role === A_RT_LIST) {
              j = readTimeList(buf, i, end, shifts[f]);
              if (j >= 0 && numOut[0] >= 0) v = numOut[0];
            } else if (i < end && buf[i] === DASH && (i + 1 >= end || buf[i + 1] !== DOT)) j = i + 1;
            else {
              j = readDecimal(buf, i, end, shifts[f]);
              if (j >= 0) v = numOut[0];
            }
            if (upstream[f]) {
              if (up !== up) up = v;
            } else if (rt !== rt) rt = v;
            break;
          }
          default:
        }
      }
      if (j < 0) return false;
      const len = litLen[f + 1];
      if (len === 1) {
        if (j >= end || buf[j] !== litByte[f + 1]) return false;
      } else if (len > 1 && !literalAt(buf, j, end, lit)) return false;
      i = j + len;
    }
    if (i !== end || ts !== ts) return false;
    rec.ts = ts + frac - zone;
    rec.level = levelOfStatus(status);
    rec.request = true;
    rec.rt = rt === rt ? rt : up;
    if (reqStart >= 0) {
      rec.msgStart = reqStart;
      rec.msgEnd = reqEnd;
    } else if (urlStart >= 0) {
      rec.msgStart = urlStart;
      rec.msgEnd = urlEnd;
    } else {
      rec.msgStart = start;
      rec.msgEnd = start;
    }
    return true;
  };
}
