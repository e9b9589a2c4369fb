/**
 * Numbers read from bytes arithmetically (no string, no Number()).
 *
 * A reader returns the position after the number, or -1, and leaves the
 * value in numOut[0] (times 10^shift), plus, for readJsonNumber, the decimal
 * mantissa and exponent in numOut[1] and numOut[2] so a caller can rescale
 * exactly (seconds → ms) without a second parse.
 *
 * Why an out slot: a double returned from a call V8 does not inline is boxed
 * into a new HeapNumber, and so is a double stored in a module-level `let`;
 * a Float64Array element is stored in place. These readers run once per
 * request line.
 */

const D0 = 48; // '0'
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const LC_E = 0x65; // 'e' after `| 0x20`

/** [value × 10^shift, signed mantissa, exponent] of the last number read. */
export const numOut = new Float64Array(3);

// 10^0..10^22 are exact doubles, so mant * 10^e or mant / 10^e with such a
// table entry is one correctly rounded operation ('0.105' → exactly 0.105).
const POW10 = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

// More digits than a double can hold add nothing but overflow risk: beyond
// 17 significant digits an integer digit only bumps the exponent and a
// fraction digit is dropped. A megabyte of digits therefore never overflows.
const MAX_SIG = 17;

/** mant × 10^e. */
export function scale10(mant: number, e: number): number {
  if (mant === 0 || e === 0) return mant;
  if (e > 0) return e <= 22 ? mant * POW10[e] : mant * Math.pow(10, e);
  return e >= -22 ? mant / POW10[-e] : mant / Math.pow(10, -e);
}

/**
 * An unsigned decimal `digits[.digits]` at i (the forms a log message uses:
 * `127`, `0.105`). `5.` reads as 5 and stops before the dot. Leaves the value
 * times 10^shift in numOut[0] (shift 3 turns seconds into ms exactly) and
 * returns the position after the number, or -1 if there is no digit at i.
 */
export function readDecimal(buf: Uint8Array, i: number, end: number, shift: number): number {
  let mant = 0;
  let sig = 0;
  let exp = 0;
  const first = i;
  while (i < end) {
    const d = buf[i] - D0;
    if (d < 0 || d > 9) break;
    if (sig < MAX_SIG) {
      mant = mant * 10 + d;
      if (mant !== 0) sig++;
    } else exp++;
    i++;
  }
  if (i === first) return -1;
  if (i + 1 < end && buf[i] === DOT) {
    const d1 = buf[i + 1] - D0;
    if (d1 >= 0 && d1 <= 9) {
      i++;
      while (i < end) {
        const d = buf[i] - D0;
        if (d < 0 || d > 9) break;
        if (sig < MAX_SIG) {
          mant = mant * 10 + d;
          exp--;
          if (mant !== 0) sig++;
        }
        i++;
      }
    }
  }
  numOut[0] = scale10(mant, exp + shift);
  return i;
}

/**
 * A JSON number at i: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, strictly
 * (no leading zeros, no `1.`, no `.5`, no `+1`). Leaves value × 10^shift in
 * numOut[0], the mantissa and exponent in numOut[1..2], and returns the
 * position after the number, or -1 when the bytes at i do not start a
 * well-formed number. The caller checks what follows.
 */
export function readJsonNumber(buf: Uint8Array, i: number, end: number, shift: number): number {
  let neg = false;
  if (i < end && buf[i] === MINUS) {
    neg = true;
    i++;
  }
  if (i >= end) return -1;
  let d = buf[i] - D0;
  if (d < 0 || d > 9) return -1;
  let mant = 0;
  let sig = 0;
  let exp = 0;
  if (d === 0) {
    i++;
    // JSON forbids leading zeros: '01' is not a number.
    if (i < end && buf[i] - D0 >= 0 && buf[i] - D0 <= 9) return -1;
  } else {
    while (i < end) {
      d = buf[i] - D0;
      if (d < 0 || d > 9) break;
      if (sig < MAX_SIG) {
        mant = mant * 10 + d;
        sig++;
      } else exp++;
      i++;
    }
  }
  if (i < end && buf[i] === DOT) {
    i++;
    const fracStart = i;
    while (i < end) {
      d = buf[i] - D0;
      if (d < 0 || d > 9) break;
      if (sig < MAX_SIG) {
        mant = mant * 10 + d;
        exp--;
        if (mant !== 0) sig++;
      }
      i++;
    }
    if (i === fracStart) return -1;
  }
  if (i < end && (buf[i] | 0x20) === LC_E) {
    i++;
    let eneg = false;
    if (i < end && (buf[i] === PLUS || buf[i] === MINUS)) {
      eneg = buf[i] === MINUS;
      i++;
    }
    const expStart = i;
    let e = 0;
    while (i < end) {
      d = buf[i] - D0;
      if (d < 0 || d > 9) break;
      // Clamp: anything past 10^400 is already 0 or Infinity.
      if (e < 100000) e = e * 10 + d;
      i++;
    }
    if (i === expStart) return -1;
    exp += eneg ? -e : e;
  }
  if (neg) mant = -mant;
  numOut[0] = scale10(mant, exp + shift);
  numOut[1] = mant;
  numOut[2] = exp;
  return i;
}
