/**
 * The message scan of the lanes (src/parsers/message.ts, operation for
 * operation: the same keywords, word-start rule, units, the first value of
 * each figure, the same floating-point operations in the same order), its
 * message cache, and the level words (src/parsers/levels.ts levelAt, the
 * common words: another word is -1 and the lane leaves the line to JS).
 * Shared by assembly/standard-lane.ts and assembly/json-lane.ts.
 *
 * The figures of the line being parsed are module state: clearFigures()
 * before a line, figRt()/figMem()/figCpu() after the scan.
 */
import { b, bailed, dig, isBlankByte, isLetterAt, lc, number, readDecimal, sameBytes, COLON } from './lane-core';

const EQ: u32 = 61;
const PERCENT: u32 = 37;

// figures of the line being parsed
let lineRt: f64 = NaN;
let lineMem: f64 = NaN;
let lineCpu: f64 = NaN;

@inline export function clearFigures(): void {
  lineRt = NaN;
  lineMem = NaN;
  lineCpu = NaN;
}
@inline export function figRt(): f64 {
  return lineRt;
}
@inline export function figMem(): f64 {
  return lineMem;
}
@inline export function figCpu(): f64 {
  return lineCpu;
}
/** What the last scanMessage learnt for a line cache: KIND_EMPTY (nothing), or the kind. */
@inline export function lastMsgKind(): u32 {
  return msgKind;
}
/** The last scanMessage's first digit (or the message's end). */
@inline export function lastMsgDigit(): usize {
  return msgDigit;
}
/** Records that a message had no bytes to scan (a line cache may cache it whole). */
@inline export function noMessage(end: usize): void {
  msgKind = KIND_WHOLE;
  msgDigit = end;
}

/** Bytes of memory the message cache needs (messageScanInit places it). */
export function messageScanBytes(): usize {
  return <usize>MC_SLOTS * MC_SLOT_SIZE;
}

/** Places the message cache at `base` (messageScanBytes() of it). */
export function messageScanInit(base: usize): void {
  MC_BASE = base;
  memory.fill(MC_BASE, 0, <usize>MC_SLOTS * MC_SLOT_SIZE);
}


export const NEED_RT = 1;
export const NEED_MEM = 2;
export const NEED_CPU = 4;

export function skipBlanks(i: usize, end: usize): usize {
  while (i < end && isBlankByte(b(i))) i++;
  return i;
}

export function skipSeparator(i: usize, end: usize): usize {
  i = skipBlanks(i, end);
  if (i < end && (b(i) == COLON || b(i) == EQ)) i = skipBlanks(i + 1, end);
  return i;
}

@inline export function unitEnds(i: usize, end: usize): bool {
  return i >= end || !isLetterAt(i);
}

/** Eight bytes at i lowercased (`| 0x20`: only letters land on letters) against a little-endian packed keyword. */
@inline function eq8(i: usize, k: u64): bool {
  return (load<u64>(i) | 0x2020202020202020) == k;
}
@inline function eq4(i: usize, k: u32): bool {
  return (load<u32>(i) | 0x20202020) == k;
}

/** One or more blanks at i, then the lowercase letters of `word` (at most 8, packed in k, n of them); the position after, or 0. */
function blanksThen(i: usize, end: usize, k: u64, n: usize): usize {
  if (i >= end || !isBlankByte(b(i))) return 0;
  i = skipBlanks(i + 1, end);
  if (i + n > end) return 0;
  for (let j: usize = 0; j < n; j++) {
    if (lc(i + j) != <u32>((k >> (j << 3)) & 0xff)) return 0;
  }
  return i + n;
}

// keywords packed little-endian, as eq8/eq4 read them
const K_PROCESSE: u64 = 0x65737365636f7270; // 'processe'
const K_COMPLETE: u64 = 0x6574656c706d6f63; // 'complete'
const K_DURATION: u64 = 0x6e6f697461727564; // 'duration'
const K_RESPONSE: u64 = 0x65736e6f70736572; // 'response'
const K_LATE: u32 = 0x6574616c; // 'late'
const K_ELAP: u32 = 0x70616c65; // 'elap'
const K_TOOK: u32 = 0x6b6f6f74; // 'took'
const K_MEMO: u32 = 0x6f6d656d; // 'memo'
const K_IN: u64 = 0x6e69; // 'in'
const K_TIME: u64 = 0x656d6974; // 'time'
const K_USAGE: u64 = 0x6567617375; // 'usage'

