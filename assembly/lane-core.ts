/**
 * What every fast lane shares (assembly/standard-lane.ts, nginx-lane.ts):
 * the state JS reads (src/scan/lane.ts), the minute's counters and how a
 * line is counted into them, the error list, numbers, and the scan over
 * lines. A lane module adds its own line parser and re-exports the entry
 * points JS calls.
 *
 * A lane counts the lines of one minute at a time. JS tells it the minute
 * (setMinute in the lane module) and flushes the counters into the chunk's
 * Accumulator when the minute changes or a step ends.
 */

// ---- memory layout, from STATE: f64 slots, u32 counters, buckets, error list; a lane's own data after ----
// The offsets, sizes and statuses JS shares are in src/scan/lane-layout.ts (one copy for both sides).
import {
  S_FIRST_TS,
  S_LAST_TS,
  S_RT_SUM_US,
  S_RT_MIN,
  S_RT_MAX,
  S_MEM,
  S_CPU,
  S_MINUTE_MS,
  F64_SLOTS,
  C_LEVELS,
  C_ERRORS,
  C_ERR_COUNT,
  C_RT_N,
  C_MEM_N,
  C_CPU_N,
  C_LINES,
  C_RT_LO,
  C_RT_HI,
  C_REQUESTS,
  C_PREFIX_AT,
  C_PER_SECOND,
  COUNTERS,
  ERR_CAP,
  ERR_ENTRY,
  TPL_CAP,
  TPL_REC,
  RANGE_END,
  NEED_BYTES,
  BAIL,
  NEW_PREFIX,
  ERRORS_FULL,
} from '../src/scan/lane-layout';
// what the lane modules export to JS
export { F64_SLOTS, COUNTERS, ERR_CAP, TPL_CAP, RANGE_END, NEED_BYTES, BAIL, NEW_PREFIX, ERRORS_FULL } from '../src/scan/lane-layout';
import { innerDecoded, innerEnd, innerStart, unwrap, wrapInit, wrapping, SCRATCH_BYTES } from './wrappers';
export { setWrap } from './wrappers';

/** u32 bucket counts, MAX_INDEX + 1 of them (src/metrics/sketch.ts), after the counters. */
const SUB_BITS = 7;
const SUB_COUNT = 128;
const LINEAR_LIMIT = 256;
export const BUCKETS = (53 - SUB_BITS) * SUB_COUNT + (SUB_COUNT * 2 - 1) + 1;

export const NL: u32 = 10;
export const CR: u32 = 13;
export const SP: u32 = 32;
export const TAB: u32 = 9;
export const COLON: u32 = 58;
export const DOT: u32 = 46;
export const LBRACKET: u32 = 91;
export const RBRACKET: u32 = 93;

let STATE: usize = 0;
let COUNT_BASE: usize = 0;
let BUCKET_BASE: usize = 0;
let ERR_BASE: usize = 0;
let TPL_TABLE: usize = 0;
let TPL_RECS: usize = 0;
let TPL_SCRATCH: usize = 0;
let TPL_ARENA: usize = 0;
let status_: i32 = 0;
let minuteMs: f64 = 0;
/** A minute was set (setMinuteMs) since the last clearMinute: the lane's own prefix bytes are valid. */
let hasMinute = false;
/** Set when a number needs an operation the lane does not do like JS (Math.pow): the line bails. */
let mustBail = false;
let numv: f64 = 0;

const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

@inline export function b(p: usize): u32 {
  return <u32>load<u8>(p);
}
@inline export function lc(p: usize): u32 {
  return <u32>load<u8>(p) | 0x20;
}
@inline export function isBlankByte(c: u32): bool {
  return c == SP || c == TAB;
}
@inline export function isLetterAt(p: usize): bool {
  return (lc(p) - 0x61) < 26;
}
@inline export function dig(p: usize): i32 {
  return <i32>load<u8>(p) - 48;
}
@inline function slot(i: i32): f64 {
  return load<f64>(STATE + (<usize>i << 3));
}
@inline function setSlot(i: i32, v: f64): void {
  store<f64>(STATE + (<usize>i << 3), v);
}
@inline function cnt(i: i32): u32 {
  return load<u32>(COUNT_BASE + (<usize>i << 2));
}
@inline function setCnt(i: i32, v: u32): void {
  store<u32>(COUNT_BASE + (<usize>i << 2), v);
}
@inline function incr(i: i32): void {
  const a = COUNT_BASE + (<usize>i << 2);
  store<u32>(a, load<u32>(a) + 1);
}

