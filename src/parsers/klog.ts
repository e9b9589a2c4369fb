/**
 * klog / glog, the Kubernetes components' and Google's C++/Go log header
 * (klog's README, glog's "Log line prefix format"):
 *
 *   I0124 10:15:32.123456    1234 file.go:42] msg
 *   Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg
 *
 * L is the level letter (I, W, E, F; levelLetter reads the others too),
 * the thread id is padded with blanks, the message follows `] `. mmdd has
 * no year: it comes from a YearGuess.
 */
import { levelLetter } from './levels.js';
import { messageAt } from './message.js';
import type { LineParser, LineRecord } from './record.js';
import { lastEnd, timeOfDayAt, two } from './time.js';
import type { YearGuess } from './year.js';

const SP = 32;
const COLON = 58;
const RBRACKET = 93;
const D0 = 48;

/** The longest `file:line` klog writes before `]` that we look through (a path with -log_file_header). */
const MAX_SOURCE = 256;

export function klogParser(year: YearGuess): LineParser {
  return function parseKlog(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
    if (start + 22 > end || buf[start + 5] !== SP) return false;
    const level = levelLetter(buf[start]);
    const m = two(buf, start + 1);
    const d = two(buf, start + 3);
    if (level < 0 || m < 0 || d < 0) return false;
    const ms = timeOfDayAt(buf, start + 6, end, 0);
    if (ms !== ms) return false;
    let i = lastEnd;
    // blanks, the thread id, one blank
    if (i >= end || buf[i] !== SP) return false;
    while (i < end && buf[i] === SP) i++;
    const t = i;
    while (i < end && buf[i] - D0 >= 0 && buf[i] - D0 <= 9) i++;
    if (i === t || i >= end || buf[i] !== SP) return false;
    i++;
    // file:line]
    const f = i;
    let colon = -1;
    const limit = Math.min(end, f + MAX_SOURCE);
    while (i < limit && buf[i] !== RBRACKET && buf[i] !== SP) {
      if (buf[i] === COLON) colon = i;
      i++;
    }
    if (i >= limit || buf[i] !== RBRACKET || colon <= f || colon + 1 === i) return false;
    for (let k = colon + 1; k < i; k++) if (buf[k] - D0 < 0 || buf[k] - D0 > 9) return false;
    i++;
    if (i < end && buf[i] !== SP) return false;
    const ts = year.at(m, d, ms);
    if (ts !== ts) return false;
    rec.ts = ts;
    rec.level = level;
    messageAt(buf, i, end, rec);
    return true;
  };
}
