/**
 * The shape lane: one fast lane for the application-log formats of the
 * catalogue whose lines start with a fixed-width time (log4j, Python
 * logging, syslog, the Apache error log…), in AssemblyScript (the JS side is
 * src/scan/lane.ts; what it shares with the other lanes is lane-core.ts and
 * message-scan.ts).
 *
 * It knows no format's grammar. Each format gives the shape of its time
 * (configure(): a pattern such as `dddd-dd-dd dd:dd:ss,fff ` where `s` are
 * the seconds, `f` the fraction (3, 6 or 9 digits: the milliseconds, then digits JS truncates), `k` a byte that decides the entry but is
 * not part of the minute, and every other byte belongs to the minute), and
 * the JS parser teaches the lane what it decided: after JS parsed a line the
 * lane stopped on, `learn()` records the bytes between the time and the
 * message, [time end, message start), with the level JS found. A later line
 * of the current minute whose bytes there are the same (and whose message
 * starts with a non-blank) is one the JS parser would read the same way — the
 * formats that use this lane parse the part before the message from left to
 * right and take the rest of the line as the message, so the bytes up to the
 * message start decide the level and where the message starts — and the lane
 * counts it: the message scan finds its figures, as for the standard lane.
 * Every other line (a new minute, bytes not learnt yet, a continuation line,
 * a malformed one) goes to the JS parser, which stays the reference; the
 * tests compare both on random lines of every format that uses the lane.
 *
 * The learnt keys live in a table of KEY_SLOTS slots; a slot is found by a
 * hash of the key's first bytes. As the key's length is not known before the
 * lookup, a first hash of the 8 bytes after the time picks a hint: the
 * shortest key learnt under those 8 bytes, whose length the second hash
 * covers (a thread number or a logger name in it then picks another slot).
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
  newPrefix,
  sameBytes,
  scanLines,
  LineTaker,
  setMinuteMs,
  minuteKnown,
  LBRACKET,
  RBRACKET,
  SP,
} from './lane-core';
import { clearFigures, figCpu, figMem, figRt, messageScanBytes, messageScanInit, scanMessage } from './message-scan';

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

// ---- the shape (configure) ----

/** The widest time shape (five u64 words compared: the Apache 2.4 error log's is 34 bytes). */
const MAX_WIDTH: usize = 40;
/** Shape width: the key starts at line start + W. */
let W: usize = 0;
/** Per u64 word of [0, W): 0xff on the bytes compared with the minute's line. */
let mask0: u64 = 0;
let mask1: u64 = 0;
let mask2: u64 = 0;
let mask3: u64 = 0;
let mask4: u64 = 0;
/** The key bytes before the time (in the first word: klog's level letter). */
let keyMask: u64 = 0;
/** Literal bytes of the shape and where they are (checked when a line is learnt). */
let litMask0: u64 = 0;
let litMask1: u64 = 0;
let litMask2: u64 = 0;
let litMask3: u64 = 0;
let litMask4: u64 = 0;
let lit0: u64 = 0;
let lit1: u64 = 0;
let lit2: u64 = 0;
let lit3: u64 = 0;
let lit4: u64 = 0;
/** Digit positions of the minute (checked when a line is learnt), one bit per byte. */
let digitBits: u64 = 0;
let secAt: usize = 0;
/** Where the digits of the fraction are (0: none); the first three are the milliseconds, the rest truncated (as JS's timeOfDayAt). */
let msAt: usize = 0;
let fracDigits: i32 = 0;

// the current minute's line bytes (masked), while minuteKnown()
let ref0: u64 = 0;
let ref1: u64 = 0;
let ref2: u64 = 0;
let ref3: u64 = 0;
let ref4: u64 = 0;

/**
 * What follows a learnt key. MODE_MESSAGE: the message. MODE_APACHE_CONTEXT:
 * the Apache error log's context fields (`[pid …]`, `[client …]`, `[remote
 * …]`), skipped as src/parsers/apache-error.ts skips them, then the message:
 * the key stops before them, as their client addresses and ports seldom
 * repeat.
 */
