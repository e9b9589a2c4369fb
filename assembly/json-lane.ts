/**
 * The json format's fast lane (see assembly/lane-core.ts and the JS side,
 * src/scan/lane.ts). It takes the lines of the current minute
 *
 *   {"timestamp":"2024-01-24T10:15:00.000Z","level":"info","message":"Request processed","latency_ms":90}
 *   {"level":30,"time":1706091300000,"pid":7,"msg":"request completed","responseTime":12}
 *
 * and reads them as src/parsers/json.ts does, operation for operation: one
 * well-formed object per line, its keys matched case-insensitively
 * (src/parsers/fields.ts fieldOf), every other value skipped but validated,
 * the first valid time, level, message and figure winning, then the figure
 * keywords in the message (assembly/message-scan.ts) for what the fields did
 * not give.
 *
 * The lane is stricter than the JS parser, never looser: a line it is not
 * sure of goes to JS whole ("bail"), which then decides. Bailed: a time that
 * is not `YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}][zone]` in a string nor a plain
 * epoch number (a `,` fraction, an epoch in a string), a level word levelAt does
 * not know (or a number in a string), a number with an exponent or more
 * than 15 digits, an escaped level or error message (JS decodes it for the
 * top errors), nesting deeper than MAX_DEPTH, Docker's `log`+`stream` line,
 * and every line JSON would refuse.
 *
 * The minute: a time string's first 16 bytes (`YYYY-MM-DDTHH:MM`) and its
 * zone (`Z`, `+01:00`, none) against those JS validated (setMinute), or an epoch's milliseconds within the
 * minute JS gave; another minute stops the lane with NEW_PREFIX at the time's
 * first byte (src/parsers/time.ts laneMinuteAt reads it).
 */
import { b, coreBytes, coreInit, dig, scanLines, LineTaker, COLON, SP, TAB, CR, NL } from './lane-core';
import { bailLine, countEntry, fieldOf, jsonNumber, levelFromNumber, numberBailed, numberValue, setFieldFigure, setTimeMinute, startLine, timeMillis, timeNumber, timeString, F_LEVEL, F_MSG, F_NONE, F_RT_MS, F_RT_S, F_TIME } from './fields';
import { levelAt, messageScanBytes, messageScanInit } from './message-scan';

export { status, reset, clearMinute, F64_SLOTS, COUNTERS, BUCKETS, ERR_CAP, RANGE_END, NEED_BYTES, BAIL, NEW_PREFIX, ERRORS_FULL, TPL_CAP, TPL_NONE, tplReset, tplFull, tplRecords, tplArena, setWrap } from './lane-core';

const QUOTE: u32 = 34;
const BSLASH: u32 = 92;
const COMMA: u32 = 44;
const MINUS: u32 = 45;
const LBRACE: u32 = 123;
const RBRACE: u32 = 125;
const LBRACK: u32 = 91;
const RBRACK: u32 = 93;
const SLASH: u32 = 47;


/** Deeper nesting than this goes to JS (its stack grows; the lane's does not). */
const MAX_DEPTH: i32 = 64;
let STACK: usize = 0;

export function init(state: usize): void {
  const mc = coreInit(state);
  messageScanInit(mc);
  STACK = mc + messageScanBytes();
}

export function stateBytes(): usize {
  return coreBytes() + messageScanBytes() + <usize>MAX_DEPTH;
}

/** The minute of the time at t (an ISO string's first byte, or an epoch number), validated by JS (src/parsers/time.ts laneMinuteAt). */
export function setMinute(t: usize, ms: f64): void {
  setTimeMinute(t, ms, b(t + 4) == MINUS);
}

@inline function isWs(c: u32): bool {
  return c == SP || c == TAB || c == NL || c == CR;
}

function skipWs(i: usize, end: usize): usize {
  while (i < end && isWs(b(i))) i++;
  return i;
}

@inline function isHex(c: u32): bool {
  return c - 48 <= 9 || (c | 0x20) - 0x61 < 6;
}

/** Set by skipString: the string had a backslash escape. */
let escaped = false;

/**
 * A JSON string at i (the opening quote): the position after the closing
 * quote, or 0 (unterminated, a raw control byte, a bad escape), as
 * src/parsers/json.ts skipString. Sixteen bytes at a time up to the first
 * quote, backslash or control byte.
 */
