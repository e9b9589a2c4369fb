/**
 * OpenStack services' oslo.log layout,
 * `%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [%(request_id)s %(user_identity)s] %(instance)s%(message)s`
 * (`[-]` without a request context), optionally after a file-name column
 * as in the loghub sample, which merged several services' files:
 *
 *   nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-… - - -] 10.11.10.1 "GET /v2/…/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829
 *
 * The message is what follows the request context and the `[instance: …]`
 * field. The WSGI server's request lines end in `status: N len: N time: S`:
 * those are requests, their response time in seconds.
 */
import { numOut, readDecimal } from '../num.js';
import type { LineParser, LineRecord } from '../record.js';
import { blanks, bracketEnd, isBlank, digitsEnd, isDigit, LineClock, levelWord, message, skipBlanks, tokenEnd } from './layout.js';

const DOT = 46;
const clock = new LineClock();

function lit(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}
const REQ = lit('[req-');
const NO_CONTEXT = lit('[-]');
const INSTANCE = lit('[instance: ');
const TIME = lit(' time: ');
const LEN = lit(' len: ');
const STATUS = lit('status: ');

function at(buf: Uint8Array, i: number, e: number, l: Uint8Array): boolean {
  if (i < 0 || i + l.length > e) return false;
  for (let k = 0; k < l.length; k++) if (buf[i + k] !== l[k]) return false;
  return true;
}

/** Digits ending at e (exclusive): where they start, or -1 when there are none. */
function digitsBefore(buf: Uint8Array, s: number, e: number): number {
  let i = e;
  while (i > s && isDigit(buf[i - 1])) i--;
  return i < e ? i : -1;
}

/**
 * `status: 200 len: 1893 time: 0.2477829` ending the message [s, e) →
 * rec.rt (ms) and rec.request; false when the message does not end so.
 */
function wsgiRequest(buf: Uint8Array, s: number, e: number, rec: LineRecord): boolean {
  let i = e;
  while (i > s && (isDigit(buf[i - 1]) || buf[i - 1] === DOT)) i--;
  if (i === e || !isDigit(buf[i])) return false;
  const seconds = i;
  i -= TIME.length;
  if (i <= s || !at(buf, i, e, TIME)) return false;
  i = digitsBefore(buf, s, i);
  if (i < 0) return false;
  i -= LEN.length;
  if (i <= s || !at(buf, i, e, LEN)) return false;
  i = digitsBefore(buf, s, i);
  if (i < 0) return false;
  i -= STATUS.length;
  if (i < s || !at(buf, i, e, STATUS)) return false;
  if (readDecimal(buf, seconds, e, 3) !== e) return false;
  rec.rt = numOut[0];
  rec.request = true;
  return true;
}

export const parseOpenstack: LineParser = function parseOpenstack(buf, start, end, rec) {
  let i = start;
  // the loghub sample's leading file-name column
  if (i < end && !isDigit(buf[i]) && (i = blanks(buf, tokenEnd(buf, i, end), end)) < 0) return false;
  if ((i = clock.read(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = digitsEnd(buf, i, end)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  // the logger's name, then the message
  if (i >= end) return false;
  i = tokenEnd(buf, i, end);
  i = skipBlanks(buf, i, end);
  if (at(buf, i, end, REQ) || at(buf, i, end, NO_CONTEXT)) {
    if ((i = bracketEnd(buf, i, end)) < 0) return false;
    i = skipBlanks(buf, i, end);
  }
  if (at(buf, i, end, INSTANCE)) {
    const j = bracketEnd(buf, i, end);
    if (j > 0) i = skipBlanks(buf, j, end);
  }
  let e = end;
  while (e > i && isBlank(buf[e - 1])) e--;
  wsgiRequest(buf, i, e, rec);
  return message(buf, i, e, rec);
};