@inline export function setStatus(s: i32): void {
  status_ = s;
}
@inline export function currentMinuteMs(): f64 {
  return minuteMs;
}
@inline export function minuteKnown(): bool {
  return hasMinute;
}
@inline export function number(): f64 {
  return numv;
}
@inline export function bailed(): bool {
  return mustBail;
}
@inline export function clearBail(): void {
  mustBail = false;
}

/** Sets up the shared state at `state` (coreBytes() of it); returns where a lane's own data may go. */
export function coreInit(state: usize): usize {
  STATE = state;
  COUNT_BASE = state + (<usize>F64_SLOTS << 3);
  BUCKET_BASE = COUNT_BASE + (<usize>COUNTERS << 2);
  ERR_BASE = BUCKET_BASE + (<usize>BUCKETS << 2);
  TPL_TABLE = ERR_BASE + <usize>ERR_CAP * ERR_ENTRY;
  TPL_RECS = TPL_TABLE + (<usize>TPL_SLOTS << 2);
  TPL_SCRATCH = TPL_RECS + <usize>TPL_CAP * TPL_REC;
  TPL_ARENA = TPL_SCRATCH + TPL_SCRATCH_BYTES;
  wrapInit(TPL_ARENA + TPL_ARENA_BYTES);
  reset();
  tplReset();
  return TPL_ARENA + TPL_ARENA_BYTES + SCRATCH_BYTES;
}

export function coreBytes(): usize {
  return (
    (<usize>F64_SLOTS << 3) +
    (<usize>COUNTERS << 2) +
    (<usize>BUCKETS << 2) +
    <usize>ERR_CAP * ERR_ENTRY +
    (<usize>TPL_SLOTS << 2) +
    <usize>TPL_CAP * TPL_REC +
    TPL_SCRATCH_BYTES +
    TPL_ARENA_BYTES +
    SCRATCH_BYTES
  );
}

// ---- error templates (src/metrics/accumulator.ts errorBytes) ----
//
// An error's template is its message's first MAX_TEXT bytes with each run of
// digits as one '#'. The lane interns templates, so JS decodes each once and
// groups an error line by its id instead of reading its bytes again. Ids hold
// until JS calls tplReset (when tplFull after a drain); a template that does
// not fit gets TPL_NONE and JS reads the line's bytes itself.

export const MAX_TEXT: usize = 240;
// TPL_CAP templates held, a record of TPL_REC bytes each (src/scan/lane-layout.ts)
/** Hash table slots (u32: id + 1, 0 empty), a power of two above twice TPL_CAP. */
const TPL_SLOTS = 8192;
const TPL_SCRATCH_BYTES: usize = 256 + 16;
const TPL_ARENA_BYTES: usize = 256 * 1024;
export const TPL_NONE: u32 = 0xffffffff;
let tplCount: u32 = 0;
let tplUsed: usize = 0;
let tplFull_ = false;

/** Forgets every template (JS forgets its decoded names too). */
export function tplReset(): void {
  memory.fill(TPL_TABLE, 0, <usize>TPL_SLOTS << 2);
  tplCount = 0;
  tplUsed = 0;
  tplFull_ = false;
}

/** A template got TPL_NONE for want of room since the last tplReset. */
export function tplFull(): bool {
  return tplFull_;
}

/** Address of the template records (see TPL_CAP); offsets in them are from tplArena(). */
export function tplRecords(): usize {
  return TPL_RECS;
}

export function tplArena(): usize {
  return TPL_ARENA;
}

