/**
 * The container wrappers in the lanes: a lane of any format also takes its
 * lines when a container runtime wrapped them (src/formats/wrapper.ts), the
 * CRI log of Kubernetes
 *
 *   2024-01-24T10:15:32.123456789Z stdout F 2024-01-24 10:15:32.123 INFO Request processed in 127ms
 *
 * and Docker's json-file log
 *
 *   {"log":"2024-01-24 10:15:32.123 INFO Request processed in 127ms\n","stream":"stdout","time":"2024-01-24T10:15:32.123456789Z"}
 *
 * scanLines (assembly/lane-core.ts) finds the inner line's bytes here and
 * gives those to the lane's line parser, as src/parsers/cri.ts and docker.ts
 * give them to the inner format's JS parser. The inner line is in the
 * wrapper's own bytes, so the positions the lane keeps (the message of an
 * error, the time of another minute) are the file's as for a plain line;
 * but a Docker `log` with escapes (a JSON app's `\"`, nginx's quoted
 * fields) is decoded into SCRATCH, as docker.ts decodes it, and the lane
 * then leaves its error lines to JS (countLine), whose top errors keep the
 * decoded text; the time of another minute is read there by JS (Lane
 * prefixAt is an address in the lane's memory).
 *
 * Stricter than the JS parsers, never looser: a line is the lane's only in
 * the one layout each runtime writes, and every other goes to JS ("bail"):
 * a CRI time that is not UTC (`Z`) with a fraction, a year outside
 * 1970–2199, a P (partial) fragment, an inner text that is empty, starts
 * with a blank or ends with a raw '\r'; a Docker line with blanks between
 * its tokens, other keys (`attrs`) or another order, escapes in `log` but
 * those decodeLog reads, a `log` without its final `\n`, an escape or a
 * control byte in `time`. The wrapper's own
 * time is not the lane's figure: an inner line the lane takes has its own
 * (the JS parser gives the wrapper's time only to an inner text its parser
 * did not read, which the lane never takes).
 */
import { WRAP_CRI, WRAP_DOCKER } from '../src/scan/lane-layout';

const SP: u32 = 32;
const TAB: u32 = 9;
const CR: u32 = 13;
const QUOTE: u32 = 34;
const BSLASH: u32 = 92;
const COLON: u32 = 58;
const DASH: u32 = 45;
const DOT: u32 = 46;
const UC_T: u32 = 84;
const UC_Z: u32 = 90;
const UC_F: u32 = 70;
const LC_N: u32 = 0x6e;
const RBRACE: u32 = 125;
const SLASH: u32 = 47;
const LC_T: u32 = 0x74;
const LC_U: u32 = 0x75;

let mode: i32 = 0;
/** The inner line of the line unwrap() read last: [innerStart, innerEnd). */
export let innerStart: usize = 0;
export let innerEnd: usize = 0;

/** The wrapper the lane's lines are in: 0 none, WRAP_CRI, WRAP_DOCKER (src/scan/lane-layout.ts). */
export function setWrap(m: i32): void {
  mode = m;
}

@inline export function wrapping(): bool {
  return mode != 0;
}

@inline function b(p: usize): u32 {
  return <u32>load<u8>(p);
}
@inline function dig(p: usize): i32 {
  return <i32>load<u8>(p) - 48;
}
/** Two digits at p as a number, or -1. */
@inline function two(p: usize): i32 {
  const a = dig(p);
  const c = dig(p + 1);
  return (a | (9 - a) | c | (9 - c)) < 0 ? -1 : a * 10 + c;
}

/** Days in month mo (1–12) of year y, Gregorian. */
function monthDays(y: i32, mo: i32): i32 {
  if (mo == 2) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
  return mo == 4 || mo == 6 || mo == 9 || mo == 11 ? 30 : 31;
}

/**
 * The end (after the `Z`) of the UTC time `YYYY-MM-DDTHH:MM:SS.f{1,9}Z` at
 * s, the form src/parsers/wrapped.ts zuluTimeAt reads (a real date, hours
 * 00–23, minutes 00–59, seconds 00–60), in the years 1970–2199; 0 for any
 * other bytes (then the JS parser decides).
 */