/** The response-time keyword starting at i whose first letter is c; the position after it, or 0. */
function rtKeyword(i: usize, end: usize, c: u32): usize {
  if (c == 0x70) return i + 12 <= end && eq8(i, K_PROCESSE) && lc(i + 8) == 0x64 ? blanksThen(i + 9, end, K_IN, 2) : 0;
  if (c == 0x63) return i + 12 <= end && eq8(i, K_COMPLETE) && lc(i + 8) == 0x64 ? blanksThen(i + 9, end, K_IN, 2) : 0;
  if (c == 0x74) return i + 4 <= end && eq4(i, K_TOOK) ? i + 4 : 0;
  if (c == 0x64) return i + 8 <= end && eq8(i, K_DURATION) ? i + 8 : 0;
  if (c == 0x6c) return i + 7 <= end && eq4(i, K_LATE) && lc(i + 4) == 0x6e && lc(i + 5) == 0x63 && lc(i + 6) == 0x79 ? i + 7 : 0;
  if (c == 0x72) return i + 13 <= end && eq8(i, K_RESPONSE) ? blanksThen(i + 8, end, K_TIME, 4) : 0;
  // elapsed
  return i + 7 <= end && eq4(i, K_ELAP) && lc(i + 4) == 0x73 && lc(i + 5) == 0x65 && lc(i + 6) == 0x64 ? i + 7 : 0;
}

function rtAfter(i: usize, end: usize): usize {
  i = skipSeparator(i, end);
  if (i == pendingAt && pending == 0) pending = NEED_RT;
  return rtValue(i, end);
}

/** The number and unit of a response time at i → lineRt; the position after, or 0. */
export function rtValue(i: usize, end: usize): usize {
  i = readDecimal(i, end, 0);
  if (i == 0) return 0;
  i = skipBlanks(i, end);
  if (i >= end) return 0;
  const v = number();
  const u = lc(i);
  let ms: f64;
  if (u == 0x73) {
    i += 1;
    ms = v * 1000;
  } else {
    if (i + 1 >= end) return 0;
    const u2 = b(i + 1);
    if ((u2 | 0x20) == 0x73) {
      if (u == 0x6d) ms = v;
      else if (u == 0x75) ms = v / 1000;
      else if (u == 0x6e) ms = v / 1000000;
      else return 0;
      i += 2;
    } else if (((b(i) == 0xc2 && u2 == 0xb5) || (b(i) == 0xce && u2 == 0xbc)) && i + 2 < end && lc(i + 2) == 0x73) {
      ms = v / 1000;
      i += 3;
    } else return 0;
  }
  if (!unitEnds(i, end)) return 0;
  lineRt = ms;
  return i;
}

function memAfter(i: usize, end: usize): usize {
  i = skipSeparator(i, end);
  if (i == pendingAt && pending == 0) pending = NEED_MEM;
  return memValue(i, end);
}

export function memValue(i: usize, end: usize): usize {
  i = readDecimal(i, end, 0);
  if (i == 0) return 0;
  i = skipBlanks(i, end);
  if (i >= end) return 0;
  const u = lc(i);
  let factor: f64;
  if (u == 0x62) {
    factor = 1.0 / (1024.0 * 1024.0);
  } else {
    if (u == 0x6b) factor = 1.0 / 1024.0;
    else if (u == 0x6d) factor = 1;
    else if (u == 0x67) factor = 1024;
    else return 0;
    i++;
    if (i < end && lc(i) == 0x69) i++;
    if (i >= end || lc(i) != 0x62) return 0;
  }
  i++;
  if (!unitEnds(i, end)) return 0;
  lineMem = number() * factor;
  return i;
}

function cpuAfter(i: usize, end: usize): usize {
  i = skipSeparator(i, end);
  if (i == pendingAt && pending == 0) pending = NEED_CPU;
  return cpuValue(i, end);
}

export function cpuValue(i: usize, end: usize): usize {
  i = readDecimal(i, end, 0);
  if (i == 0) return 0;
  i = skipBlanks(i, end);
  if (i >= end || b(i) != PERCENT) return 0;
  lineCpu = number();
  return i + 1;
}

function tryCpu(i: usize, end: usize): usize {
  // 'cpu' was matched by the dispatch
  const j = blanksThen(i + 3, end, K_USAGE, 5);
  if (j != 0) {
    const k = cpuAfter(j, end);
    if (k != 0) return k;
  }
  return cpuAfter(i + 3, end);
}

function tryMem(i: usize, end: usize): usize {
  // 'mem' was matched by the dispatch
  if (i + 6 <= end && eq4(i, K_MEMO) && lc(i + 4) == 0x72 && lc(i + 5) == 0x79) {
    const j = blanksThen(i + 6, end, K_USAGE, 5);
    if (j != 0) {
      const k = memAfter(j, end);
      if (k != 0) return k;
    }
  }
  return memAfter(i + 3, end);
}

