/**
 * Decodes the body of a quoted json/logfmt string to a JS string. Only called
 * for a message that has escapes and belongs to an ERROR/FATAL entry, i.e. off
 * the hot path; it still allocates nothing but the result.
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

function put(n: number, cp: number): number {
  if (cp < 0x80) scratch[n++] = cp;
  else if (cp < 0x800) {
    scratch[n++] = 0xc0 | (cp >> 6);
    scratch[n++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    scratch[n++] = 0xe0 | (cp >> 12);
    scratch[n++] = 0x80 | ((cp >> 6) & 0x3f);
    scratch[n++] = 0x80 | (cp & 0x3f);
  } else {
    scratch[n++] = 0xf0 | (cp >> 18);
    scratch[n++] = 0x80 | ((cp >> 12) & 0x3f);
    scratch[n++] = 0x80 | ((cp >> 6) & 0x3f);
    scratch[n++] = 0x80 | (cp & 0x3f);
  }
  return n;
}

/** The string that the escaped bytes [s, e) (between the quotes) stand for. */
export function unescapeString(buf: Uint8Array, s: number, e: number): string {
  // Decoded UTF-8 is never longer than its escaped form (\uXXXX: 6 bytes → ≤ 3,
  // a pair: 12 → 4), so e - s bytes of scratch are enough.
  if (scratch.length < e - s) scratch = new Uint8Array(Math.max(e - s, scratch.length * 2));
  let n = 0;
  let i = s;
  while (i < e) {
    const b = buf[i];
    if (b !== BSLASH || i + 1 >= e) {
      scratch[n++] = b;
      i++;
      continue;
    }
    const c = buf[i + 1];
    switch (c) {
      case QUOTE:
      case BSLASH:
      case SLASH:
        scratch[n++] = c;
        i += 2;
        continue;
      case LC_B:
        scratch[n++] = 8;
        i += 2;
        continue;
      case LC_F:
        scratch[n++] = 12;
        i += 2;
        continue;
      case LC_N:
        scratch[n++] = 10;
        i += 2;
        continue;
      case LC_R:
        scratch[n++] = 13;
        i += 2;
        continue;
      case LC_T:
        scratch[n++] = 9;
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
        n = put(n, cu);
        continue;
      }
    }
    // Unknown escape: keep the backslash and the byte.
    scratch[n++] = b;
    scratch[n++] = c;
    i += 2;
  }
  return decoder.decode(scratch.subarray(0, n));
}
