/**
 * Go's standard `log` package (pkg.go.dev/log, the flags LstdFlags,
 * Lmicroseconds, Lshortfile, Llongfile):
 *
 *   2009/01/23 01:23:23 msg
 *   2009/01/23 01:23:23.123123 msg
 *   2009/01/23 01:23:23 d.go:23: msg
 *
 * No level field: every entry is INFO. A `file.go:NN: ` after the time is
 * the call site, not the message. (A prefix before the date, log.New's
 * `prefix`, is not read.)
 */
import { messageAt } from './message.js';
import type { LineRecord } from './record.js';
import { dayMs, lastEnd, timeOfDayAt, two } from './time.js';

const SP = 32;
const TAB = 9;
const SLASH = 47;
const COLON = 58;
const D0 = 48;

/** `file.go:NN:` at i followed by a blank or the end → where the message starts; i when there is none. */
function afterCallSite(buf: Uint8Array, i: number, end: number): number {
  let j = i;
  while (j < end && buf[j] !== SP && buf[j] !== TAB) j++;
  // the token must end in `:digits:`
  if (j - i < 4 || buf[j - 1] !== COLON) return i;
  let k = j - 2;
  while (k > i && buf[k] - D0 >= 0 && buf[k] - D0 <= 9) k--;
  if (k === j - 2 || k <= i || buf[k] !== COLON) return i;
  while (j < end && (buf[j] === SP || buf[j] === TAB)) j++;
  return j;
}

export function parseGoLog(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
  const s = start;
  if (s + 19 > end || buf[s + 4] !== SLASH || buf[s + 7] !== SLASH || buf[s + 10] !== SP) return false;
  const y1 = two(buf, s);
  const y2 = two(buf, s + 2);
  const m = two(buf, s + 5);
  const d = two(buf, s + 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) return false;
  const day = dayMs(y1 * 100 + y2, m, d);
  if (day !== day) return false;
  const ts = timeOfDayAt(buf, s + 11, end, day);
  if (ts !== ts) return false;
  let i = lastEnd;
  if (i < end && buf[i] !== SP) return false;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  i = afterCallSite(buf, i, end);
  rec.ts = ts;
  messageAt(buf, i, end, rec);
  return true;
}
