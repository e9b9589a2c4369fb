/**
 * What the container wrappers (CRI, Docker json-file) do with the line they
 * wrap: the inner text is read by the inner format's parser; a text that
 * parser does not read is still an entry, at the wrapper's time and level
 * INFO (the runtime wrote it, so it happened; the stream a line came from,
 * stderr included, says nothing of its severity), its whole text the
 * message; unless the text continues the entry before it (a frame of a
 * stack trace: isContinuation), which the wrapper's format then counts as a
 * continuation line (src/formats/wrapper.ts, wrapperContinuation).
 */
import { isContinuation } from './continuation.js';
import { parseJson } from './json.js';
import { scanMessage } from './message.js';
import type { LineParser, LineRecord } from './record.js';
import { fixedMinute, parseStandard } from './standard.js';

const SP = 32;
const TAB = 9;
const CR = 13;
const LBRACE = 123;
const COLON = 58;
const DOT = 46;
const D0 = 48;
const UC_T = 84;
const UC_Z = 90;

/** The inner line of a wrapped line: [start, end) of the line's buffer (LaneWrap.span, src/formats/format.ts). */
export interface Span {
  start: number;
  end: number;
}

/** Whether bytes [s, e) are empty or only spaces and tabs (a blank line, to the scanner). */
export function isBlankSpan(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] !== SP && buf[i] !== TAB) return false;
  return true;
}

/** The end of an inner text [s, e) without its trailing '\r' (a LineParser never gets one). */
export function innerEnd(buf: Uint8Array, s: number, e: number): number {
  return e > s && buf[e - 1] === CR ? e - 1 : e;
}

/**
 * The inner text [s, e) (not blank) read with parse, or else as an entry at
 * the wrapper's time ts (NaN: none, then the line is malformed).
 */
export function readInner(parse: LineParser, buf: Uint8Array, s: number, e: number, ts: number, rec: LineRecord): boolean {
  return innerRead(parse, buf, s, e, rec) || wrapperEntry(buf, s, e, ts, rec);
}

/**
 * Whether the entry of the wrapped line read last is the wrapper's own
 * (wrapperEntry), not the inner parser's: a lane learns nothing from it
 * (LaneWrap.span).
 */
export let entryByWrapper = false;

/** The inner parser on the inner text [s, e): what a wrapper's parser calls (it notes that the wrapper did not make the entry). */
export function innerRead(parse: LineParser, buf: Uint8Array, s: number, e: number, rec: LineRecord): boolean {
  entryByWrapper = false;
  return parse(buf, s, e, rec);
}

/** The inner text [s, e) that its parser did not read, as an entry at the wrapper's time ts (NaN, or a continuation's text: not an entry). */
export function wrapperEntry(buf: Uint8Array, s: number, e: number, ts: number, rec: LineRecord): boolean {
  if (ts !== ts || isContinuation(buf, s, e)) return false;
  rec.reset(); // the inner parser may have set figures before it gave up
  rec.ts = ts;
  rec.msgStart = s;
  rec.msgEnd = e;
  scanMessage(buf, s, e, rec);
  entryByWrapper = true;
  return true;
}

/**
 * A wrapper's inner text before a file is fitted (the module's own parse:
 * samples, a forced `--format cri`): json when it starts with `{`, else
 * standard. A cheap rule, one byte: detection fits the real inner format.
 */
export const parseJsonOrStandard: LineParser = (buf, s, e, rec) => (buf[s] === LBRACE ? parseJson(buf, s, e, rec) : parseStandard(buf, s, e, rec));

/** Where zuluTimeAt's time ended. */
export let zuluEnd = 0;

/**
 * The container runtimes' time at s, RFC 3339 in UTC with a fraction of 1-9
 * digits (`2024-01-24T10:15:32.123456789Z`, what containerd and Docker
 * write) → epoch ms, its end (after the Z) in zuluEnd; NaN for any other
 * form or an impossible time, which the caller then gives to parseIso (it
 * reads this form as this function does). Why: parseIso was the largest
 * part of a scan of the cri samples (16 %, with the two() it calls 22 %);
 * this path reads the digits without calls.
 */
export function zuluTimeAt(buf: Uint8Array, s: number, e: number): number {
  if (s + 23 > e || buf[s + 10] !== UC_T || buf[s + 16] !== COLON || buf[s + 19] !== DOT) return NaN;
  const minute = fixedMinute(buf, s);
  const s0 = buf[s + 17] - D0;
  const s1 = buf[s + 18] - D0;
  const f0 = buf[s + 20] - D0;
  if (minute !== minute || (s0 | (9 - s0) | s1 | (9 - s1) | f0 | (9 - f0)) < 0) return NaN;
  // the fraction: 1-9 digits, of which the first three are ms, then Z
  const f1 = buf[s + 21] - D0;
  const f2 = buf[s + 22] - D0;
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
  const sec = s0 * 10 + s1;
  if (j - s > 29 || j >= e || buf[j] !== UC_Z || sec > 60) return NaN;
  zuluEnd = j + 1;
  return minute + sec * 1000 + ms;
}
