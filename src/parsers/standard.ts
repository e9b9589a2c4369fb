/**
 * The standard format (SPEC §3.1), the hottest code of loga:
 *
 *   2024-01-24 10:15:32.123 INFO Request processed in 127ms
 *
 * date, `' '`|`T`, time [fraction] [zone], whitespace, level or `[level]`,
 * whitespace, message (may be empty). A line with a time but no level, or
 * with an unknown level, is malformed.
 *
 * The fixed layout `YYYY-MM-DD HH:MM:SS.mmm` followed by a space — what
 * nearly every line of a real file looks like — is read at fixed offsets
 * without a loop, its minute prefix cached; every other shape goes through
 * the general parseIso.
 */
import type { LineParser, LineRecord } from './record.js';
import { levelAt } from './levels.js';
import { scanMessage } from './message.js';
import { parseIso, lastEnd } from './time.js';
import { dayOf } from './year.js';

const D0 = 48; // '0'
const SP = 32;
const TAB = 9;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const UC_T = 84; // 'T'
const LBRACKET = 91;
const RBRACKET = 93;
const BOM_1 = 0xef; // UTF-8 byte order mark EF BB BF, seen on a file's first line
const BOM_2 = 0xbb;
const BOM_3 = 0xbf;

/** `YYYY-MM-DD HH:MM:SS.mmm` is 23 bytes; the fast path also needs the blank after it. */
const FIXED_LEN = 23;

/*
 * Minute cache. Consecutive lines nearly always share `YYYY-MM-DD HH:MM`, the
 * first 16 bytes. Those are compared as four big-endian int32 reads (a
 * DataView over the caller's buffer, made once per buffer) with the last valid
 * prefix; on a hit only `:SS.mmm` is read. Every cached int is made of bytes
 * below 0x40, so it stays a small integer (no boxing in the module context).
 */
let viewOf: Uint8Array | null = null;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(16));
// NaN until a prefix is cached: no int32 read equals it (-1 would: FF FF FF FF).
let p0 = NaN;
let p1 = NaN;
let p2 = NaN;
let p3 = NaN;
let minuteMs = 0;

/**
 * The fixed layout at s → rec.ts and true; false when the line has another
 * shape (the general path then decides). Every byte is checked.
 *
 * The time goes into rec.ts rather than being returned: a double returned
 * from a call that is not inlined is boxed into a fresh HeapNumber, one
 * allocation per line (measured: GC time on the benchmark).
 */
function fixedTime(buf: Uint8Array, s: number, rec: LineRecord): boolean {
  if (buf !== viewOf) {
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    viewOf = buf;
  }
  const w0 = view.getInt32(s);
  const w1 = view.getInt32(s + 4);
  const w2 = view.getInt32(s + 8);
  const w3 = view.getInt32(s + 12);
  if (w0 !== p0 || w1 !== p1 || w2 !== p2 || w3 !== p3) {
    const ms = fixedMinute(buf, s);
    if (ms !== ms) return false;
    minuteMs = ms;
    p0 = w0;
    p1 = w1;
    p2 = w2;
    p3 = w3;
  }
  if (buf[s + 16] !== COLON || buf[s + 19] !== DOT) return false;
  const s0 = buf[s + 17] - D0;
  const s1 = buf[s + 18] - D0;
  const f0 = buf[s + 20] - D0;
  const f1 = buf[s + 21] - D0;
  const f2 = buf[s + 22] - D0;
  // d is a digit iff d >= 0 and 9 - d >= 0, i.e. neither has the sign bit:
  // one OR tests all five. (OR-ing the digits alone is not enough: 2 | 8 = 10.)
  if ((s0 | (9 - s0) | s1 | (9 - s1) | f0 | (9 - f0) | f1 | (9 - f1) | f2 | (9 - f2)) < 0) return false;
  const sec = s0 * 10 + s1;
  if (sec > 60) return false;
  rec.ts = minuteMs + sec * 1000 + f0 * 100 + f1 * 10 + f2;
  return true;
}