const MODE_MESSAGE = 0;
const MODE_APACHE_CONTEXT = 1;
/**
 * MODE_GOLOG: Go's log package, no level and no key: after the time, blanks,
 * an optional `file.go:23:` call site (skipped as src/parsers/golog.ts
 * does), the message.
 */
const MODE_GOLOG = 2;
/**
 * MODE_PRI_SYSLOG: RFC 3164's `<PRI>` before the time (read as
 * src/parsers/syslog.ts priAt does; the level is its severity), then the
 * syslog body as MODE_SYSLOG reads it.
 */
const MODE_PRI = 3;
/**
 * MODE_SYSLOG: a syslog line's body after the time, no key: the host, then a
 * `tag[pid]: ` if there is one, the message (src/parsers/syslog.ts
 * syslogBody, operation for operation). Every entry is INFO. Keys did not
 * fit syslog: whether a line has a tag is decided by its message's first
 * word when it has none, and sshd's pids make every tag new.
 */
const MODE_SYSLOG = 4;
const LAST_MODE = MODE_SYSLOG;
let lineMode = MODE_MESSAGE;
/** The level of the PRI origin() read last. */
let priLevel: i32 = 0;

/** src/parsers/levels.ts levelFromSeverity: 0-2 FATAL, 3 ERROR, 4 WARN, 5-6 INFO, 7 DEBUG. */
@inline function severityLevel(n: u32): i32 {
  return n <= 2 ? 5 : n == 3 ? 4 : n == 4 ? 3 : n <= 6 ? 2 : 1;
}

/**
 * Where the line at s (ending at e) has its time shape: s, or with
 * MODE_PRI after its `<PRI>` (priLevel its level); 0 when it has no PRI.
 */
@inline function origin(s: usize, e: usize): usize {
  if (lineMode != MODE_PRI) return s;
  if (s + 3 > e || b(s) != 0x3c) return 0; // '<'
  let i = s + 1;
  let n: u32 = 0;
  const stop = min(e, i + 4);
  while (i < stop) {
    const d = <u32>dig(i);
    if (d > 9) break;
    n = n * 10 + d;
    i++;
  }
  if (i == s + 1 || i - s > 4 || i >= e || b(i) != 0x3e || n > 191) return 0; // '>'
  priLevel = severityLevel(n & 7);
  return i + 1;
}

/** The message start of the syslog body at h (its host's first byte), [h, e) trimmed of blanks at its end by the caller into me; 0 when there is no host. */
function syslogMessage(h: usize, e: usize): usize {
  let i = h;
  while (i < e && !isBlankByte(b(i))) i++;
  if (i == h) return 0;
  while (i < e && isBlankByte(b(i))) i++;
  // the tag: a token ending in ':' or '[pid]:', then a blank (the first loop stops at a space, not a tab, as JS's)
  let j = i;
  const limit = min(e, i + 64);
  while (j < limit && b(j) != SP && b(j) != 0x3a && b(j) != LBRACKET) j++;
  if (j > i && j < e && b(j) == LBRACKET) {
    j++;
    while (j < e && b(j) != RBRACKET && b(j) != SP) j++;
    if (j < e && b(j) == RBRACKET) j++;
  }
  if (j > i && j < e && b(j) == 0x3a && (j + 1 == e || b(j + 1) == SP)) {
    j++;
    while (j < e && isBlankByte(b(j))) j++;
    return j;
  }
  return i;
}