/** The id of the template of message [s, e), interned now if new; TPL_NONE when there is no room. */
function templateOf(s: usize, e: usize): u32 {
  if (e - s > MAX_TEXT) e = s + MAX_TEXT;
  // the template's bytes into the scratch area: 16 bytes at a time while they hold no digit
  const out = TPL_SCRATCH;
  let n: usize = 0;
  let i = s;
  let inDigits = false;
  const zero = i8x16.splat(48);
  const ten = i8x16.splat(10);
  while (i < e) {
    if (i + 16 <= e && !v128.any_true(i8x16.lt_u(i8x16.sub(v128.load(i), zero), ten))) {
      v128.store(out + n, v128.load(i));
      n += 16;
      i += 16;
      inDigits = false;
      continue;
    }
    const c = <u32>load<u8>(i);
    if (c - 48 <= 9) {
      if (!inDigits) {
        store<u8>(out + n, 35); // '#'
        n++;
        inDigits = true;
      }
    } else {
      store<u8>(out + n, <u8>c);
      n++;
      inDigits = false;
    }
    i++;
  }
  // hash 8 bytes at a time (the last word masked to the template's bytes)
  let h: u64 = <u64>n * 0x9e3779b97f4a7c15;
  let j: usize = 0;
  while (j + 8 <= n) {
    h = (h ^ load<u64>(out + j)) * 0x9e3779b97f4a7c15;
    h ^= h >> 29;
    j += 8;
  }
  if (j < n) {
    h = (h ^ (load<u64>(out + j) & ((<u64>1 << (<u64>(n - j) << 3)) - 1))) * 0x9e3779b97f4a7c15;
    h ^= h >> 29;
  }
  const hash = <u32>(h >> 32);
  let k = <usize>hash & (<usize>TPL_SLOTS - 1);
  for (;;) {
    const at = TPL_TABLE + (k << 2);
    const v = load<u32>(at);
    if (v == 0) break;
    const rec = TPL_RECS + <usize>(v - 1) * TPL_REC;
    if (load<u32>(rec, 8) == hash && <usize>load<u32>(rec, 4) == n && sameBytes(out, TPL_ARENA + <usize>load<u32>(rec), n)) return v - 1;
    k = (k + 1) & (<usize>TPL_SLOTS - 1);
  }
  // a new template: room for it?
  if (tplCount >= <u32>TPL_CAP || tplUsed + n > TPL_ARENA_BYTES) {
    tplFull_ = true;
    return TPL_NONE;
  }
  const id = tplCount++;
  const rec = TPL_RECS + <usize>id * TPL_REC;
  store<u32>(rec, <u32>tplUsed);
  store<u32>(rec, <u32>n, 4);
  store<u32>(rec, hash, 8);
  memory.copy(TPL_ARENA + tplUsed, out, n);
  tplUsed += n;
  store<u32>(TPL_TABLE + (k << 2), id + 1);
  return id;
}

/** Bytes [i, i + n) equal the n bytes at `at`. */
export function sameBytes(i: usize, at: usize, n: usize): bool {
  let j: usize = 0;
  while (j + 8 <= n) {
    if (load<u64>(i + j) != load<u64>(at + j)) return false;
    j += 8;
  }
  while (j < n) {
    if (load<u8>(i + j) != load<u8>(at + j)) return false;
    j++;
  }
  return true;
}

export function status(): i32 {
  return status_;
}

/** Zeroes the counters (after JS flushed them); the minute stays. */
export function reset(): void {
  if (cnt(C_RT_N) > 0) {
    const lo = cnt(C_RT_LO);
    memory.fill(BUCKET_BASE + (<usize>lo << 2), 0, <usize>(cnt(C_RT_HI) - lo + 1) << 2);
  }
  memory.fill(STATE, 0, (<usize>F64_SLOTS << 3) + (<usize>COUNTERS << 2));
  setSlot(S_FIRST_TS, Infinity);
  setSlot(S_LAST_TS, -Infinity);
  setSlot(S_RT_MIN, Infinity);
  setSlot(S_RT_MAX, -Infinity);
  setCnt(C_RT_LO, <u32>BUCKETS);
  setSlot(S_MEM + 1, Infinity);
  setSlot(S_MEM + 2, -Infinity);
  setSlot(S_CPU + 1, Infinity);
  setSlot(S_CPU + 2, -Infinity);
  setSlot(S_MINUTE_MS, minuteMs);
}

/** The minute (epoch ms) of the lines the lane takes from now on. */
export function setMinuteMs(ms: f64): void {
  minuteMs = ms;
  hasMinute = true;
  setSlot(S_MINUTE_MS, ms);
}

/** Forgets the minute (a new chunk): the next line with a time is NEW_PREFIX. */
export function clearMinute(): void {
  hasMinute = false;
}

/** A new minute: JS must tell it (setMinute); `timeAt` is where the line's time starts. */
export function newPrefix(timeAt: usize): bool {
  status_ = NEW_PREFIX;
  setCnt(C_PREFIX_AT, <u32>timeAt);
  return false;
}

// ---- numbers (src/parsers/num.ts readDecimal) ----