const W_PRO = 0x70726f;
const W_COM = 0x636f6d;
const W_TOO = 0x746f6f;
const W_DUR = 0x647572;
const W_LAT = 0x6c6174;
const W_RES = 0x726573;
const W_ELA = 0x656c61;
const W_MEM = 0x6d656d;
const W_CPU = 0x637075;

/** Scans message bytes [i, end) from a position where the figures of `need` are still to find. */
export function scanFrom(i: usize, end: usize, need: i32): void {
  if (end - i < 5) return;
  const last = end - 5;
  while (i <= last) {
    const c = lc(i);
    if (c - 0x61 >= 26) {
      i++;
      continue;
    }
    let j: usize = 0;
    const w = (c << 16) | (lc(i + 1) << 8) | lc(i + 2);
    if (w == W_PRO || w == W_COM || w == W_TOO || w == W_DUR || w == W_LAT || w == W_RES || w == W_ELA) {
      if (need & NEED_RT) {
        j = rtKeyword(i, end, c);
        if (j != 0) j = rtAfter(j, end);
        if (j != 0) need &= ~NEED_RT;
      }
    } else if (w == W_MEM) {
      if (need & NEED_MEM) {
        j = tryMem(i, end);
        if (j != 0) need &= ~NEED_MEM;
      }
    } else if (w == W_CPU) {
      if (need & NEED_CPU) {
        j = tryCpu(i, end);
        if (j != 0) need &= ~NEED_CPU;
      }
    }
    if (j != 0) {
      if (need == 0) return;
      i = j;
      continue;
    }
    i++;
    while (i < end && isLetterAt(i)) i++;
  }
}

// ---- the message cache ----
//
// Log messages repeat a few templates ('Request processed in 127ms'). Every
// figure needs a digit, so the bytes before a message's first digit (its
// prefix) decide everything the scan does up to that digit: whether a
// keyword's number starts there (the pending figure) or nothing is pending.
// The cache maps prefixes to that answer. On a hit, the lane reads the pending
// figure's value at the digit and scans only the rest; when the value does
// not read (another unit, say) it falls back to the whole scan, so the result
// is always the whole scan's. A message without any digit is cached whole: it
// has no figure.

export const MC_SLOTS = 256;
export const MC_BYTES = 56; // the longest prefix cached
export const MC_SLOT_SIZE = 64; // u32 length, u32 kind, then the prefix bytes
export const KIND_EMPTY = 0;
export const KIND_PREFIX = 8; // a prefix ending at a digit; | NEED_* of the pending figure (0: none)
export const KIND_WHOLE = 16; // the whole message, without a digit
let MC_BASE: usize = 0;
/** While the whole scan runs for a miss: the message's first digit, and the figure whose number starts there. */
let pendingAt: usize = 0;
let pending: i32 = 0;
/** What the last scanMessage learnt for the line cache: KIND_EMPTY (nothing), or the kind, and the first digit (or the end). */
let msgKind: u32 = 0;
let msgDigit: usize = 0;

/** Bytes of x (little-endian) before its first digit byte: 0..8. */
@inline function bytesBeforeDigit(x: u64): u64 {
  const t = x ^ 0x3030303030303030; // a digit byte becomes 0..9
  // the lowest byte below 10 (the first digit) is flagged exactly; higher flags may be false and do not matter
  const m = (t - 0x0a0a0a0a0a0a0a0a) & ~t & 0x8080808080808080;
  return m == 0 ? 8 : ctz(m) >> 3;
}

/** The low k bytes of x (k in 0..8). */
@inline function lowBytes(x: u64, k: u64): u64 {
  return k >= 8 ? x : x & ((<u64>1 << (k << 3)) - 1);
}

/**
 * The slot of an n-byte message at i (n >= 8): its first 16 bytes, cut at
 * the first digit and at the message's end (so 'took 5ms' and 'took 7ms'
 * share one, and 'Request processed' and 'Request completed' do not),
 * hashed (Fibonacci) into MC_SLOTS.
 */
@inline export function slotOf(base: usize, i: usize, n: usize): usize {
  const x1 = load<u64>(i);
  const k1 = bytesBeforeDigit(x1);
  let key: u64;
  if (k1 < 8) key = lowBytes(x1, k1);
  else {
    let k2 = bytesBeforeDigit(load<u64>(i + 8));
    if (k2 > <u64>(n - 8)) k2 = <u64>(n - 8);
    key = x1 ^ rotl<u64>(lowBytes(load<u64>(i + 8), k2) + 1, 31);
  }
  return base + <usize>(<u32>((key * 0x9e3779b97f4a7c15) >> 56)) * MC_SLOT_SIZE;
}


