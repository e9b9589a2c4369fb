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
import { unescapeInto } from './unescape.js';
import { innerEnd, isBlankSpan, wrapperEntry } from './wrapped.js';

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
/** Its `log` had no `\n`: a piece of a longer line. */
let dockerPartial = false;

/** Whether the backslash at j is an escape (an even number of backslashes before it, down to s). */
function isEscape(buf: Uint8Array, s: number, j: number): boolean {
  let k = j - 1;
  while (k >= s && buf[k] === BSLASH) k--;
  return (j - k) % 2 === 1;
}

/**
 * The position after the JSON string at i (at its opening quote), or -1:
 * the first quote not escaped. Lenient where skipString is strict (a raw
 * control byte, a bad escape inside are let through: Docker escapes what it
 * writes, and the inner parser reads the text anyway).
 */
function stringEnd(buf: Uint8Array, i: number, e: number): number {
  let q = i;
  for (;;) {
    q = buf.indexOf(QUOTE, q + 1);
    if (q < 0 || q >= e) return -1;
    if (buf[q - 1] !== BSLASH || !isEscape(buf, i + 1, q - 1)) return q + 1;
  }
}

/** The time of the line dockerLine read last: its `time`, epoch ms, NaN when none. */
function dockerTime(buf: Uint8Array): number {
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
  if (i < e && buf[i] === RBRACE) return false; // {}: no log
  for (;;) {
    if (i >= e || buf[i] !== QUOTE) return false;
    const ks = i + 1;
    i = skipString(buf, i, e);
    if (i < 0) return false;
    const key = strEscaped ? K_NONE : keyOf(buf, ks, i - 1);
    i = skipWs(buf, i, e);
    if (i >= e || buf[i] !== COLON) return false;
    i = skipWs(buf, i + 1, e);
    if (i >= e) return false;
    const vs = i;
    // The `log` string, most of the line, is skipped with indexOf (memchr)
    // rather than a loop over its bytes; the other values are validated.
    i = key === K_LOG && buf[vs] === QUOTE ? stringEnd(buf, vs, e) : skipValue(buf, i, e);
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
  dockerPartial = !endsWithEscape(buf, ls, le, LC_N);
  if (!dockerPartial) {
    le -= 2;
    if (endsWithEscape(buf, ls, le, LC_R)) le -= 2; // a Windows container's \r\n
  }
  logStart = ls;
  logEnd = le;
  return true;
}

/** The decoded `log` text, when it had escapes; grown on demand. */
let text = new Uint8Array(1024);
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
  const bs = buf.indexOf(BSLASH, s);
  if (bs < 0 || bs >= e) {
    textBuf = buf;
    textStart = s;
    return innerEnd(buf, s, e);
  }
  if (text.length < e - s) text = new Uint8Array(Math.max(e - s, text.length * 2));
  textBuf = text;
  textStart = 0;
  return innerEnd(text, 0, unescapeInto(buf, s, e, text));
}

/** A Docker json-file parser whose `log` lines are read by inner. */
export function dockerParser(inner: LineParser): LineParser {
  return (buf: Uint8Array, s: number, e: number, rec: LineRecord): boolean => {
    if (!dockerLine(buf, s, e) || dockerPartial) return false;
    const te = logText(buf);
    const tb = textBuf;
    const ts = textStart;
    if (isBlankSpan(tb, ts, te)) return false; // the container's blank line: a marker
    if (!inner(tb, ts, te, rec) && !wrapperEntry(tb, ts, te, dockerTime(buf), rec)) return false;
    if (tb !== buf) {
      // The message's bytes are in this module's buffer, which the next line
      // overwrites: an error (whose message is kept) gets it as text.
      if (rec.level >= ERROR && rec.msgText === undefined) rec.msgText = decoder.decode(tb.subarray(rec.msgStart, rec.msgEnd));
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
