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
 * first byte (src/formats/json.ts minuteAt reads it).
 */
import { b, bailed, clearBail, coreBytes, coreInit, countLine, currentMinuteMs, dig, minuteKnown, newPrefix, scanLines, setMinuteMs, LineTaker, COLON, DOT, SP, TAB, CR, NL } from './lane-core';
import { clearFigures, figCpu, figMem, figRt, levelAt, messageScanBytes, messageScanInit, NEED_CPU, NEED_MEM, NEED_RT, scanFrom, scanMessage } from './message-scan';

export { status, reset, clearMinute, F64_SLOTS, COUNTERS, BUCKETS, ERR_CAP, RANGE_END, NEED_BYTES, BAIL, NEW_PREFIX, ERRORS_FULL, TPL_CAP, TPL_NONE, tplReset, tplFull, tplRecords, tplArena } from './lane-core';

const QUOTE: u32 = 34;
const BSLASH: u32 = 92;
const COMMA: u32 = 44;
const MINUS: u32 = 45;
const LBRACE: u32 = 123;
const RBRACE: u32 = 125;
const LBRACK: u32 = 91;
const RBRACK: u32 = 93;
const SLASH: u32 = 47;

// fields (src/parsers/fields.ts)
const F_NONE = 0;
const F_TIME = 1;
const F_LEVEL = 2;
const F_MSG = 3;
const F_RT_MS = 4;
const F_RT_S = 5;
const F_MEM = 6;
const F_CPU = 7;

/** Deeper nesting than this goes to JS (its stack grows; the lane's does not). */
const MAX_DEPTH: i32 = 64;
let STACK: usize = 0;

// the current minute: a time string's 16-byte prefix and its zone (when the minute came from one), and its epoch ms
let prefixA: u64 = 0;
let prefixB: u64 = 0;
let zoneW: u64 = 0;
let zoneN: usize = 0;
let hasPrefix = false;
/** The longest zone kept with a minute (`+05:30`, `Z`). */
const MAX_ZONE: usize = 8;

/** The low n bytes (n ≤ 8) at i as a word. */
@inline function word(i: usize, n: usize): u64 {
  return n == 0 ? 0 : n >= 8 ? load<u64>(i) : load<u64>(i) & ((<u64>1 << (<u64>n << 3)) - 1);
}

export function init(state: usize): void {
  const mc = coreInit(state);
  messageScanInit(mc);
  STACK = mc + messageScanBytes();
}

export function stateBytes(): usize {
  return coreBytes() + messageScanBytes() + <usize>MAX_DEPTH;
}

/**
 * The minute of the time at t (a string's first byte, or an epoch number),
 * validated by JS (src/formats/json.ts minuteAt: a string of the lane's form,
 * its zone at most MAX_ZONE bytes): lines whose time has its prefix and zone
 * are in it.
 */
