/**
 * What the lanes of the structured formats share (assembly/json-lane.ts,
 * assembly/logfmt-lane.ts): the keys of src/parsers/fields.ts, numbers read
 * as src/parsers/num.ts readJsonNumber reads them, pino's numeric levels,
 * and the time of a field's value keyed on the current minute.
 *
 * The minute: a time value's first 16 bytes (`YYYY-MM-DDTHH:MM`) and its
 * zone (`Z`, `+01:00`, none) against those JS validated (setTimeMinute,
 * src/parsers/time.ts laneMinuteAt), or an epoch's milliseconds within the
 * minute JS gave; another minute stops the lane with NEW_PREFIX at the
 * value's first byte.
 *
 * State of the line being read: startLine() before it, the setters while
 * its fields are read, countEntry() at its end.
 */
import { b, bailed, clearBail, countLine, currentMinuteMs, dig, minuteKnown, newPrefix, setMinuteMs, COLON, DOT, SP, TAB, CR, NL } from './lane-core';
import { clearFigures, figCpu, figMem, figRt, NEED_CPU, NEED_MEM, NEED_RT, scanFrom, scanMessage } from './message-scan';

const QUOTE: u32 = 34;
const MINUS: u32 = 45;

/** A byte that ends a time value: its closing quote, or (logfmt's bare values) a blank or the line's end. */
@inline function endsValue(c: u32): bool {
  return c == QUOTE || c == SP || c == TAB || c == CR || c == NL;
}

// the figures the line's fields gave (NaN: none yet)
let rt: f64 = NaN;
let mem: f64 = NaN;
let cpu: f64 = NaN;

/** Forgets what the last line set (its time, figures, the number bail). */
@inline export function startLine(): void {
  ts = NaN;
  rt = NaN;
  mem = NaN;
  cpu = NaN;
  mustBailNumber = false;
}

/**
 * A figure field's value v in its unit (src/parsers/fields.ts setFigure):
 * the first valid one counts; a negative or non-finite value is ignored.
 */
export function setFieldFigure(field: i32, v: f64): void {
  if (!(v >= 0 && v < Infinity)) return;
  if (field == F_RT_MS || field == F_RT_S) {
    if (rt != rt) rt = v;
  } else if (field == F_MEM) {
    if (mem != mem) mem = v;
  } else if (field == F_CPU) {
    if (cpu != cpu) cpu = v;
  }
}

/**
 * Counts the line [s, end) that a structured lane read (its time set by
 * timeString or timeNumber, its level, its message [msgStart, msgEnd) when
 * hasMsg): the figure keywords in the message for the figures no field gave
 * (src/parsers/message.ts quotedMessageAt), then countLine. False to leave
 * the line to JS: an escaped error message (JS decodes it for the top
 * errors), a number the scan does not read as JS does.
 */
export function countEntry(end: usize, level: i32, hasMsg: bool, msgStart: usize, msgEnd: usize, msgEscaped: bool): bool {
  clearFigures();
  clearBail();
  if (hasMsg) {
    if (msgEscaped && level >= 4) return false;
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
  return countLine(ts, sec, level, rt == rt, rt, mem, cpu, msgStart, msgEnd);
}
/** The value of the last jsonNumber (× 10^shift). */
@inline export function numberValue(): f64 {
  return numValue;
}
/** A number since startLine that the lane does not read as JS does: the line is JS's. */
@inline export function numberBailed(): bool {
  return mustBailNumber;
}
/** Makes the line JS's (a reason found outside the numbers: nesting too deep). */
@inline export function bailLine(): void {
  mustBailNumber = true;
}

// fields: the ids src/parsers/fields.ts gives them (one copy, compiled by both)
import { F_NONE, F_TIME, F_LEVEL, F_MSG, F_RT_MS, F_RT_S, F_MEM, F_CPU } from '../src/parsers/field-ids';
export { F_NONE, F_TIME, F_LEVEL, F_MSG, F_RT_MS, F_RT_S, F_MEM, F_CPU } from '../src/parsers/field-ids';

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

/**
 * The minute of the time value at t (ISO when `iso`, else an epoch number),
 * validated by JS (src/parsers/time.ts laneMinuteAt: of the lane's form,
 * its zone at most MAX_ZONE bytes): lines whose time has its prefix and zone
 * are in it.
 */
export function setTimeMinute(t: usize, ms: f64, iso: bool): void {
  hasPrefix = iso;
  if (hasPrefix) {
    prefixA = load<u64>(t);
    prefixB = load<u64>(t + 8);
    let j = t + 19;
    if (b(j) == DOT) {
      j++;
      while (<u32>dig(j) <= 9) j++;
    }
    let q = j;
    while (q <= j + MAX_ZONE && !endsValue(b(q))) q++;
    zoneN = q - j;
    if (zoneN > MAX_ZONE) hasPrefix = false;
    else zoneW = word(j, zoneN);
  }
  setMinuteMs(ms);
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
export function scale10(m: f64, e: i32): f64 {
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
export function jsonNumber(i: usize, end: usize, shift: i32): usize {
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
export function fieldOf(s: usize, e: usize): i32 {
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
export function levelFromNumber(n: f64): i32 {
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

/**
 * A time string's bytes [s, e) (no escape): sets ts when it is the lane's
 * form in the current minute; false when the line must stop (another minute:
 * NEW_PREFIX, or a form the lane does not read: BAIL).
 */
export function timeString(s: usize, e: usize): bool {
  // YYYY-MM-DD?HH:MM:SS[.f{1,9}][Z]
  if (e - s < 19 || b(s + 4) != MINUS || b(s + 16) != COLON) return false;
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
export function timeNumber(t: usize): bool {
  if (numNeg) return false;
  const v = numValue;
  const msv = Math.floor(Math.abs(v) >= 1e12 ? v : scale10(<f64>numMant, numExp + 3));
  if (mustBailNumber) return false;
  return timeMillis(t, msv);
}

/** The line's time is msv epoch ms, written at t: a time of the current minute, else NEW_PREFIX at t (JS reads the minute there). */
export function timeMillis(t: usize, msv: f64): bool {
  const minute = currentMinuteMs();
  if (!minuteKnown() || !(msv >= minute && msv < minute + 60000)) return newPrefix(t);
  ts = msv;
  return true;
}