function zuluEnd(s: usize, e: usize): usize {
  if (s + 23 > e || b(s + 4) != DASH || b(s + 7) != DASH || b(s + 10) != UC_T || b(s + 13) != COLON || b(s + 16) != COLON || b(s + 19) != DOT) return 0;
  const c = two(s);
  const yy = two(s + 2);
  const mo = two(s + 5);
  const d = two(s + 8);
  const h = two(s + 11);
  const mi = two(s + 14);
  const sec = two(s + 17);
  if ((c | yy | mo | d | h | mi | sec) < 0) return 0;
  const y = c * 100 + yy;
  if (y < 1970 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > monthDays(y, mo) || h > 23 || mi > 59 || sec > 60) return 0;
  let j = s + 20;
  while (j < e && <u32>dig(j) <= 9) j++;
  if (j == s + 20 || j - s > 29 || j >= e || b(j) != UC_Z) return 0;
  return j + 1;
}

/** CRI: `<zulu> stdout|stderr F[:tags] <inner>` (src/parsers/cri.ts criLine). */
function unwrapCri(s: usize, e: usize): bool {
  let i = zuluEnd(s, e);
  if (i == 0 || i + 10 > e || b(i) != SP || b(i + 7) != SP) return false;
  // `stdout` or `stderr`, one u32 and a u16 each
  const w = load<u32>(i + 1);
  const t = load<u16>(i + 5);
  if (!((w == 0x6f647473 && t == 0x7475) || (w == 0x65647473 && t == 0x7272))) return false;
  i += 8;
  if (b(i) != UC_F) return false; // P: a partial fragment, a marker
  i++;
  if (b(i) == COLON) while (i < e && b(i) != SP) i++; // further tags
  if (i >= e || b(i) != SP) return false;
  innerStart = i + 1;
  innerEnd = e;
  return true;
}

/** The first quote or backslash in [i, e), or e. */
@inline function quoteOrBackslash(i: usize, e: usize): usize {
  const q = i8x16.splat(<i8>QUOTE);
  const bs = i8x16.splat(<i8>BSLASH);
  while (i + 16 <= e) {
    const v = v128.load(i);
    const m = i8x16.bitmask(v128.or(i8x16.eq(v, q), i8x16.eq(v, bs)));
    if (m != 0) return i + <usize>ctz(m);
    i += 16;
  }
  while (i < e && b(i) != QUOTE && b(i) != BSLASH) i++;
  return i;
}

/** Whether the n bytes at p are those at lit. */
@inline function same(p: usize, lit: usize, n: usize): bool {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(p + i) != load<u64>(lit + i)) return false;
  for (; i < n; i++) if (load<u8>(p + i) != load<u8>(lit + i)) return false;
  return true;
}

// Docker's bytes around the inner line: `{"log":"`, `\n","stream":"std`, `out`, `err`, `","time":"`
const LOG_KEY = memory.data<u8>([123, 34, 108, 111, 103, 34, 58, 34]);
const STREAM_KEY = memory.data<u8>([92, 110, 34, 44, 34, 115, 116, 114, 101, 97, 109, 34, 58, 34, 115, 116, 100]);
const OUT = memory.data<u8>([111, 117, 116]);
const ERR = memory.data<u8>([101, 114, 114]);
const TIME_KEY = memory.data<u8>([34, 44, 34, 116, 105, 109, 101, 34, 58, 34]);

/** Room for a decoded `log` text (Docker cuts a line at 16 KiB); a longer one with escapes goes to JS. */
export const SCRATCH_BYTES: usize = 64 * 1024;
let SCRATCH: usize = 0;
/** The inner line unwrap() found last is a decoded copy in SCRATCH, not the line's own bytes. */
let decoded_ = false;

/** Sets up the scratch at `at` (SCRATCH_BYTES of it). */
export function wrapInit(at: usize): void {
  SCRATCH = at;
}

/**
 * Whether the inner line is a decoded copy: the lane leaves its error lines
 * to JS, which keeps the message of an error as text (the lane lists an error
 * line by its bytes in the read buffer).
 */
@inline export function innerDecoded(): bool {
  return decoded_;
}

