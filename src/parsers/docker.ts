/**
 * Docker's json-file log (/var/lib/docker/containers/<id>/<id>-json.log):
 *
 *   {"log":"2024-01-24 10:15:32.123 INFO Request processed in 127ms\n","stream":"stdout","time":"2024-01-24T10:15:32.123456789Z"}
 *
 * A line of it has a `log` string (the container's line, JSON-escaped, with
 * its `\n`) and a `stream` string; `time` (RFC 3339, nanoseconds) is the
 * time the daemon read it, and `attrs` (labels) may come too. The `log` text
 * is read by the inner format's parser (src/parsers/wrapped.ts): on the
 * line's own bytes when it has no escape but its `\n`, else decoded once
 * into a buffer of this module (a JSON app's lines are full of `\"`).
 *
 * A line longer than 16 KiB is written by the daemon in pieces whose `log`
 * has no `\n` but the last one's: the pieces before are marker lines,
 * neither entries nor malformed, and the inner fields of such a long line
 * are read from its last piece only (a chunk may start between the pieces:
 * figures must not depend on chunk cuts). A container's last output without
 * a newline is taken for such a piece as well.
 */
import { skipString, skipValue, skipWs, strEscaped } from './json.js';
import { ERROR, type LineParser, type LineRecord, type LineTest } from './record.js';
import { timeValueAt } from './time.js';
import { escapedOffset, unescapeInto } from './unescape.js';
import { entryByWrapper, innerEnd, innerRead, isBlankSpan, wrapperEntry, zuluEnd, zuluTimeAt, type Span } from './wrapped.js';

const SP = 32;
const QUOTE = 34;
const BSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LC_N = 0x6e;
const LC_R = 0x72;

const K_NONE = 0;
const K_LOG = 1;
const K_STREAM = 2;
const K_TIME = 3;

/** Which of Docker's keys bytes [s, e) are. */
function keyOf(buf: Uint8Array, s: number, e: number): number {
  switch (e - s) {
    case 3:
      return buf[s] === 0x6c && buf[s + 1] === 0x6f && buf[s + 2] === 0x67 ? K_LOG : K_NONE;
    case 4:
      return buf[s] === 0x74 && buf[s + 1] === 0x69 && buf[s + 2] === 0x6d && buf[s + 3] === 0x65 ? K_TIME : K_NONE;
    case 6:
      return buf[s] === 0x73 && buf[s + 1] === 0x74 && buf[s + 2] === 0x72 && buf[s + 3] === 0x65 && buf[s + 4] === 0x61 && buf[s + 5] === 0x6d
        ? K_STREAM
        : K_NONE;
    default:
      return K_NONE;
  }
}

/** The `log` text of the line dockerLine read last, without its `\n` (escaped bytes). */
let logStart = 0;
let logEnd = 0;
/** Its `time` string's bytes (timeStart < 0: none), read only when the inner text has no time of its own. */
let timeStart = -1;
let timeEnd = -1;
/** Its `time` as zuluTimeAt read it, NaN when that did not (then timeValueAt reads it, if a line needs it). */
let timeValue = NaN;
/** Its `log` had no `\n`: a piece of a longer line. */
let dockerPartial = false;
/** The first backslash of its `log` string, -1 when none. */
let logBs = -1;

/** Whether the backslash at j is an escape (an even number of backslashes before it, down to s). */
function isEscape(buf: Uint8Array, s: number, j: number): boolean {
  let k = j - 1;
  while (k >= s && buf[k] === BSLASH) k--;
  return (j - k) % 2 === 1;
}

/** A DataView of the buffer logStringEnd read last, made once per buffer. */
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
let viewOf: Uint8Array | null = null;

/** The first backslash of the `log` string logStringEnd read last (-1: none). */
let logBackslash = -1;