/**
 * An unsigned decimal `digits[.digits]` at i → number() × 10^shift
 * (src/parsers/num.ts readDecimal); the position after it, or 0 when there
 * is no digit at i. Up to 15 digits, the mantissa is gathered as an
 * integer: every partial value is below 2^53, so it equals the JS parser's
 * double arithmetic exactly, without a chain of floating-point
 * multiply-adds per digit.
 */
export function readDecimal(i: usize, end: usize, shift: i32): usize {
  const first = i;
  let m: u64 = 0;
  while (i < end) {
    const d = <u32>load<u8>(i) - 48;
    if (d > 9) break;
    m = m * 10 + d;
    i++;
  }
  if (i == first) return 0;
  let digits = <i32>(i - first);
  let exp = 0;
  if (i + 1 < end && b(i) == DOT && <u32>dig(i + 1) <= 9) {
    i++;
    while (i < end) {
      const d = <u32>load<u8>(i) - 48;
      if (d > 9) break;
      m = m * 10 + d;
      exp--;
      i++;
    }
    digits -= exp;
  }
  if (digits > 15) return readDecimalLong(first, end, shift);
  const e = exp + shift;
  // scale10(mant, e); |e| <= 15 + 3 here
  numv = m == 0 || e == 0 ? <f64>m : e > 0 ? <f64>m * unchecked(POW10[e]) : <f64>m / unchecked(POW10[-e]);
  return i;
}

/** readDecimal for more than 15 digits: the JS parser's double arithmetic, step for step. */
function readDecimalLong(i: usize, end: usize, shift: i32): usize {
  let mant: f64 = 0;
  let sig = 0;
  let exp = 0;
  while (i < end) {
    const d = dig(i);
    if (<u32>d > 9) break;
    if (sig < 17) {
      mant = mant * 10 + <f64>d;
      if (mant != 0) sig++;
    } else exp++;
    i++;
  }
  if (i + 1 < end && b(i) == DOT) {
    const d1 = dig(i + 1);
    if (<u32>d1 <= 9) {
      i++;
      while (i < end) {
        const d = dig(i);
        if (<u32>d > 9) break;
        if (sig < 17) {
          mant = mant * 10 + <f64>d;
          exp--;
          if (mant != 0) sig++;
        }
        i++;
      }
    }
  }
  // scale10(mant, exp + shift)
  const e = exp + shift;
  if (mant == 0 || e == 0) numv = mant;
  else if (e > 0) {
    if (e > 22) {
      mustBail = true;
      return 0;
    }
    numv = mant * unchecked(POW10[e]);
  } else {
    if (e < -22) {
      mustBail = true;
      return 0;
    }
    numv = mant / unchecked(POW10[-e]);
  }
  return i;
}

// ---- counting a line (src/metrics/accumulator.ts entry, partial.ts addStat, sketch.ts add) ----

