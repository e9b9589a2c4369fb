/**
 * Continuation lines (SPEC §3 "multi-line entries"): lines of a multi-line
 * entry after its first — a Java stack trace, a Python traceback — which a
 * multiline format (LogFormat.multiline) counts in `continuation_lines`
 * instead of calling them malformed. Asked only of lines that did not parse.
 *
 * The test looks at the line alone, not at the line before it: a chunk's
 * first line has no line before it in that chunk, and the figures must not
 * depend on where chunks are cut (SPEC §2). So an exception header
 * (`java.io.EOFException: msg`) is a continuation wherever it stands, which
 * is also what it is after an entry or another continuation.
 *
 * A continuation is:
 * - a line starting with a space or a tab (`\tat …`, `\t... 3 more`,
 *   a traceback's `  File "x.py", line 3, in f`, pretty-printed detail);
 * - `at `, `Caused by:`, `Suppressed:`, `... N more` at the line's start;
 * - `Traceback (most recent call last):` and Python's chained-exception
 *   lines (`During handling of the above exception…`, `The above exception
 *   was the direct cause…`);
 * - an exception header: `Exception in thread "main" …`, or a (dotted)
 *   class name whose last part ends in Exception, Error, Throwable, Warning,
 *   Exit, Interrupt or Fault, alone on the line or followed by `:`;
 * - the lines of a Go panic that are not indented (what the runtime writes
 *   after the last log line of a Go program, golog and klog): `panic: `,
 *   `fatal error: `, `[signal `, `goroutine N [running]:`, `created by `,
 *   and a frame's function line, `main.main()` or
 *   `net/http.(*conn).serve(0xc0000a8000, {0x7f1a48, 0xc000072060})`.
 */

const SP = 32;
const TAB = 9;
const COLON = 58;
const DOT = 46;

const PREFIXES = [
  'at ',
  'Caused by:',
  'Suppressed:',
  '... ',
  'Traceback (most recent call last):',
  'During handling of the above exception',
  'The above exception was the direct cause',
  'Exception in thread "',
  'panic: ',
  'fatal error: ',
  '[signal ',
  'created by ',
].map((s) => Buffer.from(s, 'latin1'));

/**
 * PREFIXES by their first byte: a line is tried against those that start as
 * it does only. The loop over all 12 for every line a wrapped format's inner
 * parser refused was 7-15 % of a scan of the docker and cri samples.
 */
const BY_FIRST: (readonly Uint8Array[])[] = Array.from({ length: 256 }, (_, c) => PREFIXES.filter((p) => p[0] === c));

const GOROUTINE = Buffer.from('goroutine ', 'latin1');
const LPAREN = 40;
const RPAREN = 41;
const D0 = 48;

const SUFFIXES = ['Exception', 'Error', 'Throwable', 'Warning', 'Exit', 'Interrupt', 'Fault'].map((s) => Buffer.from(s, 'latin1'));

function startsWith(buf: Uint8Array, s: number, e: number, lit: Uint8Array): boolean {
  if (e - s < lit.length) return false;
  for (let k = 0; k < lit.length; k++) if (buf[s + k] !== lit[k]) return false;
  return true;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36; // A-Z a-z _ $
}

function isIdent(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** A dotted class name ending in one of SUFFIXES at s, alone or followed by ':' → true. */
function isExceptionHeader(buf: Uint8Array, s: number, e: number): boolean {
  let i = s;
  let partStart: number;
  for (;;) {
    if (i >= e || !isIdentStart(buf[i])) return false;
    partStart = i;
    while (i < e && isIdent(buf[i])) i++;
    if (i < e && buf[i] === DOT) {
      i++;
      continue;
    }
    break;
  }
  if (i < e && buf[i] !== COLON) return false;
  for (const suf of SUFFIXES) {
    if (i - partStart >= suf.length && startsWith(buf, i - suf.length, i, suf)) return true;
  }
  return false;
}

/**
 * A Go stack dump's unindented line: `goroutine 7 [chan receive]:`, or a
 * function line — a dotted name without blanks up to its `(`, and `)` last.
 */
function isGoTraceLine(buf: Uint8Array, s: number, e: number): boolean {
  if (startsWith(buf, s, e, GOROUTINE)) {
    if (s + GOROUTINE.length >= e) return false;
    const d = buf[s + GOROUTINE.length] - D0;
    return d >= 0 && d <= 9;
  }
  if (buf[e - 1] !== RPAREN) return false;
  let dot = false;
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c === LPAREN) return dot && i > s;
    if (c === SP || c === TAB) return false;
    if (c === DOT) dot = true;
  }
  return false;
}

/** Bytes [start, end) of a non-blank line continue the entry before them. */
export function isContinuation(buf: Uint8Array, start: number, end: number): boolean {
  const c = buf[start];
  if (c === SP || c === TAB) return true;
  for (const p of BY_FIRST[c]) if (startsWith(buf, start, end, p)) return true;
  return isExceptionHeader(buf, start, end) || isGoTraceLine(buf, start, end);
}
