/**
 * JSON lines (SPEC §3.2): one object per line, walked at byte level — no
 * JSON.parse, no string per line. The top-level object's known keys (see
 * fields.ts) are read; every other value is skipped but still validated, so
 * anything that is not one complete, well-formed object (truncated, an array,
 * a number, junk after the `}`) is malformed.
 *
 * A line with a `log` string and a `stream` string is Docker's json-file
 * (src/parsers/docker.ts), not an entry of json: json would read its time
 * and none of what its `log` text says, and where the file has pieces of a
 * long line (which docker counts as markers, not entries) detection would
 * rank json, parsing more of its lines, above docker.
 *
 * The walkers (skipWs, skipString, skipValue) serve the parsers of other
 * one-object-per-line formats too (Docker json-file, journald).
 *
 * Level: a name or a pino number; none (or null) → INFO. An unknown level
 * name makes the line malformed, as in the standard format: guessing INFO
 * would hide the line's real severity from the error figures.
 */
import type { LineParser, LineRecord } from './record.js';
import { INFO } from './record.js';
import { F_NONE, F_TIME, F_LEVEL, F_MSG, F_RT_S, fieldOf, setFigure, figureValueAt, levelValueAt } from './fields.js';
import { levelFromNumber } from './levels.js';
import { readJsonNumber, numOut } from './num.js';
import { epochAt, timeValueAt } from './time.js';
import { quotedMessageAt } from './message.js';

const SP = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BSLASH = 92;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const D0 = 48;
const D9 = 57;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const SLASH = 47;
const LC_B = 0x62;
const LC_F = 0x66;
const LC_N = 0x6e;
const LC_R = 0x72;
const LC_T = 0x74;
const LC_U = 0x75;
const LC_A = 0x61;
const LC_L = 0x6c;
const LC_S = 0x73;
const LC_E = 0x65;

export function skipWs(buf: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = buf[i];
    if (c !== SP && c !== TAB && c !== LF && c !== CR) break;
    i++;
  }
  return i;
}

function isHex(b: number): boolean {
  const l = b | 0x20;
  return (b >= D0 && b <= D9) || (l >= LC_A && l <= LC_F);
}

/** Whether the string skipped last contained a backslash escape (a live binding). */
export let strEscaped = false;

/**
 * A JSON string at i (i at the opening quote): returns the position after
 * the closing quote, or -1 (unterminated, raw control byte, bad escape).
 * Bytes ≥ 0x80 are taken as they are: invalid UTF-8 in a log line is the
 * producer's problem, not a reason to lose the entry.
 */
export function skipString(buf: Uint8Array, i: number, end: number): number {
  strEscaped = false;
  i++;
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) return i + 1;
    if (c === BSLASH) {
      if (i + 1 >= end) return -1;
      strEscaped = true;
      const e = buf[i + 1];
      if (e === LC_U) {
        if (i + 6 > end || !isHex(buf[i + 2]) || !isHex(buf[i + 3]) || !isHex(buf[i + 4]) || !isHex(buf[i + 5])) {
          return -1;
        }
        i += 6;
        continue;
      }
      if (
        e !== QUOTE && e !== BSLASH && e !== SLASH && e !== LC_B && e !== LC_F && e !== LC_N && e !== LC_R && e !== LC_T
      ) {
        return -1;
      }
      i += 2;
      continue;
    }
    if (c < SP) return -1;
    i++;
  }
  return -1;
}

/** `true`, `false` or `null` at i → position after it, or -1. */
function skipLiteral(buf: Uint8Array, i: number, end: number): number {
  const c = buf[i];
  if (c === LC_T) {
    return i + 4 <= end && buf[i + 1] === LC_R && buf[i + 2] === LC_U && buf[i + 3] === LC_E ? i + 4 : -1;
  }
  if (c === LC_F) {
    return i + 5 <= end && buf[i + 1] === LC_A && buf[i + 2] === LC_L && buf[i + 3] === LC_S && buf[i + 4] === LC_E
      ? i + 5
      : -1;
  }
  if (c === LC_N) {
    return i + 4 <= end && buf[i + 1] === LC_U && buf[i + 2] === LC_L && buf[i + 3] === LC_L ? i + 4 : -1;
  }
  return -1;
}

// Nesting stack for skipValue: 1 = object, 0 = array. Iterative, so a line of
// a million '[' cannot overflow the call stack; grown on demand.
let stack = new Uint8Array(64);

/** `"key"` ws `:` ws at i → position of the value, or -1. */
function skipKeyColon(buf: Uint8Array, i: number, end: number): number {
  if (i >= end || buf[i] !== QUOTE) return -1;
  i = skipString(buf, i, end);
  if (i < 0) return -1;
  i = skipWs(buf, i, end);
  if (i >= end || buf[i] !== COLON) return -1;
  return skipWs(buf, i + 1, end);
}

/**
 * Any JSON value at i (no leading blank): returns the position after it,
 * or -1 when it is not well-formed.
 */