function skipString(i: usize, end: usize): usize {
  escaped = false;
  i++;
  const quote = i8x16.splat(<i8>QUOTE);
  const bslash = i8x16.splat(<i8>BSLASH);
  const space = i8x16.splat(<i8>SP);
  for (;;) {
    while (i + 16 <= end) {
      const v = v128.load(i);
      const m = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, bslash)), i8x16.lt_u(v, space)));
      if (m != 0) {
        i += <usize>ctz(m);
        break;
      }
      i += 16;
    }
    if (i >= end) return 0;
    const c = b(i);
    if (c == QUOTE) return i + 1;
    if (c == BSLASH) {
      if (i + 1 >= end) return 0;
      escaped = true;
      const e = b(i + 1);
      if (e == 0x75) {
        if (i + 6 > end || !isHex(b(i + 2)) || !isHex(b(i + 3)) || !isHex(b(i + 4)) || !isHex(b(i + 5))) return 0;
        i += 6;
        continue;
      }
      if (e != QUOTE && e != BSLASH && e != SLASH && e != 0x62 && e != 0x66 && e != 0x6e && e != 0x72 && e != 0x74) return 0;
      i += 2;
      continue;
    }
    if (c < SP) return 0;
    i++;
  }
  return 0; // not reached
}


/** `true`, `false` or `null` at i: the position after it, or 0. */
function skipLiteral(i: usize, end: usize): usize {
  const c = b(i);
  if (c == 0x74) return i + 4 <= end && load<u32>(i) == 0x65757274 ? i + 4 : 0; // true
  if (c == 0x66) return i + 5 <= end && load<u32>(i + 1) == 0x65736c61 ? i + 5 : 0; // false
  if (c == 0x6e) return i + 4 <= end && load<u32>(i) == 0x6c6c756e ? i + 4 : 0; // null
  return 0;
}

/** `"key"` ws `:` ws at i: the position of the value, or 0. */
function skipKeyColon(i: usize, end: usize): usize {
  if (i >= end || b(i) != QUOTE) return 0;
  i = skipString(i, end);
  if (i == 0) return 0;
  i = skipWs(i, end);
  if (i >= end || b(i) != COLON) return 0;
  return skipWs(i + 1, end);
}

/** Any JSON value at i (src/parsers/json.ts skipValue): the position after it, or 0. */
function skipValue(i: usize, end: usize): usize {
  let depth: i32 = 0;
  for (;;) {
    if (i >= end) return 0;
    const c = b(i);
    if (c == LBRACE || c == LBRACK) {
      i = skipWs(i + 1, end);
      if (i < end && b(i) == (c == LBRACE ? RBRACE : RBRACK)) {
        i++;
      } else {
        if (depth == MAX_DEPTH) {
          bailLine();
          return 0;
        }
        store<u8>(STACK + <usize>depth, c == LBRACE ? 1 : 0);
        depth++;
        if (c == LBRACE) {
          i = skipKeyColon(i, end);
          if (i == 0) return 0;
        }
        continue;
      }
    } else if (c == QUOTE) {
      i = skipString(i, end);
    } else if (c == MINUS || <u32>dig(i) <= 9) {
      i = jsonNumber(i, end, 0);
    } else {
      i = skipLiteral(i, end);
    }
    if (i == 0) return 0;
    for (;;) {
      if (depth == 0) return i;
      i = skipWs(i, end);
      if (i >= end) return 0;
      const d = b(i);
      const inObject = load<u8>(STACK + <usize>(depth - 1)) == 1;
      if (d == COMMA) {
        i = skipWs(i + 1, end);
        if (inObject) {
          i = skipKeyColon(i, end);
          if (i == 0) return 0;
        }
        break;
      }
      if (d == (inObject ? RBRACE : RBRACK)) {
        depth--;
        i++;
        continue;
      }
      return 0;
    }
  }
  return 0; // not reached
}


