/**
 * Decodes the body of a quoted json/logfmt string to a JS string. Only called
 * for a message that has escapes and belongs to an ERROR/FATAL entry, i.e. off
 * the hot path; it still allocates nothing but the result. unescapeInto
 * decodes to bytes instead, for a wrapper that parses the decoded text
 * (Docker's `log` string) with another parser.
 *
 * Lenient: json escapes (`\" \\ \/ \b \f \n \r \t \uXXXX`, surrogate pairs
 * joined, a lone surrogate → U+FFFD) are decoded; any other `\x` (possible in
 * logfmt) is kept as the two bytes. Invalid UTF-8 becomes U+FFFD.
 */

const BSLASH = 92;
const LC_B = 0x62;
const LC_F = 0x66;
const LC_N = 0x6e;
const LC_R = 0x72;
const LC_T = 0x74;
const LC_U = 0x75;
const QUOTE = 34;
const SLASH = 47;

const decoder = new TextDecoder('utf-8', { fatal: false });
// Grown on demand, never shrunk: one buffer for the process.
let scratch = new Uint8Array(256);

function hex(b: number): number {
  if (b >= 48 && b <= 57) return b - 48;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** \uXXXX at i (i at the backslash) → code unit, or -1. */
function u4(buf: Uint8Array, i: number, e: number): number {
  if (i + 6 > e || buf[i + 1] !== LC_U) return -1;
  const a = hex(buf[i + 2]);
  const b = hex(buf[i + 3]);
  const c = hex(buf[i + 4]);
  const d = hex(buf[i + 5]);
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

function put(out: Uint8Array, n: number, cp: number): number {
  if (cp < 0x80) out[n++] = cp;
  else if (cp < 0x800) {
    out[n++] = 0xc0 | (cp >> 6);
    out[n++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    out[n++] = 0xe0 | (cp >> 12);
    out[n++] = 0x80 | ((cp >> 6) & 0x3f);
    out[n++] = 0x80 | (cp & 0x3f);
  } else {
    out[n++] = 0xf0 | (cp >> 18);
    out[n++] = 0x80 | ((cp >> 12) & 0x3f);
    out[n++] = 0x80 | ((cp >> 6) & 0x3f);
    out[n++] = 0x80 | (cp & 0x3f);
  }
  return n;
}

/** DataViews of the buffers unescapeInto read and wrote last, made once per buffer. */
let inView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
let inOf: Uint8Array | null = null;
let outView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
let outOf: Uint8Array | null = null;

/** The string that the escaped bytes [s, e) (between the quotes) stand for. */
export function unescapeString(buf: Uint8Array, s: number, e: number): string {
  // Decoded UTF-8 is never longer than its escaped form (\uXXXX: 6 bytes → ≤ 3,
  // a pair: 12 → 4), so e - s bytes of scratch are enough.
  if (scratch.length < e - s) scratch = new Uint8Array(Math.max(e - s, scratch.length * 2));
  return decoder.decode(scratch.subarray(0, unescapeInto(buf, s, e, scratch)));
}

/**
 * Decodes the escaped bytes [s, e) into out (at least e - s bytes long: the
 * decoded form is never longer) and returns how many bytes it wrote.
 */
export function unescapeInto(buf: Uint8Array, s: number, e: number, out: Uint8Array): number {
  if (buf !== inOf) {
    inView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    inOf = buf;
  }
  if (out !== outOf) {
    outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    outOf = out;
  }
  const vi = inView;
  const vo = outView;
  let n = 0;
  let i = s;
  while (i < e) {
    // Four bytes at a time while none is a backslash (x has a zero byte iff
    // (x - 0x01010101) & ~x & 0x80808080 is not 0); n + 4 <= i - s + 4 <=
    // e - s, within out. Measured on the docker samples (256 MiB, one
    // process): unescapeInto ~125 -> ~90 ms of the scan.
    while (i + 4 <= e) {
      const w = vi.getInt32(i);
      const x = w ^ 0x5c5c5c5c;
      if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
      vo.setInt32(n, w);
      i += 4;
      n += 4;
    }
    if (i >= e) break;
    const b = buf[i];
    if (b !== BSLASH || i + 1 >= e) {
      out[n++] = b;
      i++;
      continue;
    }
    const c = buf[i + 1];
    switch (c) {
      case QUOTE:
      case BSLASH:
      case SLASH:
        out[n++] = c;
        i += 2;
        continue;
      case LC_B:
        out[n++] = 8;
        i += 2;
        continue;
      case LC_F:
        out[n++] = 12;
        i += 2;
        continue;
      case LC_N:
        out[n++] = 10;
        i += 2;
        continue;
      case LC_R:
        out[n++] = 13;
        i += 2;
        continue;
      case LC_T:
        out[n++] = 9;
        i += 2;
        continue;
      case LC_U: {
        let cu = u4(buf, i, e);
        if (cu < 0) break; // not a valid \u escape: keep the bytes
        i += 6;
        if (cu >= 0xd800 && cu <= 0xdbff) {
          const lo = u4(buf, i, e);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            cu = 0x10000 + ((cu - 0xd800) << 10) + (lo - 0xdc00);
            i += 6;
          } else cu = 0xfffd;
        } else if (cu >= 0xdc00 && cu <= 0xdfff) cu = 0xfffd;
        n = put(out, n, cu);
        continue;
      }
    }
    // Unknown escape: keep the backslash and the byte.
    out[n++] = b;
    out[n++] = c;
    i += 2;
  }
  return n;
}

/**
 * Where in the escaped bytes [s, e) the decoded form (unescapeInto's)
 * reaches n bytes: the position of the escaped byte that decodes to its
 * byte n, or -1 when byte n comes from the middle of an escape. Walks the
 * escapes as unescapeInto does, without writing.
 */
export function escapedOffset(buf: Uint8Array, s: number, e: number, n: number): number {
  let d = 0;
  let i = s;
  while (i < e && d < n) {
    if (buf[i] !== BSLASH || i + 1 >= e) {
      d++;
      i++;
      continue;
    }
    const c = buf[i + 1];
    if (c === LC_U) {
      let cu = u4(buf, i, e);
      if (cu >= 0) {
        i += 6;
        if (cu >= 0xd800 && cu <= 0xdbff) {
          const lo = u4(buf, i, e);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            cu = 0x10000;
            i += 6;
          } else cu = 0xfffd;
        } else if (cu >= 0xdc00 && cu <= 0xdfff) cu = 0xfffd;
        d += cu < 0x80 ? 1 : cu < 0x800 ? 2 : cu < 0x10000 ? 3 : 4;
        continue;
      }
    }
    // a known escape decodes to one byte; an unknown one is kept as two
    d += c === QUOTE || c === BSLASH || c === SLASH || c === LC_B || c === LC_F || c === LC_N || c === LC_R || c === LC_T ? 1 : 2;
    i += 2;
  }
  return d === n ? i : -1;
}