/** After the time of a Go log line: blanks, then a `file.go:23:` call site and its blanks if there is one (src/parsers/golog.ts afterCallSite). */
function afterGoTime(i: usize, end: usize): usize {
  while (i < end && isBlankByte(b(i))) i++;
  let j = i;
  while (j < end && !isBlankByte(b(j))) j++;
  if (j - i < 4 || b(j - 1) != 0x3a) return i; // ':'
  let k = j - 2;
  while (k > i && <u32>dig(k) <= 9) k--;
  if (k == j - 2 || k <= i || b(k) != 0x3a) return i;
  while (j < end && isBlankByte(b(j))) j++;
  return j;
}

/** The context field at i, as src/parsers/apache-error.ts isContextBracket reads it. */
function isContextBracket(i: usize, end: usize): bool {
  if (i + 5 > end) return false;
  const a = b(i + 1);
  if (a == 0x70) return b(i + 2) == 0x69 && b(i + 3) == 0x64 && b(i + 4) == SP; // 'pid '
  if (a == 0x63) return i + 8 <= end && b(i + 2) == 0x6c && b(i + 3) == 0x69 && b(i + 4) == 0x65 && b(i + 5) == 0x6e && b(i + 6) == 0x74 && b(i + 7) == SP; // 'client '
  if (a == 0x72) return i + 8 <= end && b(i + 2) == 0x65 && b(i + 3) == 0x6d && b(i + 4) == 0x6f && b(i + 5) == 0x74 && b(i + 6) == 0x65 && b(i + 7) == SP; // 'remote '
  return false;
}

/** Past the context fields at i (src/parsers/apache-error.ts, operation for operation). */
function afterContext(i: usize, end: usize): usize {
  while (i < end && b(i) == LBRACKET && isContextBracket(i, end)) {
    let j = i + 1;
    while (j < end && b(j) != RBRACKET) j++;
    if (j >= end) break;
    i = j + 1;
    while (i < end && isBlankByte(b(i))) i++;
  }
  return i;
}

const S: u32 = 0x73;
const F: u32 = 0x66;
const K: u32 = 0x6b;
const D: u32 = 0x64;
const Q: u32 = 0x3f; // '?': any byte of the minute

@inline function setByte(x: u64, i: usize, v: u64): u64 {
  return x | (v << (<u64>(i & 7) << 3));
}

/**
 * The shape: n bytes at p, one per byte of a line's start (see the header).
 * Returns false for a shape the lane cannot use (too wide, seconds not two
 * digits, a fraction other than 3, 6 or 9 digits, a key byte past the first 8).
 */
export function configure(p: usize, n: usize, mode: i32): bool {
  if (n == 0 || n > MAX_WIDTH || mode < 0 || mode > LAST_MODE) return false;
  W = n;
  lineMode = mode;
  mask0 = mask1 = mask2 = mask3 = mask4 = 0;
  litMask0 = litMask1 = litMask2 = litMask3 = litMask4 = 0;
  lit0 = lit1 = lit2 = lit3 = lit4 = 0;
  keyMask = 0;
  digitBits = 0;
  secAt = 0;
  msAt = 0;
  let secs = 0;
  let fracs = 0;
  for (let i: usize = 0; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    let compared = false;
    let literal = false;
    if (c == S) {
      if (secs == 0) secAt = i;
      else if (secAt + 1 != i) return false;
      secs++;
    } else if (c == F) {
      if (fracs == 0) msAt = i;
      else if (msAt + <usize>fracs != i) return false;
      fracs++;
    } else if (c == K) {
      if (i >= 8) return false;
      keyMask = setByte(keyMask, i, 0xff);
    } else if (c == D) {
      compared = true;
      digitBits |= <u64>1 << <u64>i;
    } else if (c == Q) compared = true;
    else {
      compared = true;
      literal = true;
    }
    if (compared) {
      const w = i >> 3;
      if (w == 0) mask0 = setByte(mask0, i, 0xff);
      else if (w == 1) mask1 = setByte(mask1, i, 0xff);
      else if (w == 2) mask2 = setByte(mask2, i, 0xff);
      else if (w == 3) mask3 = setByte(mask3, i, 0xff);
      else mask4 = setByte(mask4, i, 0xff);
    }
    if (literal) {
      const w = i >> 3;
      const v = <u64>c;
      if (w == 0) {
        litMask0 = setByte(litMask0, i, 0xff);
        lit0 = setByte(lit0, i, v);
      } else if (w == 1) {
        litMask1 = setByte(litMask1, i, 0xff);
        lit1 = setByte(lit1, i, v);
      } else if (w == 2) {
        litMask2 = setByte(litMask2, i, 0xff);
        lit2 = setByte(lit2, i, v);
      } else {
        if (w == 3) {
          litMask3 = setByte(litMask3, i, 0xff);
          lit3 = setByte(lit3, i, v);
        } else {
          litMask4 = setByte(litMask4, i, 0xff);
          lit4 = setByte(lit4, i, v);
        }
      }
    }
  }
  if (secs != 2 || (fracs != 0 && fracs != 3 && fracs != 6 && fracs != 9)) return false;
  if (fracs == 0) msAt = 0;
  fracDigits = fracs;
  return true;
}

