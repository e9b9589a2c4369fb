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
import { parseStandard } from './standard.js';

const SP = 32;
const TAB = 9;
const CR = 13;
const LBRACE = 123;

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
  return parse(buf, s, e, rec) || wrapperEntry(buf, s, e, ts, rec);
}

/** The inner text [s, e) that its parser did not read, as an entry at the wrapper's time ts (NaN, or a continuation's text: not an entry). */
export function wrapperEntry(buf: Uint8Array, s: number, e: number, ts: number, rec: LineRecord): boolean {
  if (ts !== ts || isContinuation(buf, s, e)) return false;
  rec.reset(); // the inner parser may have set figures before it gave up
  rec.ts = ts;
  rec.msgStart = s;
  rec.msgEnd = e;
  scanMessage(buf, s, e, rec);
  return true;
}

/**
 * A wrapper's inner text before a file is fitted (the module's own parse:
 * samples, a forced `--format cri`): json when it starts with `{`, else
 * standard. A cheap rule, one byte: detection fits the real inner format.
 */
export const parseJsonOrStandard: LineParser = (buf, s, e, rec) => (buf[s] === LBRACE ? parseJson(buf, s, e, rec) : parseStandard(buf, s, e, rec));
