/**
 * The CRI container log (kubelet, containerd, CRI-O: /var/log/pods/...):
 *
 *   2024-01-24T10:15:32.123456789Z stdout F {"level":"info","msg":"hello"}
 *
 * RFC 3339 time (nanoseconds, any zone), the stream (stdout|stderr), the tag
 * (F: a full line, or its final fragment; P: a partial fragment; more tags
 * may follow after ':'), then the container's own line, read by the inner
 * format's parser (src/parsers/wrapped.ts).
 *
 * A line longer than the runtime's limit (16 KiB in containerd) is written
 * as P fragments and a final F: the F line is the entry and the P fragments
 * are marker lines, neither entries nor malformed. What that loses: the
 * inner fields of such a long line are read from its last fragment only (its
 * time and level, if they come first, are in the first). Why: a chunk may
 * start between the fragments, and figures must not depend on chunk cuts, so
 * no line can be joined with the lines before it.
 */
import type { LineParser, LineRecord, LineTest } from './record.js';
import { dayMs, lastEnd, parseIso } from './time.js';
import { innerEnd, isBlankSpan, readInner } from './wrapped.js';

const SP = 32;
const COLON = 58;
const DASH = 45;
const DOT = 46;
const D0 = 48;
const UC_Z = 90;
const UC_T = 84;
const UC_F = 70;
const UC_P = 80;
const LC_S = 0x73;
const LC_T = 0x74;
const LC_D = 0x64;
const LC_O = 0x6f;
const LC_U = 0x75;
const LC_E = 0x65;
const LC_R = 0x72;

/** The time of the line criLine read last (epoch ms). */
export let criTs = NaN;
/** Whether the line criLine read last is a partial (P) fragment. */
export let criPartial = false;

/** Where criTimeAt's time ended. */
let timeEnd = 0;

/**
 * The RFC 3339 time at s (s + 28 <= e) → epoch ms, its end in timeEnd: what
 * parseIso reads there, on a path of its own for containerd's form
 * (`2024-01-24T10:15:32.123456789Z`: UTC, a fraction of 1-9 digits), every
 * other form (an offset, no fraction) left to parseIso. Why: parseIso was
 * the largest part of a scan of the cri samples (16 %, with two() it calls
 * 22 %); this path, inlined, reads the digits without calls.
 */
function criTimeAt(buf: Uint8Array, s: number, e: number): number {
  if (buf[s + 4] === DASH && buf[s + 7] === DASH && buf[s + 13] === COLON && buf[s + 16] === COLON && buf[s + 19] === DOT) {
    const y0 = buf[s] - D0;
    const y1 = buf[s + 1] - D0;
    const y2 = buf[s + 2] - D0;
    const y3 = buf[s + 3] - D0;
    const m0 = buf[s + 5] - D0;
    const m1 = buf[s + 6] - D0;
    const d0 = buf[s + 8] - D0;
    const d1 = buf[s + 9] - D0;
    const h0 = buf[s + 11] - D0;
    const h1 = buf[s + 12] - D0;
    const i0 = buf[s + 14] - D0;
    const i1 = buf[s + 15] - D0;
    const s0 = buf[s + 17] - D0;
    const s1 = buf[s + 18] - D0;
    const f0 = buf[s + 20] - D0;
    const f1 = buf[s + 21] - D0;
    const f2 = buf[s + 22] - D0;
    // d is a digit iff neither d nor 9 - d is negative: one sign test for all
    const digits =
      y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | m0 | (9 - m0) | m1 | (9 - m1) | d0 | (9 - d0) | d1 | (9 - d1) |
      h0 | (9 - h0) | h1 | (9 - h1) | i0 | (9 - i0) | i1 | (9 - i1) | s0 | (9 - s0) | s1 | (9 - s1);
    if (digits >= 0 && f0 >= 0 && f0 <= 9) {
      // the fraction: 1-9 digits, of which the first three are ms, then Z
      let ms = f0 * 100;
      let j = s + 21;
      if (f1 >= 0 && f1 <= 9) {
        ms += f1 * 10;
        j++;
        if (f2 >= 0 && f2 <= 9) {
          ms += f2;
          j++;
          while (j < e && buf[j] >= D0 && buf[j] <= D0 + 9) j++;
        }
      }
      const h = h0 * 10 + h1;
      const mi = i0 * 10 + i1;
      const sec = s0 * 10 + s1;
      if (j - s <= 29 && j < e && buf[j] === UC_Z && h <= 23 && mi <= 59 && sec <= 60) {
        const day = dayMs(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
        if (day !== day) return NaN;
        timeEnd = j + 1;
        return day + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
      }
    }
  }
  const ts = parseIso(buf, s, e);
  timeEnd = lastEnd;
  return ts;
}

/**
 * The CRI prefix of line [s, e): the position of the inner text (e when
 * there is none), or -1 when the line is not a CRI line. Sets criTs and
 * criPartial.
 */
export function criLine(buf: Uint8Array, s: number, e: number): number {
  if (s + 28 > e || buf[s + 10] !== UC_T) return -1;
  const ts = criTimeAt(buf, s, e);
  if (ts !== ts) return -1;
  let i = timeEnd;
  // ' stdout ' or ' stderr '
  if (i + 9 > e || buf[i] !== SP || buf[i + 1] !== LC_S || buf[i + 2] !== LC_T || buf[i + 3] !== LC_D || buf[i + 7] !== SP) return -1;
  const a = buf[i + 4];
  const b = buf[i + 5];
  const c = buf[i + 6];
  if (!((a === LC_O && b === LC_U && c === LC_T) || (a === LC_E && b === LC_R && c === LC_R))) return -1;
  i += 8;
  const tag = buf[i];
  if (tag !== UC_F && tag !== UC_P) return -1;
  i++;
  if (i < e && buf[i] === COLON) while (i < e && buf[i] !== SP) i++; // further tags
  if (i < e && buf[i] !== SP) return -1;
  criTs = ts;
  criPartial = tag === UC_P;
  return i < e ? i + 1 : e;
}

/** A CRI parser whose inner lines are read by inner. */
export function criParser(inner: LineParser): LineParser {
  return (buf: Uint8Array, s: number, e: number, rec: LineRecord): boolean => {
    const is = criLine(buf, s, e);
    if (is < 0 || criPartial) return false;
    const ie = innerEnd(buf, is, e);
    if (isBlankSpan(buf, is, ie)) return false; // an empty line of the container: a marker, like a blank line
    return readInner(inner, buf, is, ie, criTs, rec);
  };
}

/**
 * The CRI lines that are neither entries nor malformed: P fragments, the
 * container's blank lines, and the inner format's own markers.
 */
export function criMarker(inner: LineTest | undefined): LineTest {
  return (buf: Uint8Array, s: number, e: number): boolean => {
    const is = criLine(buf, s, e);
    if (is < 0) return false;
    if (criPartial) return true;
    const ie = innerEnd(buf, is, e);
    return isBlankSpan(buf, is, ie) || (inner !== undefined && inner(buf, is, ie));
  };
}