function takeLine(s: usize, end: usize): bool {
  let i = s;
  if (b(i) != LBRACE) return false;
  i = skipWs(i + 1, end);
  startLine();
  let timeSeen = false;
  let level: i32 = -1;
  let msgStart: usize = 0;
  let msgEnd: usize = 0;
  let hasMsg = false;
  let msgEscaped = false;
  let docker = 0;
  // (a flag, not for (;;) with a break: asc 0.28 then took the code after the loop for unreachable and trapped)
  let members = !(i < end && b(i) == RBRACE);
  if (!members) i++;
  while (members) {
    {
      if (i >= end || b(i) != QUOTE) return false;
      const ks = i + 1;
      i = skipString(i, end);
      if (i == 0) return false;
      const ke = i - 1;
      const field = escaped ? F_NONE : fieldOf(ks, ke);
      i = skipWs(i, end);
      if (i >= end || b(i) != COLON) return false;
      i = skipWs(i + 1, end);
      if (i >= end) return false;
      const c = b(i);
      if (c == QUOTE) {
        const vs = i + 1;
        i = skipString(i, end);
        if (i == 0) return false;
        const ve = i - 1;
        if (field == F_NONE) {
          const n = ke - ks;
          if (n == 3 && load<u16>(ks) == 0x6f6c && b(ks + 2) == 0x67) docker |= 1; // log
          else if (n == 6 && load<u32>(ks) == 0x65727473 && load<u16>(ks + 4) == 0x6d61) docker |= 2; // stream
        } else if (field == F_TIME) {
          if (!timeSeen && !escaped) {
            // the first valid time wins: one the lane does not read may be invalid to JS too, and a later key then counts
            if (!timeString(vs, ve)) return false;
            timeSeen = true;
          }
        } else if (field == F_LEVEL) {
          if (escaped) return false;
          const lv = levelAt(vs, ve);
          if (lv < 0) return false; // an unknown word (malformed) or a number in a string: JS
          if (level < 0) level = lv;
        } else if (field == F_MSG) {
          if (!hasMsg) {
            hasMsg = true;
            msgStart = vs;
            msgEnd = ve;
            msgEscaped = escaped;
          }
        } else if (!escaped) {
          // a figure given as a string: exactly a number ("127"), else ignored
          const ne = jsonNumber(vs, ve, field == F_RT_S ? 3 : 0);
          if (numberBailed()) return false;
          if (ne == ve && vs < ve) setFieldFigure(field, numberValue());
        }
      } else if (c == MINUS || <u32>dig(i) <= 9) {
        const ns = i;
        i = jsonNumber(i, end, field == F_RT_S ? 3 : 0);
        if (i == 0 || numberBailed()) return false;
        const v = numberValue();
        if (field == F_TIME) {
          if (!timeSeen) {
            // a number must span the value (JS checks what follows next): the lane reads it as the epoch
            if (!timeNumber(ns)) return false;
            timeSeen = true;
          }
        } else if (field == F_LEVEL) {
          const lv = levelFromNumber(v);
          if (lv < 0) return false;
          if (level < 0) level = lv;
        } else if (field >= F_RT_MS) setFieldFigure(field, v);
      } else {
        // objects, arrays, literals; a level that is one of them (but null) is malformed
        if (field == F_LEVEL && c != 0x6e) return false;
        i = skipValue(i, end);
        if (i == 0) return false;
      }
      i = skipWs(i, end);
      if (i >= end) return false;
      if (b(i) == COMMA) {
        i = skipWs(i + 1, end);
        continue;
      }
      if (b(i) == RBRACE) {
        i++;
        members = false;
        continue;
      }
      return false;
    }
  }
  if (skipWs(i, end) != end) return false;
  if (!timeSeen || docker == 3) return false;
  if (level < 0) level = 2;
  return countEntry(end, level, hasMsg, msgStart, msgEnd, msgEscaped);
}

// ---- journald's JSON export (mode 1: src/parsers/journald.ts) ----

/** The lane reads journald's export instead of json (configure's mode 1). */
let journald = false;

/** Mode 0, json; 1, journald's JSON export (`journalctl -o json`). 1 when the lane has the mode. */
export function configure(p: usize, n: usize, mode: i32): i32 {
  if (mode != 0 && mode != 1) return 0;
  journald = mode == 1;
  return 1;
}

const J_NONE = 0;
const J_REALTIME = 1;
const J_PRIORITY = 2;
const J_MESSAGE = 3;
const REALTIME = memory.data<u8>([95, 95, 82, 69, 65, 76, 84, 73, 77, 69, 95, 84, 73, 77, 69, 83, 84, 65, 77, 80]); // __REALTIME_TIMESTAMP
const PRIORITY = memory.data<u8>([80, 82, 73, 79, 82, 73, 84, 89]); // PRIORITY
const MESSAGE = memory.data<u8>([77, 69, 83, 83, 65, 71, 69]); // MESSAGE

/** Whether the n bytes at p are those at lit. */
@inline function same(p: usize, lit: usize, n: usize): bool {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(p + i) != load<u64>(lit + i)) return false;
  for (; i < n; i++) if (load<u8>(p + i) != load<u8>(lit + i)) return false;
  return true;
}