/**
 * The position after the JSON string at i (at its opening quote), or -1:
 * the first quote not escaped. Lenient where skipString is strict (a raw
 * control byte, a bad escape inside are let through: Docker escapes what it
 * writes, and the inner parser reads the text anyway). Notes the first
 * backslash in logBackslash, so logText knows without a search whether the
 * text needs decoding. A JS loop: two Buffer#indexOf calls (the quote, the
 * backslash) into C++ per line cost more than this pass over a `log` of a
 * few dozen bytes (measured on the docker samples, 256 MiB).
 */
function logStringEnd(buf: Uint8Array, i: number, e: number): number {
  if (buf !== viewOf) {
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    viewOf = buf;
  }
  const v = view;
  let bs = -1;
  let j = i + 1;
  for (;;) {
    // four bytes at a time while none is a quote or a backslash (x has a
    // zero byte iff (x - 0x01010101) & ~x & 0x80808080 is not 0)
    while (j + 4 <= e) {
      const w = v.getInt32(j);
      const q = w ^ 0x22222222;
      const b = w ^ 0x5c5c5c5c;
      if ((((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b)) & 0x80808080) break;
      j += 4;
    }
    if (j >= e) return -1;
    const c = buf[j];
    if (c === QUOTE) {
      logBackslash = bs;
      return j + 1;
    }
    if (c === BSLASH) {
      if (bs < 0) bs = j;
      j += 2; // the escaped byte, a quote too, is text
    } else j++;
  }
}

/**
 * The position after the plain JSON string at i (its opening quote: no
 * escape, no control byte), -2 when it is not plain (then skipValue
 * decides), -1 when unterminated. What skipString answers for such a
 * string, without its call (a time, a stream: every line has them).
 */
function plainStringEnd(buf: Uint8Array, i: number, e: number): number {
  for (let j = i + 1; j < e; j++) {
    const c = buf[j];
    if (c === QUOTE) return j + 1;
    if (c === BSLASH || c < SP) return -2;
  }
  return -1;
}

/** Where the key at i (its opening quote) ends, for the key keyAt returned. */
let keyEnd = 0;

/**
 * The key at i (at its opening quote) → K_LOG, K_STREAM, K_TIME or K_NONE,
 * its end in keyEnd; -1 when it is not a JSON string. Docker's own keys, as
 * it writes them, are matched on their bytes first (skipString and keyOf
 * would say the same of them); any other key is skipped with skipString.
 */
function keyAt(buf: Uint8Array, i: number, e: number): number {
  const c = buf[i + 1];
  if (c === 0x6c && i + 5 <= e && buf[i + 2] === 0x6f && buf[i + 3] === 0x67 && buf[i + 4] === QUOTE) {
    keyEnd = i + 5;
    return K_LOG;
  }
  if (c === 0x73 && i + 8 <= e && buf[i + 2] === 0x74 && buf[i + 3] === 0x72 && buf[i + 4] === 0x65 && buf[i + 5] === 0x61 && buf[i + 6] === 0x6d && buf[i + 7] === QUOTE) {
    keyEnd = i + 8;
    return K_STREAM;
  }
  if (c === 0x74 && i + 6 <= e && buf[i + 2] === 0x69 && buf[i + 3] === 0x6d && buf[i + 4] === 0x65 && buf[i + 5] === QUOTE) {
    keyEnd = i + 6;
    return K_TIME;
  }
  const end = skipString(buf, i, e);
  if (end < 0) return -1;
  keyEnd = end;
  return strEscaped ? K_NONE : keyOf(buf, i + 1, end - 1);
}

/** `"stdout"` or `"stderr"` at i → the position after it, else -1 (then skipValue reads the value). */
function streamEnd(buf: Uint8Array, i: number, e: number): number {
  if (i + 8 > e || buf[i + 1] !== 0x73 || buf[i + 2] !== 0x74 || buf[i + 3] !== 0x64 || buf[i + 7] !== QUOTE) return -1;
  const a = buf[i + 4];
  const b = buf[i + 5];
  const c = buf[i + 6];
  return (a === 0x6f && b === 0x75 && c === 0x74) || (a === 0x65 && b === LC_R && c === LC_R) ? i + 8 : -1;
}

/** The time of the line dockerLine read last: its `time`, epoch ms, NaN when none. */
function dockerTime(buf: Uint8Array): number {
  if (timeValue === timeValue) return timeValue;
  return timeStart < 0 ? NaN : timeValueAt(buf, timeStart, timeEnd);
}

/** Whether escaped text [s, e) ends with the escape `\` + c. */
function endsWithEscape(buf: Uint8Array, s: number, e: number, c: number): boolean {
  return e - s >= 2 && buf[e - 1] === c && buf[e - 2] === BSLASH && isEscape(buf, s, e - 2);
}

/**
 * Line [s, e) is one well-formed object with a `log` string and a `stream`
 * string: sets logStart/logEnd, dockerTs and dockerPartial.
 */
export function dockerLine(buf: Uint8Array, s: number, e: number): boolean {
  let i = skipWs(buf, s, e);
  if (i >= e || buf[i] !== LBRACE) return false;
  i = skipWs(buf, i + 1, e);
  let ls = -1;
  let le = -1;
  let stream = false;
  let ts = -1;
  let te = -1;
  let timeSeen = false;
  let tv = NaN;
  if (i < e && buf[i] === RBRACE) return false; // {}: no log
  let lbs = -1;
  for (;;) {
    if (i >= e || buf[i] !== QUOTE) return false;
    const key = keyAt(buf, i, e);
    if (key < 0) return false;
    i = skipWs(buf, keyEnd, e);
    if (i >= e || buf[i] !== COLON) return false;
    i = skipWs(buf, i + 1, e);
    if (i >= e) return false;
    const vs = i;
    // Docker's values are read on their bytes (the `log` string, most of
    // the line, without validating its escapes); skipValue validates what
    // is not in Docker's own form.
    if (key === K_LOG && buf[vs] === QUOTE) {
      i = logStringEnd(buf, vs, e);
      if (ls < 0) lbs = logBackslash;
    } else if (key === K_STREAM) {
      i = streamEnd(buf, vs, e);
      if (i < 0) i = skipValue(buf, vs, e);
    } else if (key === K_TIME && buf[vs] === QUOTE) {
      // Docker's own time is read now, which also finds the string's end
      // (its bytes are digits and `-:T.Z`: a plain string); another one is
      // only skipped, and read by timeValueAt when a line needs it.
      const t = zuluTimeAt(buf, vs + 1, e);
      if (t === t && buf[zuluEnd] === QUOTE) {
        i = zuluEnd + 1;
        if (!timeSeen) tv = t;
      } else {
        i = plainStringEnd(buf, vs, e);
        if (i === -2) i = skipValue(buf, vs, e);
      }
    } else i = skipValue(buf, vs, e);
    if (i < 0) return false;
    const isString = buf[vs] === QUOTE;
    if (key === K_LOG && ls < 0) {
      if (!isString) return false; // a `log` that is not text: not Docker's
      ls = vs + 1;
      le = i - 1;
    } else if (key === K_STREAM && !stream) {
      if (!isString) return false;
      stream = true;
    } else if (key === K_TIME && !timeSeen) {
      timeSeen = true;
      if (isString) {
        ts = vs + 1;
        te = i - 1;
      }
    }
    i = skipWs(buf, i, e);
    if (i >= e) return false;
    if (buf[i] === COMMA) {
      i = skipWs(buf, i + 1, e);
      continue;
    }
    if (buf[i] !== RBRACE) return false;
    break;
  }
  if (skipWs(buf, i + 1, e) !== e || ls < 0 || !stream) return false;
  timeStart = ts;
  timeEnd = te;
  timeValue = tv;
  dockerPartial = !endsWithEscape(buf, ls, le, LC_N);
  if (!dockerPartial) {
    le -= 2;
    if (endsWithEscape(buf, ls, le, LC_R)) le -= 2; // a Windows container's \r\n
  }
  logStart = ls;
  logEnd = le;
  logBs = lbs;
  return true;
}

/** The decoded `log` text, when it had escapes; grown on demand. */
let text: Uint8Array = Buffer.alloc(1024);
const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * The `log` text of the line dockerLine read last, where a parser can read
 * it: returns its end, its bytes being [textStart, end) of textBuf.
 */
let textBuf: Uint8Array = text;
let textStart = 0;
function logText(buf: Uint8Array): number {
  const s = logStart;
  const e = logEnd;
  const bs = logBs;
  if (bs < 0 || bs >= e) {
    textBuf = buf;
    textStart = s;
    return innerEnd(buf, s, e);
  }
  if (text.length < e - s) text = Buffer.alloc(Math.max(e - s, text.length * 2));
  textBuf = text;
  textStart = 0;
  return innerEnd(text, 0, unescapeInto(buf, s, e, text));
}

/**
 * Moves rec's message span, in the decoded text of the line dockerLine read
 * last, to the same bytes in the line itself (buf) when there they are
 * plain ASCII without an escape; false when they are not. The top errors
 * then take the message on bytes (errorBytes: a template cache hit, no
 * string), not as text (a TextDecoder call, a regex, a new string per
 * error line: ~8 % of a scan of the docker samples). For ASCII without
 * escapes both ways give the same template and example.
 */
function messageInLine(buf: Uint8Array, rec: LineRecord): boolean {
  const o = escapedOffset(buf, logStart, logEnd, rec.msgStart);
  if (o < 0) return false;
  const oe = o + rec.msgEnd - rec.msgStart;
  if (oe > logEnd) return false;
  for (let k = o; k < oe; k++) if (buf[k] >= 0x80 || buf[k] === BSLASH) return false;
  rec.msgStart = o;
  rec.msgEnd = oe;
  return true;
}

/** A Docker json-file parser whose `log` lines are read by inner. */
export function dockerParser(inner: LineParser): LineParser {
  return (buf: Uint8Array, s: number, e: number, rec: LineRecord): boolean => {
    if (!dockerLine(buf, s, e) || dockerPartial) return false;
    const te = logText(buf);
    const tb = textBuf;
    const ts = textStart;
    if (isBlankSpan(tb, ts, te)) return false; // the container's blank line: a marker
    if (!innerRead(inner, tb, ts, te, rec) && !wrapperEntry(tb, ts, te, dockerTime(buf), rec)) return false;
    // The message's bytes are in this module's buffer, which the next line
    // overwrites: an error (whose message is kept) gets them on the line's
    // own bytes, or else as text.
    if (tb !== buf && rec.level >= ERROR && rec.msgText === undefined && !messageInLine(buf, rec)) {
      rec.msgText = decoder.decode(tb.subarray(rec.msgStart, rec.msgEnd));
    }
    return true;
  };
}

/** The Docker lines that are neither entries nor malformed: pieces of a long line, blank lines, the inner format's markers. */
export function dockerMarker(inner: LineTest | undefined): LineTest {
  return (buf: Uint8Array, s: number, e: number): boolean => {
    if (!dockerLine(buf, s, e)) return false;
    if (dockerPartial) return true;
    const te = logText(buf);
    return isBlankSpan(textBuf, textStart, te) || (inner !== undefined && inner(textBuf, textStart, te));
  };
}

/** The `log` text of a Docker line (decoded), or undefined: what a format fits the inner format on. */
export function dockerText(buf: Uint8Array, s: number, e: number): Uint8Array | undefined {
  if (!dockerLine(buf, s, e) || dockerPartial) return undefined;
  const te = logText(buf);
  return textBuf.subarray(textStart, te);
}

/**
 * The inner line of the Docker line [s, e) dockerParser read as an entry,
 * when its inner parser read it on the line's own bytes (a `log` without an
 * escape but its `\n`): LaneWrap.span.
 */
export function dockerSpan(buf: Uint8Array, s: number, e: number, span: Span): boolean {
  if (entryByWrapper || !dockerLine(buf, s, e) || dockerPartial || (logBs >= 0 && logBs < logEnd)) return false;
  span.start = logStart;
  span.end = innerEnd(buf, logStart, logEnd);
  return true;
}
