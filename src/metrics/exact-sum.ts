/**
 * The one addition for the figures' integer sums (µs of response time,
 * thousandths of memory and cpu): a + b for non-negative integers,
 * saturating at 2^53 - 1. Every sum below that is an exact integer in a
 * double, so the sum stays associative and commutative (the same mean for any
 * chunking and merge order); a plain + rounded past 2^53, and a property test
 * of the standard lane found chunkings that differed in the last bit. 2^53 µs
 * is 285 years of response time; a log past it reports the saturated mean.
 */
export const MAX_EXACT_SUM = Number.MAX_SAFE_INTEGER;

export function addExact(a: number, b: number): number {
  const s = a + b;
  return s > MAX_EXACT_SUM ? MAX_EXACT_SUM : s;
}
