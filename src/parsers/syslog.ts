/**
 * Traditional syslog lines (RFC 3164 §4.1.2, the layout of /var/log/syslog,
 * auth.log and macOS system.log), with or without the `<PRI>` of the wire
 * form:
 *
 *   Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; ...
 *   Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>...
 *   2024-01-24T10:15:32.123456+01:00 host prog[123]: msg     (rsyslog's RFC 3339 "high precision" file format)
 *   <34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8
 *
 * time, one blank, HOSTNAME, one blank, then the rest is the entry's text.
 * The tag (`prog[pid]:`) is optional: real files hold `syslogd 1.4.1:
 * restart.`, `--- last message repeated 1 time ---` and tag-less kernel
 * lines, and those are entries, not malformed lines. The message (top
 * errors) is the text after `tag[pid]: ` when there is such a tag.
 *
 * `Mmm dd` has no year: it comes from a YearGuess (src/parsers/year.ts).
 */
import { levelAt, levelFromSeverity } from './levels.js';
import { scanMessage } from './message.js';
import type { LineParser, LineRecord } from './record.js';
import { lastEnd, monthAt, parseIso, timeOfDayAt, two } from './time.js';
import { dayOf, type YearGuess } from './year.js';

const SP = 32;
const TAB = 9;
const COLON = 58;
const LT = 60; // '<'
const GT = 62; // '>'
const LBRACKET = 91;
const RBRACKET = 93;
const D0 = 48;
const UC_T = 84; // 'T'
const LC_T = 116;

/** Where bsdTimeAt's time ended. */
export let bsdEnd = 0;

/** A tag longer than this is taken for text (RFC 3164 allows 32; macOS writes longer bundle ids). */
const MAX_TAG = 64;

/**
 * `Mmm dd HH:MM:SS` at i (the day zero-, space- or not padded: `Jun 14`,
 * `Jul  1`, `Jul 1`) → epoch ms in the guessed year, NaN if it is not that
 * or an impossible date. Sets bsdEnd after the time.
 */
export function bsdTimeAt(buf: Uint8Array, i: number, end: number, year: YearGuess): number {
  if (i + 15 > end || buf[i + 3] !== SP) return NaN;
  const m = monthAt(buf, i);
  if (m < 0) return NaN;
  let d: number;
  let t: number; // where the time starts
  if (buf[i + 4] === SP) {
    d = buf[i + 5] - D0;
    t = i + 7;
    if (d < 1 || d > 9 || buf[i + 6] !== SP) return NaN;
  } else if (buf[i + 5] === SP) {
    d = buf[i + 4] - D0;
    t = i + 6;
    if (d < 1 || d > 9) return NaN;
  } else {
    d = two(buf, i + 4);
    t = i + 7;
    if (d < 0 || buf[i + 6] !== SP) return NaN;
  }
  let ms: number;
  if (t + 8 < end && buf[t + 8] === SP) {
    ms = plainTimeAt(buf, t);
    bsdEnd = t + 8;
  } else {
    ms = timeOfDayAt(buf, t, end, 0);
    bsdEnd = lastEnd;
  }
  if (ms !== ms) return NaN;
  return year.at(m, d, ms);
}

/**
 * `HH:MM:SS` at t, a blank after it → ms of the day, NaN if it is not
 * that: what timeOfDayAt answers there (no fraction, no zone), without its
 * call. The time of nearly every BSD syslog line.
 */
function plainTimeAt(buf: Uint8Array, t: number): number {
  if (buf[t + 2] !== COLON || buf[t + 5] !== COLON) return NaN;
  const h = two(buf, t);
  const mi = two(buf, t + 3);
  const sec = two(buf, t + 6);
  // Second 60 is a leap second; 61+ is impossible. (Negative = not digits.)
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return NaN;
  return h * 3_600_000 + mi * 60_000 + sec * 1000;
}

const STDOUT = Buffer.from('stdout', 'latin1');
const STDERR = Buffer.from('stderr', 'latin1');

function is(buf: Uint8Array, s: number, e: number, lit: Uint8Array): boolean {
  if (e - s !== lit.length) return false;
  for (let k = 0; k < lit.length; k++) if (buf[s + k] !== lit[k]) return false;
  return true;
}

/**
 * The word after an RFC 3339 time is no host: a level (`ERROR`, `[INFO]`:
 * a leveled layout's line) or a stream (`stdout F …`: a CRI container
 * log's line, which the container format reads with its inner format).
 */
function notAHost(buf: Uint8Array, s: number, e: number): boolean {
  if (buf[s] === LBRACKET) return true;
  if (is(buf, s, e, STDOUT) || is(buf, s, e, STDERR)) return true;
  return levelAt(buf, s, e) >= 0;
}

/**
 * The body after the time (the shape lane reads it too: assembly/shape-lane.ts
 * syslogMessage): one blank, HOSTNAME, one blank, text. Fills the
 * message span (after a `tag[pid]: ` when there is one) and the figures.
 * False when there is no host.
 */
