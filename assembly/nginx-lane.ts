/**
 * The nginx access log's fast lane (see assembly/lane-core.ts and the JS
 * side, src/scan/lane.ts). It takes the lines of the current minute
 *
 *   10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8" 0.105
 *
 * whose time has the minute and zone JS validated (setMinute), and parses
 * them as src/parsers/nginx.ts does, operation for operation: the address,
 * the user up to ` [`, the time, the quoted request (the message), a
 * three-digit status (the level: ≥ 500 ERROR, 4xx WARN, else INFO), the body
 * bytes, then optionally the quoted referer and user agent, then optionally
 * the request time in seconds (→ ms). Every line is a request. Anything else
 * goes to the JS parser.
 */
import { b, bailed, clearBail, coreBytes, coreInit, countLine, currentMinuteMs, dig, isBlankByte, newPrefix, number, readDecimal, scanLines, LineTaker, SP, LBRACKET } from './lane-core';
import { clfSecond, isClfMinute, setClfMinute } from './clf-minute';

export { status, reset, clearMinute, F64_SLOTS, COUNTERS, BUCKETS, ERR_CAP, RANGE_END, NEED_BYTES, BAIL, NEW_PREFIX, ERRORS_FULL, TPL_CAP, TPL_NONE, tplReset, tplFull, tplRecords, tplArena, setWrap } from './lane-core';

const QUOTE: u32 = 34;
const BSLASH: u32 = 92;
const DASH: u32 = 45;

export function init(state: usize): void {
  coreInit(state);
}

export function stateBytes(): usize {
  return coreBytes();
}

/** The minute of the time at t (after '['), already validated by JS: lines with its minute and zone bytes are the lane's. */
export function setMinute(t: usize, ms: f64): void {
  setClfMinute(t, ms);
}

/**
 * A quoted field at i (the quote): the position after the closing quote, or
 * 0. A backslash escapes the next byte. Sixteen bytes at a time: the first
 * quote or backslash in them is where the byte-by-byte loop of the JS parser
 * would stop too (it steps over every other byte one at a time).
 */
function skipQuoted(i: usize, end: usize): usize {
  i++;
  const quote = i8x16.splat(<i8>QUOTE);
  const bslash = i8x16.splat(<i8>BSLASH);
  while (i + 16 <= end) {
    const v = v128.load(i);
    const m = i8x16.bitmask(v128.or(i8x16.eq(v, quote), i8x16.eq(v, bslash)));
    if (m == 0) {
      i += 16;
      continue;
    }
    const j = i + <usize>ctz(m);
    if (b(j) == QUOTE) return j + 1;
    i = j + 2; // a backslash: it and the byte it escapes
  }
  while (i < end) {
    const c = b(i);
    if (c == QUOTE) return i + 1;
    i += c == BSLASH ? 2 : 1;
  }
  return 0;
}

function takeLine(s: usize, end: usize): bool {
  // $remote_addr: a token of visible bytes
  let i = s;
  while (i < end && b(i) > SP) i++;
  if (i == s || i >= end || b(i) != SP) return false;
  // `- $remote_user`: up to ' ['
  while (i < end && !(b(i) == LBRACKET && b(i - 1) == SP)) {
    if (b(i) < SP) return false;
    i++;
  }
  if (i >= end) return false;
  const t = i + 1;
  // the time, then '] "': the JS parser needs t + 26 <= end and three bytes from t + 26
  if (t + 28 >= end) return false;
  if (!isClfMinute(t)) return newPrefix(t);
  const sec = clfSecond(t);
  if (sec < 0) return false;
  const ts = currentMinuteMs() + <f64>(sec * 1000);
  i = t + 26; // ']', then ' "'
  if (b(i + 1) != SP || b(i + 2) != QUOTE) return false;
  // "$request": the message
  const ms = i + 3;
  i = skipQuoted(i + 2, end);
  if (i == 0) return false;
  const me = i - 1;
  // $status: three digits, not starting with 0
  if (i + 4 > end || b(i) != SP) return false;
  const d0 = dig(i + 1);
  const d1 = dig(i + 2);
  const d2 = dig(i + 3);
  if ((d0 | (9 - d0) | d1 | (9 - d1) | d2 | (9 - d2)) < 0 || d0 == 0) return false;
  const status = d0 * 100 + d1 * 10 + d2;
  i += 4;
  // $body_bytes_sent: digits or '-'
  if (i >= end || b(i) != SP) return false;
  i++;
  const bs = i;
  if (i < end && b(i) == DASH) i++;
  else while (i < end && <u32>dig(i) <= 9) i++;
  if (i == bs || (i < end && !isBlankByte(b(i)))) return false;
  let rt: f64 = NaN;
  while (i < end && isBlankByte(b(i))) i++;
  if (i < end && b(i) == QUOTE) {
    // combined: "$http_referer" "$http_user_agent"
    i = skipQuoted(i, end);
    if (i == 0 || i >= end || !isBlankByte(b(i))) return false;
    while (i < end && isBlankByte(b(i))) i++;
    if (i >= end || b(i) != QUOTE) return false;
    i = skipQuoted(i, end);
    if (i == 0 || (i < end && !isBlankByte(b(i)))) return false;
    while (i < end && isBlankByte(b(i))) i++;
  }
  if (i < end) {
    // $request_time in seconds (ms resolution), exactly scaled to ms
    clearBail();
    const ne = readDecimal(i, end, 3);
    if (bailed()) return false;
    if (ne != 0 && (ne == end || isBlankByte(b(ne)))) rt = number();
  }
  const level = status >= 500 ? 4 : status >= 400 ? 3 : 2;
  return countLine(ts, sec, level, true, rt, NaN, NaN, ms, me);
}

@final class NginxLines extends LineTaker {
  @inline take(s: usize, e: usize): bool {
    return takeLine(s, e);
  }
}
const LINES = new NginxLines();

/**
 * Takes the lines starting in [p, stop) whose '\n' lies before len until one
 * is not the lane's; returns where it stopped (status() says why).
 */
export function scan(p: usize, stop: usize, len: usize): usize {
  return scanLines<NginxLines>(p, stop, len, LINES);
}