/** Math.round for the values the lane sees: floor, then up when the fraction is ≥ 0.5 (not WebAssembly's round-half-even). */
@inline function jsRound(x: f64): f64 {
  const f = Math.floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

function addStat(n: i32, at: i32, v: f64): void {
  incr(n);
  setSlot(at, slot(at) + jsRound(v * 1000));
  if (v < slot(at + 1)) setSlot(at + 1, v);
  if (v > slot(at + 2)) setSlot(at + 2, v);
}

/**
 * Counts an entry of the current minute at second `sec` (of the line
 * scanLines gives the lane's parser): its level, a
 * request (with response time rt, or NaN), memory and cpu (NaN when none);
 * an error line is listed with its message [msgStart, msgEnd). False (and
 * nothing counted) when the line must go to JS: a response time outside the
 * sketch's integer fast path, a full error list (status ERRORS_FULL), an
 * error line whose text the lane decoded (a Docker `log` with escapes).
 */
@inline export function countLine(
  ts: f64,
  sec: i32,
  level: i32,
  request: bool,
  rt: f64,
  mem: f64,
  cpu: f64,
  msgStart: usize,
  msgEnd: usize,
): bool {
  if (level >= 4 && innerDecoded()) return false; // its message is JS's to keep, as text (assembly/wrappers.ts)
  let us: i32 = 0;
  let bucket: i32 = 0;
  if (rt == rt) {
    const x = rt * 1000 + 0.5;
    if (!(x >= 0 && x < 2147483648.0)) return false;
    us = <i32>x;
    if (us < LINEAR_LIMIT) bucket = us;
    else {
      const shift = 31 - <i32>clz<u32>(<u32>us) - SUB_BITS;
      bucket = shift * SUB_COUNT + <i32>(<u32>us >>> shift);
    }
  }
  if (level >= 4) {
    const n = cnt(C_ERR_COUNT);
    if (n >= <u32>ERR_CAP) {
      status_ = ERRORS_FULL;
      return false;
    }
    const a = ERR_BASE + <usize>n * ERR_ENTRY;
    store<u32>(a, <u32>lineAt);
    store<u32>(a, <u32>msgStart, 4);
    store<u32>(a, <u32>msgEnd, 8);
    store<u32>(a, templateOf(msgStart, msgEnd), 12);
    setCnt(C_ERR_COUNT, n + 1);
    incr(C_ERRORS);
  }
  incr(C_LEVELS + level);
  if (ts < slot(S_FIRST_TS)) setSlot(S_FIRST_TS, ts);
  if (ts > slot(S_LAST_TS)) setSlot(S_LAST_TS, ts);
  if (request) {
    incr(C_REQUESTS);
    incr(C_PER_SECOND + sec);
    if (rt == rt) {
      const a = BUCKET_BASE + (<usize>bucket << 2);
      store<u32>(a, load<u32>(a) + 1);
      if (<u32>bucket < cnt(C_RT_LO)) setCnt(C_RT_LO, <u32>bucket);
      if (<u32>bucket > cnt(C_RT_HI)) setCnt(C_RT_HI, <u32>bucket);
      incr(C_RT_N);
      setSlot(S_RT_SUM_US, slot(S_RT_SUM_US) + <f64>us);
      if (rt < slot(S_RT_MIN)) setSlot(S_RT_MIN, rt);
      if (rt > slot(S_RT_MAX)) setSlot(S_RT_MAX, rt);
    }
  }
  if (mem == mem) addStat(C_MEM_N, S_MEM, mem);
  if (cpu == cpu) addStat(C_CPU_N, S_CPU, cpu);
  return true;
}

// ---- lines ----

/** The start of the line scanLines is on (a wrapped line's, not its inner line's): where the lane lists an error line. */
let lineAt: usize = 0;

/** A lane's line parser: take(s, e) parses and counts the line [s, e), or returns false. */
export abstract class LineTaker {
  abstract take(s: usize, e: usize): bool;
}

@inline function findNl(i: usize, stop: usize): usize {
  const nl = i8x16.splat(10);
  while (i + 16 <= stop) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(i), nl));
    if (m != 0) return i + <usize>ctz(m);
    i += 16;
  }
  while (i < stop && b(i) != NL) i++;
  return i;
}

/**
 * Takes the lines starting in [p, stop) whose '\n' lies before len (bytes
 * [p, len) are in memory) until one is not the lane's: `take(s, e)` parses
 * and counts the non-blank line [s, e) (no '\n', no trailing '\r', not
 * starting with a blank; a wrapped line's inner line) or returns false.
 * Returns where it stopped: the start of the first line not taken; status()
 * says why.
 */
// generic over the lane's line parser (a final class), so each lane's copy calls it directly, not through a table
@inline export function scanLines<T extends LineTaker>(p: usize, stop: usize, len: usize, lines_: T): usize {
  let lines: u32 = 0;
  while (p < stop) {
    const nl = findNl(p, len);
    if (nl >= len) {
      status_ = NEED_BYTES;
      setCnt(C_LINES, cnt(C_LINES) + lines);
      return p;
    }
    let e = nl;
    if (e > p && b(e - 1) == CR) e--;
    // a blank line (empty, or spaces and tabs only) is no line at all
    let k = p;
    while (k < e && isBlankByte(b(k))) k++;
    if (k < e) {
      status_ = BAIL;
      lineAt = p;
      // a wrapped line (assembly/wrappers.ts): its inner line is the parser's
      const wrapped = wrapping();
      if (k != p || (wrapped && !unwrap(p, e)) || !lines_.take(wrapped ? innerStart : p, wrapped ? innerEnd : e)) {
        setCnt(C_LINES, cnt(C_LINES) + lines);
        return p;
      }
    }
    lines++;
    p = nl + 1;
  }
  status_ = RANGE_END;
  setCnt(C_LINES, cnt(C_LINES) + lines);
  return p;
}