export function setMinute(t: usize, ms: f64): void {
  hasPrefix = b(t - 1) == QUOTE;
  if (hasPrefix) {
    prefixA = load<u64>(t);
    prefixB = load<u64>(t + 8);
    let j = t + 19;
    if (b(j) == DOT) {
      j++;
      while (<u32>dig(j) <= 9) j++;
    }
    let q = j;
    while (q <= j + MAX_ZONE && b(q) != QUOTE) q++;
    zoneN = q - j;
    if (zoneN > MAX_ZONE) hasPrefix = false;
    else zoneW = word(j, zoneN);
  }
  setMinuteMs(ms);
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

/** Set by jsonNumber: the value (× 10^shift), and whether the number was negative. */
let numValue: f64 = 0;
let numMant: u64 = 0;
let numExp: i32 = 0;
let numNeg = false;

const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/** mant × 10^e for |e| ≤ 22 (src/parsers/num.ts scale10); sets the bail flag beyond. */
function scale10(m: f64, e: i32): f64 {
  if (m == 0 || e == 0) return m;
  if (e > 22 || e < -22) {
    mustBailNumber = true;
    return 0;
  }
  return e > 0 ? m * unchecked(POW10[e]) : m / unchecked(POW10[-e]);
}

/** A number the lane does not read as JS does (an exponent, more than 15 digits): the line is JS's. */
let mustBailNumber = false;

/**
 * A JSON number at i, `-?(0|[1-9]\d*)(\.\d+)?` (src/parsers/num.ts
 * readJsonNumber): the position after it, or 0 when the bytes are not one.
 * An exponent or more than 15 digits sets mustBailNumber (the mantissa is
 * then not the JS parser's double arithmetic, step for step).
 */
function jsonNumber(i: usize, end: usize, shift: i32): usize {
  numNeg = false;
  if (i < end && b(i) == MINUS) {
    numNeg = true;
    i++;
  }
  if (i >= end) return 0;
  let d = <u32>dig(i);
  if (d > 9) return 0;
  let m: u64 = 0;
  let digits = 0;
  let exp = 0;
  if (d == 0) {
    i++;
    if (i < end && <u32>dig(i) <= 9) return 0; // a leading zero
  } else {
    while (i < end) {
      d = <u32>dig(i);
      if (d > 9) break;
      m = m * 10 + d;
      digits++;
      i++;
    }
  }
  if (i < end && b(i) == DOT) {
    i++;
    const fs = i;
    while (i < end) {
      d = <u32>dig(i);
      if (d > 9) break;
      m = m * 10 + d;
      exp--;
      digits++;
      i++;
    }
    if (i == fs) return 0;
  }
  if (i < end && (b(i) | 0x20) == 0x65) {
    mustBailNumber = true; // an exponent
    return i;
  }
  if (digits > 15) {
    mustBailNumber = true;
    return i;
  }
  numMant = m;
  numExp = exp;
  const v = scale10(<f64>m, exp + shift);
  numValue = numNeg ? -v : v;
  return i;
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
          mustBailNumber = true;
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

/** Bytes at s, lowercased where they are letters, equal the n low bytes of k (little-endian). */
@inline function keyIs(s: usize, k: u64, n: usize): bool {
  let w: u64 = 0;
  if (n == 8) w = load<u64>(s);
  else if (n >= 4) w = <u64>load<u32>(s) | (n > 4 ? (<u64>load<u32>(s + n - 4) << (<u64>(n - 4) << 3)) : 0);
  else if (n == 3) w = <u64>load<u16>(s) | (<u64>b(s + 2) << 16);
  else w = <u64>load<u16>(s);
  return lower(w, n) == k;
}

/**
 * x with its letters lowercased (`| 0x20` on the bytes that are A-Z only,
 * as fields.ts eq: `b === c || (b | 0x20) === c` with c a lowercase key
 * byte, `_` or `@`), its low n bytes kept.
 */
@inline function lower(x: u64, n: usize): u64 {
  // a byte is A-Z iff (byte + 0x3f) has its top bit and (byte + 0x25) has not, for bytes < 0x80
  const hi = x & 0x8080808080808080;
  const low7 = x & 0x7f7f7f7f7f7f7f7f;
  const upper = ((low7 + 0x3f3f3f3f3f3f3f3f) & ~(low7 + 0x2525252525252525) & ~hi) & 0x8080808080808080;
  const y = x | (upper >> 2);
  return n >= 8 ? y : y & ((<u64>1 << (<u64>n << 3)) - 1);
}

/** Bytes [s, s + n) lowercased equal key (n ≤ 16: two words). */
function keyIs16(s: usize, n: usize, k0: u64, k1: u64): bool {
  return lower(load<u64>(s), 8) == k0 && lower(load<u64>(s + n - 8), 8) == k1;
}

// keys, little-endian (fields.ts)
const K_TS: u64 = 0x7374;
const K_MSG: u64 = 0x67736d;
const K_LVL: u64 = 0x6c766c;
const K_TIME: u64 = 0x656d6974;
const K_LEVEL: u64 = 0x6c6576656c;
const K_MEM_MB: u64 = 0x626d5f6d656d;
const K_RSS_MB: u64 = 0x626d5f737372;
const K_MESSAGE: u64 = 0x6567617373656d;
const K_CPU_PCT: u64 = 0x7463705f757063;
const K_SEVERITY: u64 = 0x7974697265766573;

/**
 * The field a key [s, e) names (src/parsers/fields.ts fieldOf). Keys of
 * 9 bytes and more are compared as two overlapping words.
 */
function fieldOf(s: usize, e: usize): i32 {
  const n = e - s;
  switch (<i32>n) {
    case 2:
      return keyIs(s, K_TS, 2) ? F_TIME : F_NONE;
    case 3:
      if (keyIs(s, K_MSG, 3)) return F_MSG;
      return keyIs(s, K_LVL, 3) ? F_LEVEL : F_NONE;
    case 4:
      return keyIs(s, K_TIME, 4) ? F_TIME : F_NONE;
    case 5:
      return keyIs(s, K_LEVEL, 5) ? F_LEVEL : F_NONE;
    case 6:
      return keyIs(s, K_MEM_MB, 6) || keyIs(s, K_RSS_MB, 6) ? F_MEM : F_NONE;
    case 7:
      if (keyIs(s, K_MESSAGE, 7)) return F_MSG;
      return keyIs(s, K_CPU_PCT, 7) ? F_CPU : F_NONE;
    case 8:
      return keyIs(s, K_SEVERITY, 8) ? F_LEVEL : F_NONE;
    case 9:
      if (keyIs16(s, 9, 0x6d617473656d6974, 0x706d617473656d69)) return F_TIME; // timestamp
      return keyIs16(s, 9, 0x6d5f79726f6d656d, 0x626d5f79726f6d65) ? F_MEM : F_NONE; // memory_mb
    case 10:
      if (b(s) == 0x40) return keyIs16(s + 1, 9, 0x6d617473656d6974, 0x706d617473656d69) ? F_TIME : F_NONE; // @timestamp
      if (keyIs16(s, 10, 0x5f79636e6574616c, 0x736d5f79636e6574)) return F_RT_MS; // latency_ms
      if (keyIs16(s, 10, 0x5f64657370616c65, 0x736d5f6465737061)) return F_RT_MS; // elapsed_ms
      return keyIs16(s, 10, 0x6e6f697461727564, 0x735f6e6f69746172) ? F_RT_S : F_NONE; // duration_s
    case 11:
      if (keyIs16(s, 11, 0x6e6f697461727564, 0x736d5f6e6f697461)) return F_RT_MS; // duration_ms
      return keyIs16(s, 11, 0x637265705f757063, 0x746e65637265705f) ? F_CPU : F_NONE; // cpu_percent
    case 12:
      if (keyIs16(s, 12, 0x65736e6f70736572, 0x656d697465736e6f)) return F_RT_MS; // responsetime
      return keyIs16(s, 12, 0x5f74736575716572, 0x656d69745f747365) ? F_RT_S : F_NONE; // request_time
    case 16:
      return keyIs16(s, 16, 0x65736e6f70736572, 0x736d5f656d69745f) ? F_RT_MS : F_NONE; // response_time_ms
    default:
      return F_NONE;
  }
}

/** pino's numeric level (src/parsers/levels.ts levelFromNumber), or -1. */
function levelFromNumber(n: f64): i32 {
  if (!(n >= 10 && n <= 60)) return -1;
  if (n < 20) return 0;
  if (n < 30) return 1;
  if (n < 40) return 2;
  if (n < 50) return 3;
  if (n < 60) return 4;
  return 5;
}

// what the line gave
let ts: f64 = NaN;
let timeSeen = false;

/**
 * A time string's bytes [s, e) (no escape): sets ts when it is the lane's
 * form in the current minute; false when the line must stop (another minute:
 * NEW_PREFIX, or a form the lane does not read: BAIL).
 */
function timeString(s: usize, e: usize): bool {
  // YYYY-MM-DD?HH:MM:SS[.f{1,9}][Z]
  if (e - s < 19 || b(s + 16) != COLON) return false;
  if (!minuteKnown() || !hasPrefix || load<u64>(s) != prefixA || load<u64>(s + 8) != prefixB) return newPrefix(s);
  const s0 = dig(s + 17);
  const s1 = dig(s + 18);
  if ((s0 | (9 - s0) | s1 | (9 - s1)) < 0) return false;
  const sec = s0 * 10 + s1;
  if (sec > 59) return false; // 60 (a leap second) lands in the next minute: JS
  let i = s + 19;
  let ms = 0;
  if (i < e && b(i) == DOT) {
    i++;
    let n = 0;
    let scale = 100;
    while (i < e) {
      const d = dig(i);
      if (<u32>d > 9) break;
      n++;
      ms += d * scale;
      scale /= 10;
      i++;
    }
    if (n == 0 || n > 9) return false;
  }
  // the zone of the minute (another zone, a ',' fraction, junk: JS reads the minute, or the line)
  if (e - i != zoneN || word(i, zoneN) != zoneW) return newPrefix(s);
  ts = currentMinuteMs() + <f64>(sec * 1000 + ms);
  return true;
}

/** An epoch number just read by jsonNumber (src/parsers/time.ts epochAt): sets ts within the current minute, else false (NEW_PREFIX at t, or BAIL). */
function timeNumber(t: usize): bool {
  if (numNeg) return false;
  const v = numValue;
  const msv = Math.floor(Math.abs(v) >= 1e12 ? v : scale10(<f64>numMant, numExp + 3));
  if (mustBailNumber) return false;
  const minute = currentMinuteMs();
  if (!minuteKnown() || !(msv >= minute && msv < minute + 60000)) return newPrefix(t);
  ts = msv;
  return true;
}

function takeLine(s: usize, end: usize): bool {
  let i = s;
  if (b(i) != LBRACE) return false;
  i = skipWs(i + 1, end);
  ts = NaN;
  timeSeen = false;
  mustBailNumber = false;
  let level: i32 = -1;
  let msgStart: usize = 0;
  let msgEnd: usize = 0;
  let hasMsg = false;
  let msgEscaped = false;
  let docker = 0;
  let rt: f64 = NaN;
  let mem: f64 = NaN;
  let cpu: f64 = NaN;
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
          if (mustBailNumber) return false;
          if (ne == ve && vs < ve) {
            const v = numValue;
            if (v >= 0 && v < Infinity) {
              if (field == F_RT_MS || field == F_RT_S) {
                if (rt != rt) rt = v;
              } else if (field == F_MEM) {
                if (mem != mem) mem = v;
              } else if (cpu != cpu) cpu = v;
            }
          }
        }
      } else if (c == MINUS || <u32>dig(i) <= 9) {
        const ns = i;
        i = jsonNumber(i, end, field == F_RT_S ? 3 : 0);
        if (i == 0 || mustBailNumber) return false;
        const v = numValue;
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
        } else if (field >= F_RT_MS) {
          if (v >= 0 && v < Infinity) {
            if (field == F_RT_MS || field == F_RT_S) {
              if (rt != rt) rt = v;
            } else if (field == F_MEM) {
              if (mem != mem) mem = v;
            } else if (cpu != cpu) cpu = v;
          }
        }
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
  clearFigures();
  clearBail();
  if (hasMsg) {
    if (msgEscaped && level >= 4) return false; // JS decodes it for the top errors
    if (msgStart < msgEnd) {
      let need = 0;
      if (rt != rt) need |= NEED_RT;
      if (mem != mem) need |= NEED_MEM;
      if (cpu != cpu) need |= NEED_CPU;
      if (need == (NEED_RT | NEED_MEM | NEED_CPU)) scanMessage(msgStart, msgEnd);
      else if (need != 0) scanFrom(msgStart, msgEnd, need);
      if (bailed()) return false;
      if (rt != rt) rt = figRt();
      if (mem != mem) mem = figMem();
      if (cpu != cpu) cpu = figCpu();
    }
  } else {
    msgStart = end;
    msgEnd = end;
  }
  const sec = <i32>((ts - currentMinuteMs()) / 1000);
  return countLine(s, ts, sec, level, rt == rt, rt, mem, cpu, msgStart, msgEnd);
}

@final class JsonLines extends LineTaker {
  @inline take(s: usize, e: usize): bool {
    return takeLine(s, e);
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
