/**
 * An HTTP status in an access log, and the level it stands for (SPEC §3.4):
 * ≥ 500 ERROR, 4xx WARN, else INFO — the rule of src/parsers/nginx.ts, shared
 * by every access-log parser so all of them count errors alike.
 */
import { ERROR, INFO, WARN } from './record.js';

const D0 = 48;

/** Three digits at i, the first 1–9 (a status), or -1. The caller checks what follows. */
export function statusAt(buf: Uint8Array, i: number, end: number): number {
  if (i + 3 > end) return -1;
  const s0 = buf[i] - D0;
  const s1 = buf[i + 1] - D0;
  const s2 = buf[i + 2] - D0;
  // a digit x has neither x nor 9 - x negative: one sign test for all three (see time.ts two())
  if ((s0 | (9 - s0) | s1 | (9 - s1) | s2 | (9 - s2)) < 0 || s0 === 0) return -1;
  return s0 * 100 + s1 * 10 + s2;
}

/** The level of a request answered with `status`; a request without one (-1) is INFO. */
export function levelOfStatus(status: number): number {
  return status >= 500 ? ERROR : status >= 400 ? WARN : INFO;
}