/**
 * `YYYY-MM-DD HH:MM` (or `T`) at s → epoch ms of that minute; NaN when it is
 * not that, or impossible. (The standard lane asks it for each new minute.)
 */
export function fixedMinute(buf: Uint8Array, s: number): number {
  if (buf[s + 4] !== DASH || buf[s + 7] !== DASH || buf[s + 13] !== COLON || (buf[s + 10] !== SP && buf[s + 10] !== UC_T)) {
    return NaN;
  }
  const y0 = buf[s] - D0;
  const y1 = buf[s + 1] - D0;
  const y2 = buf[s + 2] - D0;
  const y3 = buf[s + 3] - D0;
  const mo0 = buf[s + 5] - D0;
  const mo1 = buf[s + 6] - D0;
  const d0 = buf[s + 8] - D0;
  const d1 = buf[s + 9] - D0;
  const h0 = buf[s + 11] - D0;
  const h1 = buf[s + 12] - D0;
  const mi0 = buf[s + 14] - D0;
  const mi1 = buf[s + 15] - D0;
  if (
    (y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) |
      mo0 | (9 - mo0) | mo1 | (9 - mo1) | d0 | (9 - d0) | d1 | (9 - d1) |
      h0 | (9 - h0) | h1 | (9 - h1) | mi0 | (9 - mi0) | mi1 | (9 - mi1)) < 0
  ) {
    return NaN;
  }
  const h = h0 * 10 + h1;
  const mi = mi0 * 10 + mi1;
  if (h > 23 || mi > 59) return NaN;
  const day = dayOf(y0 * 1000 + y1 * 100 + y2 * 10 + y3, mo0 * 10 + mo1, d0 * 10 + d1);
  return day + h * 3_600_000 + mi * 60_000; // NaN for an impossible day
}

/**
 * Any other date-time shape (leading blanks and a BOM skipped) → rec.ts;
 * returns where the time ended, or -1.
 */
function parseHeadGeneral(buf: Uint8Array, start: number, end: number, rec: LineRecord): number {
  let i = start;
  if (i + 3 <= end && buf[i] === BOM_1 && buf[i + 1] === BOM_2 && buf[i + 2] === BOM_3) i += 3;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  const ts = parseIso(buf, i, end);
  if (ts !== ts) return -1;
  rec.ts = ts;
  return lastEnd;
}

export const parseStandard: LineParser = function parseStandard(
  buf: Uint8Array,
  start: number,
  end: number,
  rec: LineRecord,
): boolean {
  let i = start + FIXED_LEN;
  if (!(i < end && (buf[i] === SP || buf[i] === TAB) && fixedTime(buf, start, rec))) {
    i = parseHeadGeneral(buf, start, end, rec);
    if (i < 0) return false;
  }
  // Whitespace, then the level (a time alone is malformed).
  if (i >= end || (buf[i] !== SP && buf[i] !== TAB)) return false;
  i++;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  if (i >= end) return false;
  let level: number;
  if (buf[i] === LBRACKET) {
    const ls = i + 1;
    i = ls;
    while (i < end && buf[i] !== RBRACKET && buf[i] !== SP && buf[i] !== TAB) i++;
    if (i >= end || buf[i] !== RBRACKET) return false;
    level = levelAt(buf, ls, i);
    i++;
  } else {
    const ls = i;
    while (i < end && buf[i] !== SP && buf[i] !== TAB) i++;
    level = levelAt(buf, ls, i);
  }
  if (level < 0) return false;
  // The level must end at a blank or at the end of the line ('[INFO]x' is not a level).
  if (i < end && buf[i] !== SP && buf[i] !== TAB) return false;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  let e = end;
  while (e > i && (buf[e - 1] === SP || buf[e - 1] === TAB)) e--;
  rec.level = level;
  rec.msgStart = i;
  rec.msgEnd = e;
  if (i < e) scanMessage(buf, i, e, rec);
  return true;
};