/** Which of the keys the journald parser reads key [s, e) is (its lengths differ: 20, 8, 7). */
@inline function journaldKey(s: usize, e: usize): i32 {
  const n = e - s;
  if (n == 20) return same(s, REALTIME, 20) ? J_REALTIME : J_NONE;
  if (n == 8) return same(s, PRIORITY, 8) ? J_PRIORITY : J_NONE;
  if (n == 7) return same(s, MESSAGE, 7) ? J_MESSAGE : J_NONE;
  return J_NONE;
}

/** syslog's severities 0..7 → the level (src/parsers/levels.ts levelFromSeverity). */
const SEVERITY_LEVEL: StaticArray<i32> = [5, 5, 5, 4, 3, 2, 2, 1];

/**
 * A journald line, read as src/parsers/journald.ts does, stricter: the
 * time is `__REALTIME_TIMESTAMP`, a string of 1–17 digits (µs), its last
 * three dropped; the level `PRIORITY`, a one-digit string 0–7 or null, else
 * none (INFO); the message `MESSAGE`, a string (null or another value: none);
 * every other value skipped but validated. Left to JS: no realtime (JS then
 * reads `_SOURCE_REALTIME_TIMESTAMP`), one of these keys twice or escaped,
 * a realtime that is not such a string, a MESSAGE array (a binary message),
 * any PRIORITY but those, and every line JSON would refuse.
 */
function takeJournald(s: usize, end: usize): bool {
  let i = s;
  if (b(i) != LBRACE) return false;
  i = skipWs(i + 1, end);
  startLine();
  let timeAt: usize = 0;
  let msv: f64 = 0;
  let level: i32 = -1;
  let priority = false;
  let msgStart: usize = 0;
  let msgEnd: usize = 0;
  let hasMsg = false;
  let msgSeen = false;
  let msgEscaped = false;
  let members = !(i < end && b(i) == RBRACE);
  if (!members) return false; // {}: no time
  while (members) {
    if (i >= end || b(i) != QUOTE) return false;
    const ks = i + 1;
    i = skipString(i, end);
    if (i == 0) return false;
    const key = escaped ? J_NONE : journaldKey(ks, i - 1);
    i = skipWs(i, end);
    if (i >= end || b(i) != COLON) return false;
    i = skipWs(i + 1, end);
    if (i >= end) return false;
    const vs = i;
    const c = b(i);
    i = c == QUOTE ? skipString(i, end) : skipValue(i, end);
    if (i == 0) return false;
    if (key == J_REALTIME) {
      if (timeAt != 0 || c != QUOTE || escaped) return false;
      const n = i - 2 - vs;
      if (n < 1 || n > 17) return false;
      let ms: f64 = 0;
      for (let j = vs + 1; j < i - 1; j++) {
        const d = dig(j);
        if (<u32>d > 9) return false;
        if (j < i - 4) ms = ms * 10 + <f64>d;
      }
      timeAt = vs + 1;
      msv = ms;
    } else if (key == J_PRIORITY) {
      if (priority) return false;
      priority = true;
      if (c != 0x6e) {
        if (c != QUOTE || i - vs != 3) return false;
        const d = dig(vs + 1);
        if (<u32>d > 7) return false;
        level = unchecked(SEVERITY_LEVEL[d]);
      }
    } else if (key == J_MESSAGE) {
      if (msgSeen || c == LBRACK) return false;
      msgSeen = true;
      if (c == QUOTE) {
        hasMsg = true;
        msgStart = vs + 1;
        msgEnd = i - 1;
        msgEscaped = escaped;
      }
    }
    i = skipWs(i, end);
    if (i >= end) return false;
    if (b(i) == COMMA) {
      i = skipWs(i + 1, end);
      continue;
    }
    if (b(i) != RBRACE) return false;
    i++;
    members = false;
  }
  if (skipWs(i, end) != end || timeAt == 0) return false;
  if (!timeMillis(timeAt, msv)) return false;
  if (level < 0) level = 2;
  return countEntry(end, level, hasMsg, msgStart, msgEnd, msgEscaped);
}

@final class JsonLines extends LineTaker {
  @inline take(s: usize, e: usize): bool {
    return journald ? takeJournald(s, e) : takeLine(s, e);
  }
}
const LINES = new JsonLines();

/**
 * Takes the lines starting in [p, stop) whose '\n' lies before len until one
 * is not the lane's; returns where it stopped (status() says why).
 */
export function scan(p: usize, stop: usize, len: usize): usize {
  return scanLines<JsonLines>(p, stop, len, LINES);
}
