/**
 * AWS Elastic Load Balancing access logs (AWS docs, "Access logs for your
 * Application Load Balancer" and "... Classic Load Balancer"):
 *
 *   ALB: http 2018-07-02T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:… "Root=…" …
 *   ELB: 2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -
 *
 * Both: the time (ISO, UTC) the balancer answered, the client and the target,
 * three processing times in seconds — request (balancer), target, response
 * (balancer) — the balancer's status and the target's (`-` when none), the
 * bytes received and sent, then the quoted request line; what follows is
 * not read (ALB keeps adding fields at the end). The response time is the
 * sum of the three; a time of `-1` means the request never reached a target
 * (or the target closed the connection): still a request, with no response
 * time. The level comes from the balancer's status, what the client got; a
 * TCP listener's line has none (`-`) and is INFO.
 */
import { numOut, readDecimal } from './num.js';
import type { LineParser, LineRecord } from './record.js';
import { levelOfStatus, statusAt } from './status.js';
import { lastEnd, parseIso } from './time.js';

const SP = 32;
const QUOTE = 34;
const DASH = 45;
const D0 = 48;
const D1 = 49;
const LC_A = 0x61;
const LC_Z = 0x7a;

/** The end of a token of visible bytes at i (at the space after it, or end), or -1 when empty. */
function tokenEnd(buf: Uint8Array, i: number, end: number): number {
  const s = i;
  while (i < end && buf[i] > SP) i++;
  return i === s ? -1 : i;
}

/** A status at i, or `-` (-1); -2 when neither. Followed by a space. */
function statusOrDash(buf: Uint8Array, i: number, end: number): number {
  if (i + 1 < end && buf[i] === DASH && buf[i + 1] === SP) return -1;
  const s = statusAt(buf, i, end);
  return s >= 0 && i + 3 < end && buf[i + 3] === SP ? s : -2;
}

/** Digits or `-` at i followed by a space: the position of the space, or -1. */
function countEnd(buf: Uint8Array, i: number, end: number): number {
  const s = i;
  if (i < end && buf[i] === DASH) i++;
  else while (i < end && buf[i] - D0 >= 0 && buf[i] - D0 <= 9) i++;
  return i > s && i < end && buf[i] === SP ? i : -1;
}

/** The fields after the balancer's name, from the client on; fills rec. */
function readTail(buf: Uint8Array, i: number, end: number, rec: LineRecord, ts: number): boolean {
  // client:port, target:port (or '-')
  i = tokenEnd(buf, i, end);
  if (i < 0 || i >= end) return false;
  i = tokenEnd(buf, i + 1, end);
  if (i < 0 || i >= end) return false;
  i++;
  // three times in seconds, summed in µs (exact for AWS's 3 or 6 decimals), or -1
  let us = 0;
  let reached = true;
  for (let k = 0; k < 3; k++) {
    if (i + 1 < end && buf[i] === DASH && buf[i + 1] === D1) {
      reached = false;
      i += 2;
    } else {
      i = readDecimal(buf, i, end, 6);
      if (i < 0) return false;
      us += numOut[0];
    }
    if (i >= end || buf[i] !== SP) return false;
    i++;
  }
  const status = statusOrDash(buf, i, end);
  if (status < -1) return false;
  i += status < 0 ? 2 : 4;
  if (statusOrDash(buf, i, end) < -1) return false;
  i += buf[i] === DASH ? 2 : 4;
  // received and sent bytes
  i = countEnd(buf, i, end);
  if (i < 0) return false;
  i = countEnd(buf, i + 1, end);
  if (i < 0 || i + 1 >= end || buf[i + 1] !== QUOTE) return false;
  // "request": AWS writes no quote inside it (a quote in the URL is percent-encoded)
  const ms = i + 2;
  let me = ms;
  while (me < end && buf[me] !== QUOTE) me++;
  if (me >= end || (me + 1 < end && buf[me + 1] !== SP)) return false;
  rec.ts = ts;
  rec.level = levelOfStatus(status);
  rec.request = true;
  rec.rt = reached ? us / 1000 : NaN;
  rec.msgStart = ms;
  rec.msgEnd = me;
  return true;
}

/** The time at i followed by a space: epoch ms, NaN otherwise (lastEnd at the space). */
function timeAt(buf: Uint8Array, i: number, end: number): number {
  const ts = parseIso(buf, i, end);
  return ts === ts && lastEnd < end && buf[lastEnd] === SP ? ts : NaN;
}

/** An Application Load Balancer line: the type (`http`, `https`, `h2`, `grpcs`, `ws`, `wss`) first. */
export const parseAlb: LineParser = function parseAlb(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
  let i = start;
  while (i < end && i - start < 6 && ((buf[i] >= LC_A && buf[i] <= LC_Z) || (buf[i] >= D0 && buf[i] <= D0 + 9))) i++;
  if (i - start < 2 || i >= end || buf[i] !== SP) return false;
  const ts = timeAt(buf, i + 1, end);
  if (ts !== ts) return false;
  // app/name/id
  i = tokenEnd(buf, lastEnd + 1, end);
  if (i < 0 || i >= end) return false;
  return readTail(buf, i + 1, end, rec, ts);
};

/** A Classic Load Balancer line: the time first. */
export const parseElb: LineParser = function parseElb(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
  const ts = timeAt(buf, start, end);
  if (ts !== ts) return false;
  const i = tokenEnd(buf, lastEnd + 1, end);
  if (i < 0 || i >= end) return false;
  return readTail(buf, i + 1, end, rec, ts);
};