// ---- the learnt keys ----

// 16,384 slots in pairs (a key may sit in either slot of its pair): with
// 4,096 single slots, log4j's generated lines (200 threads × the loggers ×
// the levels) left 10 % of the entries of a 32 MiB chunk to JS, evicting
// each other's keys
const HINTS = 16384;
const KEY_SLOTS = 16384;
const KEY_HEADER: usize = 16; // u32 key length (0: empty), u32 level, u64 the key bytes before the time
const KEY_BYTES: usize = 112;
const KEY_SLOT: usize = KEY_HEADER + KEY_BYTES;
/** Hints: u8 per hint, the shortest key length learnt under its 8 bytes (0: none). */
let HINT_BASE: usize = 0;
let KEY_BASE: usize = 0;

export function init(state: usize): void {
  const mc = coreInit(state);
  messageScanInit(mc);
  HINT_BASE = mc + messageScanBytes();
  KEY_BASE = HINT_BASE + <usize>HINTS;
  memory.fill(HINT_BASE, 0, <usize>HINTS + <usize>KEY_SLOTS * KEY_SLOT);
}

export function stateBytes(): usize {
  return coreBytes() + messageScanBytes() + <usize>HINTS + <usize>KEY_SLOTS * KEY_SLOT;
}

/** The first 8 key bytes at t (fewer before e: the rest zero). */
@inline function head(t: usize, e: usize): u64 {
  const n = e - t;
  const x = load<u64>(t);
  return n >= 8 ? x : x & ((<u64>1 << (<u64>n << 3)) - 1);
}

@inline function hintOf(h: u64): usize {
  return HINT_BASE + <usize>(<u32>((h * 0x9e3779b97f4a7c15) >> 50));
}

/** The first slot of the pair of a key whose first n bytes are at t (n ≥ 1, bytes in memory). */
function slotOf(t: usize, n: usize): usize {
  let h: u64 = <u64>n * 0x100000001b3;
  let j: usize = 0;
  while (j + 8 <= n) {
    h = (h ^ load<u64>(t + j)) * 0x9e3779b97f4a7c15;
    h ^= h >> 29;
    j += 8;
  }
  if (j < n) h = (h ^ (load<u64>(t + j) & ((<u64>1 << (<u64>(n - j) << 3)) - 1))) * 0x9e3779b97f4a7c15;
  return KEY_BASE + (<usize>(<u32>(h >> 51)) << 1) * KEY_SLOT;
}

/** The key of the slot is the line's: its n bytes at t, and the key bytes before the time of the line at s. */
@inline function keyIs(slot: usize, s: usize, t: usize, e: usize): bool {
  const n = <usize>load<u32>(slot);
  const m = t + n;
  return n != 0 && m < e && load<u64>(slot, 8) == (load<u64>(s) & keyMask) && sameBytes(t, slot + KEY_HEADER, n);
}

