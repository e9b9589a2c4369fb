/**
 * nginx access log (SPEC §3.4), combined or common, optionally followed by
 * `$request_time` in seconds:
 *
 *   10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105
 *
 * Every line is a request. Level from the status: ≥ 500 ERROR, 4xx WARN,
 * else INFO. The message is the quoted request line.
 *
 * Required: addr, `[time]`, `"request"`, 3-digit status, bytes (digits or
 * `-`). Then, optionally, `"referer" "user-agent"` (both), then optionally a
 * request time (a number or `-`). Anything after that is ignored: many
 * configurations append their own fields (upstream times, forwarded-for).
 */
import type { LineParser, LineRecord } from './record.js';
import { INFO, WARN, ERROR } from './record.js';
import { parseNginxTime, lastEnd } from './time.js';
import { readDecimal, numOut } from './num.js';

const SP = 32;
const TAB = 9;
const QUOTE = 34;
const BSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const DASH = 45;
const D0 = 48;

function isBlank(b: number): boolean {
  return b === SP || b === TAB;
}

/**
 * A quoted field at i (i at the quote): position after the closing quote, or
 * -1. nginx writes `"` inside as `\x22`, but a backslash escape is honoured
 * for logs written by other tools.
 */
function skipQuoted(buf: Uint8Array, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) return i + 1;
    i += c === BSLASH ? 2 : 1;
  }
  return -1;
}

export const parseNginx: LineParser = function parseNginx(
  buf: Uint8Array,
  start: number,
  end: number,
  rec: LineRecord,
): boolean {
  // $remote_addr: a token of visible bytes.
  let i = start;
  while (i < end && buf[i] > SP) i++;
  if (i === start || i >= end || buf[i] !== SP) return false;
  // `- $remote_user`: up to ' [' (a user name may hold anything but a control byte).
  while (i < end && !(buf[i] === LBRACKET && buf[i - 1] === SP)) {
    if (buf[i] < SP) return false;
    i++;
  }
  if (i >= end) return false;
  const ts = parseNginxTime(buf, i + 1, end);
  if (ts !== ts) return false;
  i = lastEnd;
  if (i + 2 >= end || buf[i] !== RBRACKET || buf[i + 1] !== SP || buf[i + 2] !== QUOTE) return false;
  // "$request"
  const ms = i + 3;
  i = skipQuoted(buf, i + 2, end);
  if (i < 0) return false;
  const me = i - 1;
  // $status: three digits.
  if (i + 4 > end || buf[i] !== SP) return false;
  const s0 = buf[i + 1] - D0;
  const s1 = buf[i + 2] - D0;
  const s2 = buf[i + 3] - D0;
  if ((s0 | (9 - s0) | s1 | (9 - s1) | s2 | (9 - s2)) < 0 || s0 === 0) return false; // digits: see time.ts two()
  const status = s0 * 100 + s1 * 10 + s2;
  i += 4;
  // $body_bytes_sent: digits or '-'.
  if (i >= end || buf[i] !== SP) return false;
  i++;
  const bs = i;
  if (i < end && buf[i] === DASH) i++;
  else while (i < end && buf[i] - D0 >= 0 && buf[i] - D0 <= 9) i++;
  if (i === bs || (i < end && !isBlank(buf[i]))) return false;

  let rt = NaN;
  while (i < end && isBlank(buf[i])) i++;
  if (i < end && buf[i] === QUOTE) {
    // combined: "$http_referer" "$http_user_agent"
    i = skipQuoted(buf, i, end);
    if (i < 0 || i >= end || !isBlank(buf[i])) return false;
    while (i < end && isBlank(buf[i])) i++;
    if (i >= end || buf[i] !== QUOTE) return false;
    i = skipQuoted(buf, i, end);
    if (i < 0 || (i < end && !isBlank(buf[i]))) return false;
    while (i < end && isBlank(buf[i])) i++;
  }
  if (i < end) {
    // $request_time in seconds (ms resolution), exactly scaled to ms.
    const ne = readDecimal(buf, i, end, 3);
    if (ne >= 0 && (ne === end || isBlank(buf[ne]))) rt = numOut[0];
  }
  rec.ts = ts;
  rec.level = status >= 500 ? ERROR : status >= 400 ? WARN : INFO;
  rec.request = true;
  rec.rt = rt;
  rec.msgStart = ms;
  rec.msgEnd = me;
  return true;
};

/**
 * For the nginx lane (src/scan/lane.ts): the minute (epoch ms) of the
 * time at `at` (just after '['), when it has the layout the lane keys on —
 * `dd/Mon/yyyy:HH:MM:SS ±HHMM]` — and this parser reads it; NaN otherwise.
 */
export function nginxMinute(buf: Uint8Array, at: number): number {
  if (at + 27 > buf.length) return NaN;
  const ts = parseNginxTime(buf, at, at + 26);
  if (ts !== ts || lastEnd !== at + 26 || buf[at + 26] !== RBRACKET) return NaN;
  return ts - ((buf[at + 18] - D0) * 10 + (buf[at + 19] - D0)) * 1000;
}