export function skipValue(buf: Uint8Array, i: number, end: number): number {
  let depth = 0;
  for (;;) {
    // A value starts at i.
    if (i >= end) return -1;
    const c = buf[i];
    if (c === LBRACE || c === LBRACKET) {
      i = skipWs(buf, i + 1, end);
      if (i < end && buf[i] === (c === LBRACE ? RBRACE : RBRACKET)) {
        i++; // empty container: a complete value
      } else {
        if (depth === stack.length) {
          const grown = new Uint8Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[depth++] = c === LBRACE ? 1 : 0;
        if (c === LBRACE) {
          i = skipKeyColon(buf, i, end);
          if (i < 0) return -1;
        }
        continue; // parse the first member's value
      }
    } else if (c === QUOTE) {
      i = skipString(buf, i, end);
    } else if (c === MINUS || (c >= D0 && c <= D9)) {
      i = readJsonNumber(buf, i, end, 0);
    } else {
      i = skipLiteral(buf, i, end);
    }
    if (i < 0) return -1;
    // A value ended at i: close containers, or move to the next member.
    for (;;) {
      if (depth === 0) return i;
      i = skipWs(buf, i, end);
      if (i >= end) return -1;
      const d = buf[i];
      const inObject = stack[depth - 1] === 1;
      if (d === COMMA) {
        i = skipWs(buf, i + 1, end);
        if (inObject) {
          i = skipKeyColon(buf, i, end);
          if (i < 0) return -1;
        }
        break; // parse the next value
      }
      if (d === (inObject ? RBRACE : RBRACKET)) {
        depth--;
        i++;
        continue;
      }
      return -1;
    }
  }
}

/** Docker json-file's keys: `log` (1) and `stream` (2) with string values. */
const DOCKER_LINE = 3;
function dockerKey(buf: Uint8Array, s: number, e: number): number {
  if (e - s === 3) return buf[s] === 0x6c && buf[s + 1] === 0x6f && buf[s + 2] === 0x67 ? 1 : 0;
  return buf[s] === 0x73 && buf[s + 1] === 0x74 && buf[s + 2] === 0x72 && buf[s + 3] === 0x65 && buf[s + 4] === 0x61 && buf[s + 5] === 0x6d ? 2 : 0;
}

export const parseJson: LineParser = function parseJson(
  buf: Uint8Array,
  start: number,
  end: number,
  rec: LineRecord,
): boolean {
  let i = skipWs(buf, start, end);
  if (i >= end || buf[i] !== LBRACE) return false;
  i = skipWs(buf, i + 1, end);
  let ts = NaN;
  let level = -1;
  let msgStart = -1;
  let msgEnd = -1;
  let msgEscaped = false;
  let docker = 0;
  if (i < end && buf[i] === RBRACE) {
    i++;
  } else {
    for (;;) {
      if (i >= end || buf[i] !== QUOTE) return false;
      const ks = i + 1;
      i = skipString(buf, i, end);
      if (i < 0) return false;
      // A key with escapes ("\u0074s") is not one of ours: keys are plain ASCII.
      const ke = i - 1;
      const field = strEscaped ? F_NONE : fieldOf(buf, ks, ke);
      i = skipWs(buf, i, end);
      if (i >= end || buf[i] !== COLON) return false;
      i = skipWs(buf, i + 1, end);
      if (i >= end) return false;
      const c = buf[i];
      if (c === QUOTE) {
        const vs = i + 1;
        i = skipString(buf, i, end);
        if (i < 0) return false;
        const ve = i - 1;
        const escaped = strEscaped;
        switch (field) {
          case F_NONE:
            if (ke - ks === 3 || ke - ks === 6) docker |= dockerKey(buf, ks, ke);
            break;
          case F_TIME:
            // The first valid time wins ("time" then "timestamp" both present).
            if (ts !== ts && !escaped) ts = timeValueAt(buf, vs, ve);
            break;
          case F_LEVEL: {
            const lv = escaped ? -1 : levelValueAt(buf, vs, ve);
            if (lv < 0) return false;
            if (level < 0) level = lv;
            break;
          }
          case F_MSG:
            if (msgStart < 0) {
              msgStart = vs;
              msgEnd = ve;
              msgEscaped = escaped;
            }
            break;
          default:
            // A figure given as a string ("127") still counts; "127ms" does not.
            if (!escaped) setFigure(rec, field, figureValueAt(buf, vs, ve, field));
        }
      } else if (c === MINUS || (c >= D0 && c <= D9)) {
        const ns = i;
        i = readJsonNumber(buf, i, end, field === F_RT_S ? 3 : 0);
        if (i < 0) return false;
        const v = numOut[0];
        switch (field) {
          case F_NONE:
          case F_MSG:
            break;
          case F_TIME:
            if (ts !== ts) ts = epochAt(buf, ns, i);
            break;
          case F_LEVEL: {
            const lv = levelFromNumber(v);
            if (lv < 0) return false;
            if (level < 0) level = lv;
            break;
          }
          default:
            setFigure(rec, field, v);
        }
      } else {
        // Objects, arrays, literals. A level that is one of those (but null,
        // which means "no level") is not a level: malformed.
        // (Starting with 'n', a well-formed value can only be `null`.)
        if (field === F_LEVEL && c !== LC_N) return false;
        i = skipValue(buf, i, end);
        if (i < 0) return false;
      }
      i = skipWs(buf, i, end);
      if (i >= end) return false;
      if (buf[i] === COMMA) {
        i = skipWs(buf, i + 1, end);
        continue;
      }
      if (buf[i] === RBRACE) {
        i++;
        break;
      }
      return false;
    }
  }
  // Only blanks may follow the object.
  if (skipWs(buf, i, end) !== end) return false;
  if (ts !== ts || docker === DOCKER_LINE) return false;
  rec.ts = ts;
  rec.level = level < 0 ? INFO : level;
  if (msgStart >= 0) {
    quotedMessageAt(buf, msgStart, msgEnd, msgEscaped, rec);
  } else {
    rec.msgStart = rec.msgEnd = end;
  }
  return true;
};
