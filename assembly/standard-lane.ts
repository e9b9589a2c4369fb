/**
 * The standard format's fast lane, in AssemblyScript (compiled to WebAssembly
 * by `npm run build`; the JS side is src/parsers/standard-lane.ts).
 *
 * It takes the lines that make up nearly all of a real file —
 *
 *   2024-01-24 10:15:32.123 INFO Request processed in 127ms
 *
 * the fixed 23-byte time with the current minute's prefix, a TRACE / DEBUG /
 * INFO / WARN level — parses them, and folds them into one minute's counters
 * here, in linear memory: entries, levels, requests per second, a response
 * time histogram with the exact buckets of src/metrics/sketch.ts, memory and
 * cpu stats. The JS side flushes those into the Accumulator when the minute
 * changes or a step ends.
 *
 * Every other line stops the lane ("bail") and is parsed by the JS parser:
 * an error or fatal line (its message feeds the top errors), a malformed
 * line, another time layout, a new minute prefix (JS validates the date and
 * tells the lane the minute), a number the lane would round differently. So
 * the lane never decides anything the JS parser would decide otherwise; the
 * tests compare both on random lines.
 *
 * The message scan (src/parsers/message.ts, operation for operation) is in
 * assembly/message-scan.ts, shared with the json lane.
 */

import {
  b,
  bailed,
  clearBail,
  coreBytes,
  coreInit,
  countLine,
  currentMinuteMs,
  dig,
  isBlankByte,
  isLetterAt,
  lc,
  newPrefix,
  number,
  readDecimal,
  sameBytes,
  scanLines,
  LineTaker,
  setMinuteMs,
  minuteKnown,
  LBRACKET,
  RBRACKET,
  COLON,
  DOT,
  SP,
} from './lane-core';
import {
  clearFigures,
  cpuValue,
  figCpu,
  figMem,
  figRt,
  KIND_EMPTY,
  KIND_WHOLE,
  lastMsgDigit,
  lastMsgKind,
  levelAt,
  MC_SLOT_SIZE,
  MC_SLOTS,
  memValue,
  messageScanBytes,
  messageScanInit,
  NEED_CPU,
  NEED_MEM,
  NEED_RT,
  noMessage,
  rtValue,
  scanFrom,
  scanMessage,
  skipBlanks,
  slotOf,
} from './message-scan';

export {
  status,
  clearMinute,
  reset,
  F64_SLOTS,
  COUNTERS,
  BUCKETS,
  ERR_CAP,
  RANGE_END,
  NEED_BYTES,
  BAIL,
  NEW_PREFIX,
  ERRORS_FULL,
  TPL_CAP,
  TPL_NONE,
  tplReset,
  tplFull,
  tplRecords,
  tplArena,
  setWrap,
} from './lane-core';

// the current minute's 16-byte prefix `YYYY-MM-DD HH:MM` (validated by JS), while minuteKnown()
let prefixA: u64 = 0;
let prefixB: u64 = 0;

/** Where JS puts the state (stateBytes() of it; the input goes after). */
export function init(state: usize): void {
  const mc = coreInit(state);
  messageScanInit(mc);
  LC_BASE = mc + messageScanBytes();
  memory.fill(LC_BASE, 0, <usize>MC_SLOTS * MC_SLOT_SIZE);
}

export function stateBytes(): usize {
  return coreBytes() + messageScanBytes() + <usize>MC_SLOTS * MC_SLOT_SIZE;
}

/** The minute of prefix bytes at p (already validated by the JS parser): lines with it are the lane's. */
export function setMinute(p: usize, ms: f64): void {
  prefixA = load<u64>(p);
  prefixB = load<u64>(p + 8);
  setMinuteMs(ms);
}


// ---- lines ----

// ---- the line cache ----
//
// What follows the time — ' INFO Request processed in ' up to the first
// digit — repeats even more than messages do, and it decides the level, where
// the message starts and the pending figure. The line cache maps it to those,
// so a hit skips the level parse and the message cache lookup: one compare of
// the bytes, then the value at the digit. Same rules as the message cache:
// the value not reading falls back to the whole message scan.

const LC_HEADER = 16; // u32 length, u32 kind, u32 level, u32 message offset; then the bytes
const LC_BYTES = MC_SLOT_SIZE - LC_HEADER;
let LC_BASE: usize = 0;
/** The message of the last parseTail: [tailMsgStart, tailMsgEnd). */
let tailMsgStart: usize = 0;
let tailMsgEnd: usize = 0;

/**
 * The part of a line after its time, [t, end) (t is the blank after the
 * time): the level (or -1: not an entry the lane takes), the message bounds
 * in tailMsgStart/End, the figures in lineRt/Mem/Cpu.
 */
