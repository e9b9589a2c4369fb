/**
 * Byte helpers shared by the application-log layouts of src/parsers/app/
 * (log4j, logback, ZooKeeper, Spring Boot, Spark, HDFS, OpenStack, Windows
 * CBS, Python logging): each of those parsers is a sequence of these steps
 * (a date-time, blanks, a level word, a bracketed thread, a logger and its
 * separator, the message), and each step returns the position after what it
 * read, or -1 when the bytes are not that. No step builds a string or runs a
 * regex, and none reads outside [start, end).
 */
import { levelAt } from '../levels.js';
import { messageAt } from '../message.js';
import type { LineRecord } from '../record.js';
import { fixedMinute } from '../standard.js';
import { lastEnd, parseIso, two } from '../time.js';

export const SP = 32;
export const TAB = 9;
const D0 = 48;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;

export function isBlank(c: number): boolean {
  return c === SP || c === TAB;
}

export function isDigit(c: number): boolean {
  return c >= D0 && c <= D0 + 9;
}

/** The first non-blank at or after i (e when none). */
export function skipBlanks(buf: Uint8Array, i: number, e: number): number {
  while (i < e && (buf[i] === SP || buf[i] === TAB)) i++;
  return i;
}

/** At least one blank at i, then any more: the position after them, or -1. */
export function blanks(buf: Uint8Array, i: number, e: number): number {
  if (i >= e || (buf[i] !== SP && buf[i] !== TAB)) return -1;
  return skipBlanks(buf, i + 1, e);
}

/** The end of the token (run of non-blanks) starting at i. */
export function tokenEnd(buf: Uint8Array, i: number, e: number): number {
  while (i < e && buf[i] !== SP && buf[i] !== TAB) i++;
  return i;
}

/** Digits at i (at least one), followed by a blank: the position after the digits, or -1 (a pid column). */
export function digitsEnd(buf: Uint8Array, i: number, e: number): number {
  const s = i;
  while (i < e && isDigit(buf[i])) i++;
  return i > s && i < e && (buf[i] === SP || buf[i] === TAB) ? i : -1;
}

/**
 * A bracketed field at i (`[main]`, `[RMI TCP Connection(2)-127.0.0.1]`,
 * ZooKeeper's `[QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774]`):
 * brackets nest, blanks are allowed inside. The position after the closing
 * bracket, or -1.
 */
export function bracketEnd(buf: Uint8Array, i: number, e: number): number {
  if (i >= e || buf[i] !== LBRACKET) return -1;
  let depth = 0;
  for (; i < e; i++) {
    const c = buf[i];
    if (c === LBRACKET) depth++;
    else if (c === RBRACKET && --depth === 0) return i + 1;
  }
  return -1;
}

/** A level word at i ending at a blank or the line's end (`INFO`, `WARNING`, `Info`) → rec.level; the position after it, or -1. */
export function levelWord(buf: Uint8Array, i: number, e: number, rec: LineRecord): number {
  const w = tokenEnd(buf, i, e);
  const level = levelAt(buf, i, w);
  if (level < 0) return -1;
  rec.level = level;
  return w;
}

/** Blanks, a `-` and a blank or the end (the ` - ` between ZooKeeper's and Python's fields): the position after the dash, or -1. */
export function dashSeparator(buf: Uint8Array, i: number, e: number): number {
  i = blanks(buf, i, e);
  if (i < 0 || i >= e || buf[i] !== DASH) return -1;
  i++;
  return i === e || buf[i] === SP || buf[i] === TAB ? i : -1;
}

/**
 * A logger name at i and what ends it: `org.apache.Foo: msg` (the colon
 * on the name), `com.example.Foo - msg` (log4j's `%c - %m`), `Foo:42 - msg`
 * (`%c:%L - %m`), or Spring Boot's padded `o.s.b.Foo      : msg`. The
 * position where the message's blanks begin, or -1 without such a separator.
 */
export function afterLogger(buf: Uint8Array, i: number, e: number): number {
  const t = tokenEnd(buf, i, e);
  if (t === i) return -1;
  if (buf[t - 1] === COLON) return t === i + 1 ? -1 : t;
  const j = skipBlanks(buf, t, e);
  if (j === t || j >= e) return -1;
  const c = buf[j];
  if (c !== DASH && c !== COLON) return -1;
  return j + 1 === e || buf[j + 1] === SP || buf[j + 1] === TAB ? j + 1 : -1;
}

/**
 * The message from i to the line's end, blanks trimmed at both ends →
 * rec.msgStart/msgEnd, with the figures scanMessage finds in it. Returns
 * true (a parser ends with `return message(...)`).
 */