/**
 * JS parsed the line [s, e) as an entry of `level` whose message starts at
 * m (a non-blank byte, m < e; with MODE_APACHE_CONTEXT, where its context
 * fields start): lines with the same bytes [s + W, m) (and the same key
 * bytes before the time) are read the same way from now on.
 */
export function learn(s0: usize, e: usize, level: i32, m: usize): void {
  if (lineMode >= MODE_GOLOG) return; // nothing to learn: the lane reads the whole line
  const s = origin(s0, e);
  if (s == 0) return;
  const t = s + W;
  if (m < t || m >= e) return;
  const n = m - t;
  if (n == 0 || n > KEY_BYTES) return;
  const hint = hintOf(head(t, e));
  const known = <usize>load<u8>(hint);
  const len = known == 0 || n < known ? n : known;
  if (len != known) store<u8>(hint, <u8>len);
  let slot = slotOf(t, len);
  // the newest key first in its pair: the older one moves to the second slot
  if (load<u32>(slot) != 0) memory.copy(slot + KEY_SLOT, slot, KEY_SLOT);
  store<u32>(slot, <u32>n);
  store<u32>(slot, <u32>level, 4);
  store<u64>(slot, load<u64>(s) & keyMask, 8);
  memory.copy(slot + KEY_HEADER, t, n);
}

// ---- the time ----

/**
 * The minute (epoch ms) of the line [s, e) whose time JS read as ts, when
 * the line has the shape (its literal bytes, digits where the shape has
 * them, seconds 00–59) and ts is that minute plus the seconds and
 * milliseconds at the shape's places; NaN when not.
 */
export function shapeMinute(s0: usize, e: usize, ts: f64): f64 {
  const s = origin(s0, e);
  if (s == 0 || e - s <= W) return NaN;
  if ((load<u64>(s) & litMask0) != lit0) return NaN;
  if ((load<u64>(s + 8) & litMask1) != lit1) return NaN;
  if ((load<u64>(s + 16) & litMask2) != lit2) return NaN;
  if ((load<u64>(s + 24) & litMask3) != lit3) return NaN;
  if ((load<u64>(s + 32) & litMask4) != lit4) return NaN;
  for (let i: usize = 0; i < W; i++) {
    if ((digitBits & (<u64>1 << <u64>i)) != 0 && <u32>dig(s + i) > 9) return NaN;
  }
  const off = offsetIn(s);
  if (off < 0) return NaN;
  const ms = ts - <f64>off;
  return ms == Math.floor(ms / 60000) * 60000 ? ms : NaN;
}

/** The seconds and milliseconds of the line at s, in ms; -1 when not digits or a leap second. */
@inline function offsetIn(s: usize): i32 {
  const s0 = dig(s + secAt);
  const s1 = dig(s + secAt + 1);
  if ((s0 | (9 - s0) | s1 | (9 - s1)) < 0) return -1;
  const sec = s0 * 10 + s1;
  if (sec > 59) return -1; // 60 (a leap second) lands in the next minute: JS
  if (msAt == 0) return sec * 1000;
  const f0 = dig(s + msAt);
  const f1 = dig(s + msAt + 1);
  const f2 = dig(s + msAt + 2);
  if ((f0 | (9 - f0) | f1 | (9 - f1) | f2 | (9 - f2)) < 0) return -1;
  for (let i = 3; i < fracDigits; i++) if (<u32>dig(s + msAt + <usize>i) > 9) return -1;
  return sec * 1000 + f0 * 100 + f1 * 10 + f2;
}

/** The line at s has the current minute's bytes (minuteKnown()). */
@inline function sameMinute(s: usize): bool {
  return (
    ((load<u64>(s) ^ ref0) & mask0) == 0 &&
    ((load<u64>(s + 8) ^ ref1) & mask1) == 0 &&
    ((load<u64>(s + 16) ^ ref2) & mask2) == 0 &&
    ((load<u64>(s + 24) ^ ref3) & mask3) == 0 &&
    ((load<u64>(s + 32) ^ ref4) & mask4) == 0
  );
}

