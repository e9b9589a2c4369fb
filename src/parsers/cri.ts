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
import { lastEnd, parseIso } from './time.js';
import { entryByWrapper, innerEnd, isBlankSpan, readInner, zuluEnd, zuluTimeAt, type Span } from './wrapped.js';

const SP = 32;
const COLON = 58;
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

/**
 * The CRI prefix of line [s, e): the position of the inner text (e when
 * there is none), or -1 when the line is not a CRI line. Sets criTs and
 * criPartial.
 */
export function criLine(buf: Uint8Array, s: number, e: number): number {
  if (s + 28 > e || buf[s + 10] !== UC_T) return -1;
  // containerd's UTC time on its own path; any other form (CRI-O's offset) is parseIso's
  let ts = zuluTimeAt(buf, s, e);
  let i = zuluEnd;
  if (ts !== ts) {
    ts = parseIso(buf, s, e);
    if (ts !== ts) return -1;
    i = lastEnd;
  }
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

/** The inner line of the CRI line [s, e) criParser read as an entry, when its inner parser read it: LaneWrap.span. */
export function criSpan(buf: Uint8Array, s: number, e: number, span: Span): boolean {
  if (entryByWrapper) return false;
  const is = criLine(buf, s, e);
  if (is < 0 || criPartial) return false;
  span.start = is;
  span.end = innerEnd(buf, is, e);
  return true;
}