export function message(buf: Uint8Array, i: number, e: number, rec: LineRecord): boolean {
  messageAt(buf, i, e, rec);
  return true;
}

/**
 * A two-digit year as the year it means: 69–99 → 19xx, 00–68 → 20xx (the
 * POSIX `%y` rule, as Python's strptime and Java's SimpleDateFormat near it).
 */
export function fullYear(yy: number): number {
  return yy >= 69 ? 1900 + yy : 2000 + yy;
}

/**
 * `YYYY-MM-DD HH:MM:SS` at s, exactly 19 bytes and no fraction (Windows
 * CBS, whose `,` after the seconds is a field separator) → rec.ts; s + 19,
 * or -1.
 */
export function secondsAt(buf: Uint8Array, s: number, e: number, rec: LineRecord): number {
  if (s + 19 > e || buf[s + 16] !== COLON) return -1;
  const minute = fixedMinute(buf, s);
  const sec = two(buf, s + 17);
  if (minute !== minute || sec < 0 || sec > 60) return -1;
  rec.ts = minute + sec * 1000;
  return s + 19;
}

/**
 * The ISO-like date-time that starts most Java and Python lines:
 * `YYYY-MM-DD HH:MM:SS,mmm` (log4j, Python's asctime) or `.mmm` (logback),
 * and any other shape parseIso reads (`T`, more digits, a zone: Spring Boot
 * 3's `2024-01-24T10:15:32.123+01:00`). The common 23-byte shape is read at
 * fixed offsets, its minute cached: consecutive lines nearly always share
 * it. One clock per parser, so that detection, which runs every parser on
 * each line, does not make them evict each other's minute.
 */
export class LineClock {
  private valid = false;
  /** The cached `YYYY-MM-DD HH:MM` bytes, as four big-endian int32 (a DataView over the caller's buffer, made once per buffer). */
  private k0 = 0;
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;
  private minuteMs = 0;
  private viewOf: Uint8Array | null = null;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(16));

  /** The date-time at s → rec.ts; the position after it (after its zone, if any), or -1. */
  read(buf: Uint8Array, s: number, e: number, rec: LineRecord): number {
    // a UTF-8 byte order mark, seen on a file's first line
    if (buf[s] === 0xef && s + 3 <= e && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    if (s + 24 <= e) {
      const sep = buf[s + 19];
      if ((sep === COMMA || sep === DOT) && buf[s + 16] === COLON && !isDigit(buf[s + 23]) && !isZoneStart(buf[s + 23]) && this.minuteOf(buf, s)) {
        const s0 = buf[s + 17] - D0;
        const s1 = buf[s + 18] - D0;
        const f0 = buf[s + 20] - D0;
        const f1 = buf[s + 21] - D0;
        const f2 = buf[s + 22] - D0;
        // d is a digit iff neither d nor 9 - d is negative: one sign test for all five
        if ((s0 | (9 - s0) | s1 | (9 - s1) | f0 | (9 - f0) | f1 | (9 - f1) | f2 | (9 - f2)) >= 0) {
          const sec = s0 * 10 + s1;
          if (sec > 60) return -1;
          rec.ts = this.minuteMs + sec * 1000 + f0 * 100 + f1 * 10 + f2;
          return s + 23;
        }
        // another fraction (`,12`): the general path decides
      }
    }
    const ts = parseIso(buf, s, e);
    if (ts !== ts) return -1;
    rec.ts = ts;
    return lastEnd;
  }

  /** Brings the cached minute to `YYYY-MM-DD HH:MM` at s (s + 24 <= the line's end); false when those bytes are not a valid minute. */
  private minuteOf(buf: Uint8Array, s: number): boolean {
    if (buf !== this.viewOf) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
    }
    const v = this.view;
    const w0 = v.getInt32(s);
    const w1 = v.getInt32(s + 4);
    const w2 = v.getInt32(s + 8);
    const w3 = v.getInt32(s + 12);
    if (this.valid && w0 === this.k0 && w1 === this.k1 && w2 === this.k2 && w3 === this.k3) return true;
    const ms = fixedMinute(buf, s);
    if (ms !== ms) return false;
    this.k0 = w0;
    this.k1 = w1;
    this.k2 = w2;
    this.k3 = w3;
    this.minuteMs = ms;
    this.valid = true;
    return true;
  }
}

/** `Z`, `+`, `-` after the fraction would start a zone: the general path reads it. */
function isZoneStart(c: number): boolean {
  return c === 90 || c === 122 || c === 43 || c === DASH;
}