/** Message bytes [i, end) → lineRt, lineMem, lineCpu (NaN when absent). */
export function scanMessage(i: usize, end: usize): void {
  const n = end - i;
  msgKind = KIND_EMPTY;
  if (n < 8) {
    scanFrom(i, end, NEED_RT | NEED_MEM | NEED_CPU);
    return;
  }
  const slot = slotOf(MC_BASE, i, n);
  const kind = load<u32>(slot, 4);
  const len = <usize>load<u32>(slot);
  if (kind == KIND_WHOLE) {
    if (len == n && sameBytes(i, slot + 8, n)) {
      msgKind = KIND_WHOLE;
      msgDigit = end;
      return;
    }
  } else if (kind != KIND_EMPTY && len < n && <u32>dig(i + len) <= 9 && sameBytes(i, slot + 8, len)) {
    const at = i + len;
    msgKind = kind;
    msgDigit = at;
    const k = <i32>kind & 7;
    if (k == 0) {
      scanFrom(at, end, NEED_RT | NEED_MEM | NEED_CPU);
      return;
    }
    const j = k == NEED_RT ? rtValue(at, end) : k == NEED_MEM ? memValue(at, end) : cpuValue(at, end);
    if (j != 0) {
      scanFrom(j, end, (NEED_RT | NEED_MEM | NEED_CPU) & ~k);
      return;
    }
    // the value did not read: the whole scan decides
    lineRt = NaN;
    lineMem = NaN;
    lineCpu = NaN;
    scanFrom(i, end, NEED_RT | NEED_MEM | NEED_CPU);
    return;
  }
  // a miss: find the first digit, scan the whole message noting the figure pending there, cache it
  let d = i;
  while (d < end && <u32>dig(d) > 9) d++;
  pendingAt = d;
  pending = 0;
  scanFrom(i, end, NEED_RT | NEED_MEM | NEED_CPU);
  pendingAt = 0;
  if (bailed()) return;
  msgKind = d < end ? KIND_PREFIX | pending : KIND_WHOLE;
  msgDigit = d;
  const plen = d - i;
  if (plen > <usize>MC_BYTES) return;
  store<u32>(slot, <u32>plen);
  store<u32>(slot, d < end ? <u32>(KIND_PREFIX | pending) : <u32>KIND_WHOLE, 4);
  memory.copy(slot + 8, i, plen);
}


// ---- levels (src/parsers/levels.ts levelAt) ----

/** The level named by bytes [s, e) (case-insensitive, with the aliases of SPEC §3): 0 TRACE … 5 FATAL, or -1. */
export function levelAt(s: usize, e: usize): i32 {
  const n = e - s;
  if (n == 3) return lc(s) == 0x65 && lc(s + 1) == 0x72 && lc(s + 2) == 0x72 ? 4 : -1; // err
  if (n < 4 || n > 8) return -1;
  const w = (lc(s) << 24) | (lc(s + 1) << 16) | (lc(s + 2) << 8) | lc(s + 3);
  if (n == 4) {
    if (w == 0x696e666f) return 2; // info
    if (w == 0x7761726e) return 3; // warn
    if (w == 0x63726974) return 5; // crit
    return -1;
  }
  if (n == 5) {
    const l = lc(s + 4);
    if (w == 0x74726163) return l == 0x65 ? 0 : -1; // trace
    if (w == 0x64656275) return l == 0x67 ? 1 : -1; // debug
    if (w == 0x6572726f) return l == 0x72 ? 4 : -1; // error
    if (w == 0x66617461) return l == 0x6c ? 5 : -1; // fatal
    if (w == 0x616c6572) return l == 0x74 ? 5 : -1; // alert
    if (w == 0x656d6572) return l == 0x67 ? 5 : -1; // emerg
    if (w == 0x70616e69) return l == 0x63 ? 5 : -1; // panic
    return -1;
  }
  if (n == 6) return w == 0x6e6f7469 && lc(s + 4) == 0x63 && lc(s + 5) == 0x65 ? 2 : -1; // notice
  if (n == 7) return w == 0x7761726e && lc(s + 4) == 0x69 && lc(s + 5) == 0x6e && lc(s + 6) == 0x67 ? 3 : -1; // warning
  // critical
  return w == 0x63726974 && lc(s + 4) == 0x69 && lc(s + 5) == 0x63 && lc(s + 6) == 0x61 && lc(s + 7) == 0x6c ? 5 : -1;
}