@inline function hex(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  const l = c | 0x20;
  return l - 0x61 < 6 ? <i32>(l - 0x61 + 10) : -1;
}

/** Where decodeLog found the backslash of the `log` text's final `\n`. */
let dockerTail: usize = 0;

/**
 * The `log` text from is (after its quote) with its escapes decoded into
 * SCRATCH, its end there, when its escapes are only `\" \\ \/ \t` and
 * `\u00XX` of a byte below 0x80 (not a control byte but the tab) — Docker
 * writes `\"`, and Go's `\u003c \u003e \u0026` for `< > &` — and it ends
 * with the escape `\n`, whose backslash then is at dockerTail; 0 for any
 * other text (decoded the same by src/parsers/unescape.ts unescapeInto, but
 * a `\n` or `\r` inside, a non-ASCII `\u`, a text without its `\n` are JS's).
 */
function decodeLog(is: usize, e: usize): usize {
  let n = SCRATCH;
  const end = SCRATCH + SCRATCH_BYTES;
  let j = is;
  while (j < e) {
    const k = quoteOrBackslash(j, e);
    if (k >= e || b(k) == QUOTE || n + (k - j) > end) return 0;
    memory.copy(n, j, k - j);
    n += k - j;
    const c = b(k + 1);
    if (c == LC_N) {
      if (b(k + 2) != QUOTE) return 0; // a line end inside the text
      dockerTail = k;
      return n;
    }
    let out: u32 = c;
    let step: usize = 2;
    if (c == LC_T) out = TAB;
    else if (c == LC_U) {
      if (k + 6 > e || b(k + 2) != 48 || b(k + 3) != 48) return 0;
      const h = hex(b(k + 4));
      const l = hex(b(k + 5));
      if ((h | l) < 0 || h > 7) return 0;
      out = <u32>(h * 16 + l);
      if (out < SP && out != TAB) return 0;
      step = 6;
    } else if (c != QUOTE && c != BSLASH && c != SLASH) return 0;
    if (n >= end) return 0;
    store<u8>(n, <u8>out);
    n++;
    j = k + step;
  }
  return 0;
}

/**
 * Docker: `{"log":"<inner>\n","stream":"stdout"|"stderr","time":"<plain>"}`,
 * the way the daemon writes it (src/parsers/docker.ts dockerLine reads more).
 */
function unwrapDocker(s: usize, e: usize): bool {
  if (s + 8 > e || !same(s, LOG_KEY, 8)) return false;
  const is = s + 8;
  let k = quoteOrBackslash(is, e);
  let plain = k + 2 < e && b(k) == BSLASH && b(k + 1) == LC_N && b(k + 2) == QUOTE;
  let de: usize = 0;
  if (!plain) {
    if (k >= e || b(k) != BSLASH) return false;
    de = decodeLog(is, e);
    if (de == 0) return false;
    k = dockerTail;
  }
  if (k + 30 > e || !same(k, STREAM_KEY, 17) || !(same(k + 17, OUT, 3) || same(k + 17, ERR, 3)) || !same(k + 20, TIME_KEY, 10)) return false;
  // the time: a plain string (no escape, no control byte), then `"}` at the line's end
  let q = k + 30;
  while (q < e && b(q) != QUOTE) {
    if (b(q) == BSLASH || b(q) < SP) return false;
    q++;
  }
  if (q + 2 != e || b(q + 1) != RBRACE) return false;
  decoded_ = !plain;
  innerStart = plain ? is : SCRATCH;
  innerEnd = plain ? k : de;
  return true;
}

/**
 * Finds the inner line of the wrapped line [s, e) (no '\n', no trailing
 * '\r', not starting with a blank) in [innerStart, innerEnd): false when the
 * line is not the lane's (see the header), or its inner text is empty, starts
 * with a blank or ends with a raw '\r' (a lane's line parser gets none of these).
 */
export function unwrap(s: usize, e: usize): bool {
  decoded_ = false;
  if (!(mode == WRAP_CRI ? unwrapCri(s, e) : mode == WRAP_DOCKER && unwrapDocker(s, e))) return false;
  const is = innerStart;
  const ie = innerEnd;
  return is < ie && b(is) != SP && b(is) != TAB && b(ie - 1) != CR;
}
