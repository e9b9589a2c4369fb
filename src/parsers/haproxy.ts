/**
 * HAProxy's HTTP log (`option httplog`, configuration manual §8.2.3), and
 * its TCP log (§8.2.2) in the same files:
 *
 *   Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"
 *   Feb  6 12:12:56 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0
 *
 * The syslog header (RFC 3164 with or without `<PRI>`, or an ISO time) is
 * optional — `log stdout format raw` writes none — and not read: the time is
 * the bracketed accept date, which has a year and milliseconds (local time,
 * read as UTC like every zoneless time). Then the frontend, backend/server,
 * the timers (HTTP: Tq/Tw/Tc/Tr/Tt, since 1.9 TR/Tw/Tc/Tr/Ta; TCP:
 * Tw/Tc/Tt), in ms: the response time is the last, the request's total
 * (`+` before it under `option logasap`); `-1` there means it is unknown, no
 * response time. An HTTP line then has its status (level: ≥ 500 ERROR, 4xx
 * WARN; `-1`, none, is INFO), and its quoted request line is the message; a
 * TCP line is INFO and its message is backend/server.
 */
import type { LineParser, LineRecord } from './record.js';
import { levelOfStatus, statusAt } from './status.js';
import { dayMs, lastEnd, monthAt, timeOfDayAt, two } from './time.js';

const SP = 32;
const QUOTE = 34;
const SLASH = 47;
const COLON = 58;
const DASH = 45;
const PLUS = 43;
const LBRACKET = 91;
const RBRACKET = 93;
const D0 = 48;

/** Where readTimer stopped, and what it read (-1 for `-1`). */
let timerEnd = 0;

/** `[+]digits` or `-1` at i: the value (-1 for `-1`), or -2 when neither; sets timerEnd. */
function readTimer(buf: Uint8Array, i: number, end: number): number {
  if (i + 1 < end && buf[i] === DASH) {
    if (buf[i + 1] !== D0 + 1 || (i + 2 < end && buf[i + 2] - D0 >= 0 && buf[i + 2] - D0 <= 9)) return -2;
    timerEnd = i + 2;
    return -1;
  }
  if (i < end && buf[i] === PLUS) i++;
  const s = i;
  let v = 0;
  while (i < end && i - s < 12) {
    const d = buf[i] - D0;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
  }
  if (i === s) return -2;
  timerEnd = i;
  return v;
}

function hasByte(buf: Uint8Array, i: number, end: number, b: number): boolean {
  for (; i < end; i++) if (buf[i] === b) return true;
  return false;
}

function skipSpaces(buf: Uint8Array, i: number, end: number): number {
  while (i < end && buf[i] === SP) i++;
  return i;
}

/** The end of a token of visible bytes at i, or -1 when empty or the line ends there. */
function tokenEnd(buf: Uint8Array, i: number, end: number): number {
  const s = i;
  while (i < end && buf[i] > SP) i++;
  return i === s || i >= end ? -1 : i;
}

/** The HAProxy fields from the client at p on; false when they are not there. */
function readPayload(buf: Uint8Array, p: number, end: number, rec: LineRecord): boolean {
  // client_ip:client_port
  let i = p;
  let colon = false;
  while (i < end && buf[i] > SP) {
    if (buf[i] === COLON) colon = true;
    i++;
  }
  if (!colon || i + 2 >= end || buf[i] !== SP || buf[i + 1] !== LBRACKET) return false;
  // [06/Feb/2009:12:14:14.655]
  const t = i + 2;
  if (t + 20 > end || buf[t + 2] !== SLASH || buf[t + 6] !== SLASH || buf[t + 11] !== COLON) return false;
  const d = two(buf, t);
  const m = monthAt(buf, t + 3);
  const y1 = two(buf, t + 7);
  const y2 = two(buf, t + 9);
  if (d < 0 || m < 0 || y1 < 0 || y2 < 0) return false;
  const day = dayMs(y1 * 100 + y2, m, d);
  if (day !== day) return false;
  const ts = timeOfDayAt(buf, t + 12, end, day);
  if (ts !== ts || lastEnd >= end || buf[lastEnd] !== RBRACKET) return false;
  // frontend, backend/server
  i = tokenEnd(buf, skipSpaces(buf, lastEnd + 1, end), end);
  if (i < 0) return false;
  const bs = skipSpaces(buf, i, end);
  i = tokenEnd(buf, bs, end);
  if (i < 0 || !hasByte(buf, bs, i, SLASH)) return false;
  const be = i;
  // the timers: 3 (TCP) or 5 (HTTP), the last the total
  i = skipSpaces(buf, i, end);
  let timers = 0;
  let total: number;
  for (;;) {
    total = readTimer(buf, i, end);
    if (total < -1) return false;
    timers++;
    i = timerEnd;
    if (i < end && buf[i] === SLASH && timers < 5) i++;
    else break;
  }
  if ((timers !== 3 && timers !== 5) || i >= end || buf[i] !== SP) return false;
  i = skipSpaces(buf, i, end);
  let status = -1;
  if (timers === 5) {
    if (i + 1 < end && buf[i] === DASH && buf[i + 1] === D0 + 1) i += 2;
    else {
      status = statusAt(buf, i, end);
      if (status < 0) return false;
      i += 3;
    }
    if (i >= end || buf[i] !== SP) return false;
    i = skipSpaces(buf, i, end);
  }
  // bytes_read
  if (readTimer(buf, i, end) < 0 || timerEnd >= end || buf[timerEnd] !== SP) return false;
  i = timerEnd;
  let ms = bs;
  let me = be;
  if (timers === 5) {
    // the request line: from the first quote to the last (HAProxy may cut a long one short of its quote)
    while (i < end && buf[i] !== QUOTE) i++;
    if (i >= end) return false;
    ms = i + 1;
    me = end;
    if (me > ms && buf[me - 1] === QUOTE) me--;
  }
  rec.ts = ts;
  rec.level = levelOfStatus(status);
  rec.request = true;
  rec.rt = total >= 0 ? total : NaN;
  rec.msgStart = ms;
  rec.msgEnd = me;
  return true;
}

/** The first `]: ` of the line (the end of the syslog header's `haproxy[pid]: `), or -1. */
function headerEnd(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i + 2 < end; i++) {
    if (buf[i] === RBRACKET && buf[i + 1] === COLON && buf[i + 2] === SP) return i + 3;
  }
  return -1;
}

export const parseHaproxy: LineParser = function parseHaproxy(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
  if (readPayload(buf, start, end, rec)) return true;
  const p = headerEnd(buf, start, end);
  return p >= 0 && readPayload(buf, p, end, rec);
};