export function syslogBody(buf: Uint8Array, i: number, end: number, rec: LineRecord, checkHost: boolean): boolean {
  if (i >= end || buf[i] !== SP) return false;
  const h = ++i;
  while (i < end && buf[i] !== SP && buf[i] !== TAB) i++;
  if (i === h) return false;
  if (checkHost && notAHost(buf, h, i)) return false;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  let e = end;
  while (e > i && (buf[e - 1] === SP || buf[e - 1] === TAB)) e--;
  rec.msgStart = i;
  rec.msgEnd = e;
  // The tag: a token ending in ':' or '[pid]:', then a blank.
  let j = i;
  const limit = Math.min(e, i + MAX_TAG);
  while (j < limit && buf[j] !== SP && buf[j] !== COLON && buf[j] !== LBRACKET) j++;
  if (j > i && j < e && buf[j] === LBRACKET) {
    j++;
    while (j < e && buf[j] !== RBRACKET && buf[j] !== SP) j++;
    if (j < e && buf[j] === RBRACKET) j++;
  }
  if (j > i && j < e && buf[j] === COLON && (j + 1 === e || buf[j + 1] === SP)) {
    j++;
    while (j < e && (buf[j] === SP || buf[j] === TAB)) j++;
    rec.msgStart = j;
  }
  if (rec.msgStart < e) scanMessage(buf, rec.msgStart, e, rec);
  return true;
}

/**
 * An RFC 3339 time at i (`T` between date and time, as rsyslog writes it;
 * a space there is a leveled layout's) → epoch ms or NaN; sets lastEnd.
 */
function rfc3339At(buf: Uint8Array, i: number, end: number): number {
  if (i + 19 > end || (buf[i + 10] !== UC_T && buf[i + 10] !== LC_T)) return NaN;
  return parseIso(buf, i, end);
}

/** A syslog line without PRI: `Mmm dd HH:MM:SS host text` or `<RFC 3339> host text`. Every entry is INFO (no level field). */
export function syslogParser(year: YearGuess): LineParser {
  return function parseSyslog(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
    const c = buf[start] - D0;
    if (c >= 0 && c <= 9) {
      const ts = rfc3339At(buf, start, end);
      if (ts !== ts) return false;
      rec.ts = ts;
      return syslogBody(buf, lastEnd, end, rec, true);
    }
    const ts = bsdTimeAt(buf, start, end, year);
    if (ts !== ts) return false;
    rec.ts = ts;
    return syslogBody(buf, bsdEnd, end, rec, false);
  };
}

/**
 * `<PRI>` at start → PRI (0–191: facility × 8 + severity), leaving where it
 * ended in priEnd; -1 when there is none. 1–3 digits.
 */
export let priEnd = 0;

export function priAt(buf: Uint8Array, start: number, end: number): number {
  if (start + 3 > end || buf[start] !== LT) return -1;
  let i = start + 1;
  let n = 0;
  const stop = Math.min(end, i + 4);
  while (i < stop) {
    const d = buf[i] - D0;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    i++;
  }
  if (i === start + 1 || i - start > 4 || i >= end || buf[i] !== GT || n > 191) return -1;
  priEnd = i + 1;
  return n;
}

/**
 * `YYYY Mmm dd HH:MM:SS` at i (RFC 3164 §5.4's fourth example, a device
 * that writes the year first) → epoch ms or NaN; sets lastEnd.
 */
function yearFirstAt(buf: Uint8Array, i: number, end: number): number {
  if (i + 20 > end || buf[i + 4] !== SP || buf[i + 8] !== SP || buf[i + 11] !== SP) return NaN;
  const y1 = two(buf, i);
  const y2 = two(buf, i + 2);
  const m = monthAt(buf, i + 5);
  const d = buf[i + 9] === SP ? buf[i + 10] - D0 : two(buf, i + 9);
  if (y1 < 0 || y2 < 0 || m < 0 || !(d >= 0 && d <= 31)) return NaN;
  const day = dayOf(y1 * 100 + y2, m, d);
  if (day !== day) return NaN;
  return timeOfDayAt(buf, i + 12, end, day);
}

/**
 * A syslog line with `<PRI>` (RFC 3164, also what rsyslog forwards:
 * `<PRI>` then an RFC 3339 time): the level is the severity, PRI & 7.
 */
export function rfc3164Parser(year: YearGuess): LineParser {
  return function parseRfc3164(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
    const pri = priAt(buf, start, end);
    if (pri < 0) return false;
    const i = priEnd;
    let ts: number;
    let body: number;
    const c = buf[i] - D0;
    if (c >= 0 && c <= 9) {
      ts = buf[i + 4] === SP ? yearFirstAt(buf, i, end) : rfc3339At(buf, i, end);
      body = lastEnd;
    } else {
      ts = bsdTimeAt(buf, i, end, year);
      body = bsdEnd;
    }
    if (ts !== ts) return false;
    rec.ts = ts;
    rec.level = levelFromSeverity(pri & 7);
    return syslogBody(buf, body, end, rec, false);
  };
}