function parseTail(t: usize, end: usize): i32 {
  const n = end - t;
  let slot: usize = 0;
  if (n >= 8) {
    slot = slotOf(LC_BASE, t, n);
    const kind = load<u32>(slot, 4);
    const len = <usize>load<u32>(slot);
    if (kind == KIND_WHOLE ? len == n && sameBytes(t, slot + LC_HEADER, n) : kind != KIND_EMPTY && len < n && <u32>dig(t + len) <= 9 && sameBytes(t, slot + LC_HEADER, len)) {
      const i = t + <usize>load<u32>(slot, 12);
      let e = end;
      while (e > i && isBlankByte(b(e - 1))) e--;
      tailMsgStart = i;
      tailMsgEnd = e;
      if (kind != KIND_WHOLE) {
        const at = t + len;
        const k = <i32>kind & 7;
        let j: usize = at;
        if (k != 0) j = k == NEED_RT ? rtValue(at, e) : k == NEED_MEM ? memValue(at, e) : cpuValue(at, e);
        if (j != 0) scanFrom(j, e, (NEED_RT | NEED_MEM | NEED_CPU) & ~k);
        else {
          // the value did not read: the whole scan decides
          clearFigures();
          scanFrom(i, e, NEED_RT | NEED_MEM | NEED_CPU);
        }
      }
      return <i32>load<u32>(slot, 8);
    }
  }
  // blanks, then the level
  let i = skipBlanks(t + 1, end);
  if (i >= end) return -1;
  let level: i32;
  // the usual spellings, uppercase and followed by a blank, in one or two compares
  const w4 = i + 5 < end ? load<u32>(i) : 0;
  if (w4 == 0x4f464e49 && isBlankByte(b(i + 4))) {
    level = 2; // 'INFO '
    i += 4;
  } else if (w4 == 0x4e524157 && isBlankByte(b(i + 4))) {
    level = 3; // 'WARN '
    i += 4;
  } else if (w4 == 0x55424544 && b(i + 4) == 0x47 && isBlankByte(b(i + 5))) {
    level = 1; // 'DEBUG '
    i += 5;
  } else if (w4 == 0x4f525245 && b(i + 4) == 0x52 && isBlankByte(b(i + 5))) {
    level = 4; // 'ERROR '
    i += 5;
  } else if (b(i) == LBRACKET) {
    const ls = i + 1;
    i = ls;
    while (i < end && b(i) != RBRACKET && !isBlankByte(b(i))) i++;
    if (i >= end || b(i) != RBRACKET) return -1;
    level = levelAt(ls, i);
    i++;
  } else {
    const ls = i;
    while (i < end && !isBlankByte(b(i))) i++;
    level = levelAt(ls, i);
  }
  if (level < 0) return -1;
  if (i < end && !isBlankByte(b(i))) return -1;
  i = skipBlanks(i, end);
  let e = end;
  while (e > i && isBlankByte(b(e - 1))) e--;
  tailMsgStart = i;
  tailMsgEnd = e;
  if (i < e) scanMessage(i, e);
  else {
    noMessage(end); // no message: the tail is blanks and the level
  }
  const msgKind = lastMsgKind();
  if (bailed() || slot == 0 || msgKind == KIND_EMPTY) return level;
  // cache what this tail decided: up to the message's first digit, or all of it
  const len = msgKind == KIND_WHOLE ? n : lastMsgDigit() - t;
  if (len > <usize>LC_BYTES) return level;
  store<u32>(slot, <u32>len);
  store<u32>(slot, msgKind, 4);
  store<u32>(slot, <u32>level, 8);
  store<u32>(slot, <u32>(i - t), 12);
  memory.copy(slot + LC_HEADER, t, len);
  return level;
}

/** Parses the line [s, end) (no '\n', no trailing '\r'); true when the lane took it, false to bail. */
function takeLine(s: usize, end: usize): bool {
  if (end - s < 24) return false;
  const c23 = b(s + 23);
  if (!isBlankByte(c23)) return false;
  if (!minuteKnown() || load<u64>(s) != prefixA || load<u64>(s + 8) != prefixB) return newPrefix(s);
  if (b(s + 16) != COLON || b(s + 19) != DOT) return false;
  const s0 = dig(s + 17);
  const s1 = dig(s + 18);
  const f0 = dig(s + 20);
  const f1 = dig(s + 21);
  const f2 = dig(s + 22);
  if ((s0 | (9 - s0) | s1 | (9 - s1) | f0 | (9 - f0) | f1 | (9 - f1) | f2 | (9 - f2)) < 0) return false;
  const sec = s0 * 10 + s1;
  if (sec > 59) return false; // 60 (a leap second) lands in the next minute: JS
  const ts = currentMinuteMs() + <f64>(sec * 1000 + f0 * 100 + f1 * 10 + f2);
  clearFigures();
  clearBail();
  const level = parseTail(s + 23, end);
  if (level < 0) return false;
  if (bailed()) return false;
  const rt = figRt();
  return countLine(ts, sec, level, rt == rt, rt, figMem(), figCpu(), tailMsgStart, tailMsgEnd);
}

/**
 * Takes the lines starting in [p, stop) whose '\n' lies before len (bytes
 * [p, len) are in memory) until one is not the lane's. Returns where it
 * stopped: the start of the first line not taken; status() says why.
 */
export function scan(p: usize, stop: usize, len: usize): usize {
  return scanLines<StandardLines>(p, stop, len, LINES);
}

@final class StandardLines extends LineTaker {
  @inline take(s: usize, e: usize): bool {
    return takeLine(s, e);
  }
}
const LINES = new StandardLines();
