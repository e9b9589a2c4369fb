/**
 * The logfmt format's fast lane (see assembly/lane-core.ts and the JS side,
 * src/scan/lane.ts). It takes the lines of the current minute
 *
 *   ts=2024-01-24T10:15:00.000Z level=info msg="Request processed" latency_ms=90 path="/api"
 *
 * and reads them as src/parsers/logfmt.ts does, operation for operation:
 * pairs separated by blanks, a value bare (to the next blank) or quoted with
 * backslash escapes, a key without `=` a flag; the keys of
 * src/parsers/fields.ts (assembly/fields.ts), the first valid time, level,
 * message and figure winning, then the figure keywords in the message
 * (assembly/message-scan.ts) for what the fields did not give.
 *
 * Stricter than the JS parser, never looser: a line it is not sure of goes
 * to JS whole — a time that is neither `YYYY-MM-DD?HH:MM:SS[.f][zone]` nor a
 * bare epoch number, a level word levelAt does not know (or a number), a
 * number with an exponent or more than 15 digits, an escaped level or error
 * message, and every line logfmt would refuse.
 */
import { b, coreBytes, coreInit, scanLines, LineTaker, SP, TAB } from './lane-core';
import { countEntry, fieldOf, jsonNumber, numberBailed, numberValue, setFieldFigure, setTimeMinute, startLine, timeNumber, timeString, F_LEVEL, F_MSG, F_NONE, F_RT_S, F_TIME } from './fields';
import { levelAt, messageScanBytes, messageScanInit } from './message-scan';

export { status, reset, clearMinute, F64_SLOTS, COUNTERS, BUCKETS, ERR_CAP, RANGE_END, NEED_BYTES, BAIL, NEW_PREFIX, ERRORS_FULL, TPL_CAP, TPL_NONE, tplReset, tplFull, tplRecords, tplArena, setWrap } from './lane-core';

const EQ: u32 = 61;
const QUOTE: u32 = 34;
const BSLASH: u32 = 92;
const MINUS: u32 = 45;

export function init(state: usize): void {
  messageScanInit(coreInit(state));
}

export function stateBytes(): usize {
  return coreBytes() + messageScanBytes();
}

/** The minute of the time value at t (ISO, or a bare epoch number), validated by JS (src/parsers/time.ts laneMinuteAt). */
export function setMinute(t: usize, ms: f64): void {
  setTimeMinute(t, ms, b(t + 4) == MINUS);
}

@inline function isBlank(c: u32): bool {
  return c == SP || c == TAB;
}

/** Set by quotedEnd: the value had a backslash escape. */
let escaped = false;

/**
 * The closing quote of a quoted value whose bytes start at i, or end when
 * there is none (src/parsers/logfmt.ts: a backslash takes the byte after it,
 * whatever it is). Sixteen bytes at a time up to the first quote or backslash.
 */
function quotedEnd(i: usize, end: usize): usize {
  escaped = false;
  const quote = i8x16.splat(<i8>QUOTE);
  const bslash = i8x16.splat(<i8>BSLASH);
  for (;;) {
    while (i + 16 <= end) {
      const v = v128.load(i);
      const m = i8x16.bitmask(v128.or(i8x16.eq(v, quote), i8x16.eq(v, bslash)));
      if (m != 0) {
        i += <usize>ctz(m);
        break;
      }
      i += 16;
    }
    if (i >= end) return end;
    const c = b(i);
    if (c == QUOTE) return i;
    if (c == BSLASH) {
      escaped = true;
      i += 2;
    } else i++;
  }
  return end; // not reached
}

function takeLine(s: usize, end: usize): bool {
  startLine();
  let timeSeen = false;
  let level: i32 = -1;
  let msgStart: usize = 0;
  let msgEnd: usize = 0;
  let hasMsg = false;
  let msgEscaped = false;
  let i = s;
  while (i < end) {
    // (a while over pairs, not for (;;) with a break: see assembly/json-lane.ts)
    while (i < end && isBlank(b(i))) i++;
    if (i >= end) continue;
    const ks = i;
    while (i < end) {
      const c = b(i);
      if (c == EQ || c == SP || c == TAB) break;
      if (c == QUOTE || c < SP) return false;
      i++;
    }
    const ke = i;
    if (ke == ks) return false; // '=value' without a key
    if (i >= end || b(i) != EQ) continue; // a flag key
    i++;
    let vs: usize;
    let ve: usize;
    let esc = false;
    if (i < end && b(i) == QUOTE) {
      vs = i + 1;
      ve = quotedEnd(vs, end);
      if (ve >= end) return false; // unterminated
      esc = escaped;
      i = ve + 1;
      if (i < end && !isBlank(b(i))) return false; // `k="a"b`
    } else {
      vs = i;
      while (i < end) {
        const c = b(i);
        if (c == SP || c == TAB) break;
        if (c < SP) return false;
        i++;
      }
      ve = i;
    }
    const field = fieldOf(ks, ke);
    if (field == F_NONE) continue;
    if (field == F_TIME) {
      if (!timeSeen && !esc) {
        // the first valid time wins: one the lane does not read may be invalid to JS too, and a later key then counts
        if (ve - vs >= 19 && b(vs + 4) == MINUS) {
          if (!timeString(vs, ve)) return false;
        } else {
          const ne = jsonNumber(vs, ve, 0);
          if (ne != ve || vs == ve || numberBailed() || !timeNumber(vs)) return false;
        }
        timeSeen = true;
      }
    } else if (field == F_LEVEL) {
      if (esc) return false;
      const lv = levelAt(vs, ve);
      if (lv < 0) return false; // an unknown word (malformed) or a number: JS
      if (level < 0) level = lv;
    } else if (field == F_MSG) {
      if (!hasMsg) {
        hasMsg = true;
        msgStart = vs;
        msgEnd = ve;
        msgEscaped = esc;
      }
    } else if (!esc) {
      // a figure: exactly a number, else ignored
      const ne = jsonNumber(vs, ve, field == F_RT_S ? 3 : 0);
      if (numberBailed()) return false;
      if (ne == ve && vs < ve) setFieldFigure(field, numberValue());
    }
  }
  if (!timeSeen) return false;
  if (level < 0) level = 2;
  return countEntry(end, level, hasMsg, msgStart, msgEnd, msgEscaped);
}

@final class LogfmtLines extends LineTaker {
  @inline take(s: usize, e: usize): bool {
    return takeLine(s, e);
  }
}
const LINES = new LogfmtLines();

/**
 * Takes the lines starting in [p, stop) whose '\n' lies before len until one
 * is not the lane's; returns where it stopped (status() says why).
 */
export function scan(p: usize, stop: usize, len: usize): usize {
  return scanLines<LogfmtLines>(p, stop, len, LINES);
}