/** True when the line at s has the current minute's bytes. */
export function hasMinuteOf(s0: usize): bool {
  const s = origin(s0, s0 + 64); // a line shapeMinute took: its PRI reads the same
  return minuteKnown() && sameMinute(s);
}

/** From now on, lines with the minute bytes of the line at s (shapeMinute gave ms) are in the minute starting at ms. */
export function setMinute(s0: usize, ms: f64): void {
  const s = origin(s0, s0 + 64); // a line shapeMinute took: its PRI reads the same
  ref0 = load<u64>(s) & mask0;
  ref1 = load<u64>(s + 8) & mask1;
  ref2 = load<u64>(s + 16) & mask2;
  ref3 = load<u64>(s + 24) & mask3;
  ref4 = load<u64>(s + 32) & mask4;
  setMinuteMs(ms);
}

// ---- lines ----

/** Counts the line [s, e) (no '\n', no trailing '\r') when its minute and key are known; false to leave it to JS. */
function takeLine(s0: usize, e: usize): bool {
  const s = origin(s0, e);
  if (s == 0 || e - s <= W) return false;
  if (!minuteKnown() || !sameMinute(s)) return newPrefix(s0);
  const off = offsetIn(s);
  if (off < 0) return false;
  const t = s + W;
  if (lineMode >= MODE_GOLOG) return takeWhole(s0, e, t, off);
  const hint = <usize>load<u8>(hintOf(head(t, e)));
  if (hint == 0 || t + hint >= e) return false;
  let slot = slotOf(t, hint);
  if (!keyIs(slot, s, t, e)) {
    slot += KEY_SLOT;
    if (!keyIs(slot, s, t, e)) return false;
  }
  let m = t + <usize>load<u32>(slot);
  if (isBlankByte(b(m))) return false;
  if (lineMode == MODE_APACHE_CONTEXT) m = afterContext(m, e);
  let me = e;
  while (me > m && isBlankByte(b(me - 1))) me--;
  if (m >= me) return false;
  return countMessage(s0, off, <i32>load<u32>(slot, 4), m, me);
}

/** Counts the entry of the line at s, `off` ms into the minute, of `level`, whose message is [m, me) (not empty): its figures from the message scan. */
function countMessage(s: usize, off: i32, level: i32, m: usize, me: usize): bool {
  clearFigures();
  clearBail();
  scanMessage(m, me);
  if (bailed()) return false;
  const rt = figRt();
  return countLine(currentMinuteMs() + <f64>off, off / 1000, level, rt == rt, rt, figMem(), figCpu(), m, me);
}

/** A line [s, e) of a mode without keys whose time shape ends at t. */
function takeWhole(s: usize, e: usize, t: usize, off: i32): bool {
  let me = e;
  while (me > t && isBlankByte(b(me - 1))) me--;
  let m: usize;
  let level = 2; // INFO: Go's log and syslog without PRI have no level
  if (lineMode == MODE_GOLOG) m = afterGoTime(t, e);
  else {
    m = syslogMessage(t, me);
    if (m == 0) return false;
    if (lineMode == MODE_PRI) level = priLevel;
  }
  if (m >= me) return false;
  return countMessage(s, off, level, m, me);
}

/**
 * Takes the lines starting in [p, stop) whose '\n' lies before len (bytes
 * [p, len) are in memory) until one is not the lane's. Returns where it
 * stopped: the start of the first line not taken; status() says why.
 */
export function scan(p: usize, stop: usize, len: usize): usize {
  return scanLines<ShapeLines>(p, stop, len, LINES);
}

@final class ShapeLines extends LineTaker {
  @inline take(s: usize, e: usize): bool {
    return takeLine(s, e);
  }
}
const LINES = new ShapeLines();
