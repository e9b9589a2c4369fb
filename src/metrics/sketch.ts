/**
 * A mergeable response-time sketch: a log-linear histogram over integer
 * microseconds, HdrHistogram's layout with 128 sub-buckets per power of two.
 *
 * - values below 256 µs have a bucket each (exact);
 * - above, a bucket spans 1/128 of its power of two, so the middle of a bucket
 *   is within 1/256 (0.39 %) of any value in it: quantiles are well inside the
 *   1 % the spec allows, and the error does not depend on how chunks were cut.
 *
 * Counts are kept in a dense array covering only the bucket range seen so far
 * (a minute's response times span a few hundred buckets), so a sketch per
 * minute stays small. Sums are kept in integer microseconds, so merging in any
 * order gives bit-identical results.
 */
import { addExact } from './exact-sum.js';

const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS; // 128
const LINEAR_LIMIT = SUB_COUNT * 2; // 256: below this every µs has a bucket
/** Values are clamped to 2^53 µs; the highest index is then 45 * 128 + 255. */
export const MAX_INDEX = (53 - SUB_BITS) * SUB_COUNT + (SUB_COUNT * 2 - 1);
const MAX_US = 2 ** 53 - 1;

/** Microseconds for a millisecond value: the unit of the buckets and the sums. */
export function toMicros(ms: number): number {
  const us = Math.round(ms * 1000);
  return us < 0 ? 0 : us > MAX_US ? MAX_US : us;
}

export function bucketIndex(us: number): number {
  if (us < LINEAR_LIMIT) return us;
  if (us < 4294967296) {
    // integer ops only: `2 ** shift` here was a Math.pow call and cost 20 % of a scan
    const shift = 31 - Math.clz32(us) - SUB_BITS;
    return shift * SUB_COUNT + (us >>> shift);
  }
  let shift = Math.floor(Math.log2(us)) - SUB_BITS;
  // log2 may round across a power of two: bring the mantissa back into [128, 256)
  if (Math.floor(us / 2 ** shift) >= SUB_COUNT * 2) shift++;
  else if (Math.floor(us / 2 ** shift) < SUB_COUNT) shift--;
  return shift * SUB_COUNT + Math.floor(us / 2 ** shift);
}

/** The lowest µs value of bucket i, and its width. */
export function bucketLow(i: number): number {
  if (i < LINEAR_LIMIT) return i;
  const shift = (i >> SUB_BITS) - 1;
  const m = (i & (SUB_COUNT - 1)) + SUB_COUNT;
  return m * 2 ** shift;
}
function bucketWidth(i: number): number {
  return i < LINEAR_LIMIT ? 1 : 2 ** ((i >> SUB_BITS) - 1);
}

/** Serialized form: non-zero buckets as [firstIndex, count, indexDelta, count, ...]. */
export interface SketchWire {
  n: number;
  sumUs: number;
  min: number;
  max: number;
  b: number[];
}

export class Sketch {
  n = 0;
  /** Sum of values in integer microseconds (exact, order-independent). */
  sumUs = 0;
  min = Infinity;
  max = -Infinity;
  private lo = 0;
  private counts: Float64Array = new Float64Array(0);

  add(ms: number): void {
    // the common case inlined: a whole number of µs below 2^31 (35 min)
    let us: number;
    let i: number;
    const x = ms * 1000 + 0.5;
    if (x >= 0 && x < 2147483648) {
      us = x | 0; // floor(x + 0.5): Math.round for non-negative values
      if (us < LINEAR_LIMIT) i = us;
      else {
        const shift = 31 - Math.clz32(us) - SUB_BITS;
        i = shift * SUB_COUNT + (us >>> shift);
      }
    } else {
      us = toMicros(ms);
      i = bucketIndex(us);
    }
    const j = i - this.lo;
    if (j < 0 || j >= this.counts.length) {
      this.grow(i, i);
      this.counts[i - this.lo]++;
    } else this.counts[j]++;
    this.n++;
    this.sumUs = addExact(this.sumUs, us);
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  private grow(from: number, to: number): void {
    const len = this.counts.length;
    if (len === 0) {
      // just the range asked for: a typed array of up to 64 bytes lives in V8's
      // heap, a larger one is malloc'd outside it, and a sketch per minute of a
      // quiet log (one or two values) churned malloc'd memory the process kept
      this.lo = from;
      this.counts = new Float64Array(to + 1 - from);
      return;
    }
    const oldHi = this.lo + len; // exclusive
    // grow geometrically so a widening range costs O(log) copies
    const want = Math.max(len * 2, oldHi - from, to + 1 - this.lo);
    let lo = Math.min(this.lo, from);
    let hi = Math.max(oldHi, to + 1);
    if (hi - lo < want) {
      if (from < this.lo) lo = Math.max(0, hi - want);
      else hi = Math.min(MAX_INDEX + 1, lo + want);
    }
    const next = new Float64Array(hi - lo);
    next.set(this.counts, this.lo - lo);
    this.lo = lo;
    this.counts = next;
  }

  /**
   * Adds counts[lo..hi] (indexed by bucket) and their summary, gathered
   * elsewhere with this sketch's bucket rule (the standard lane).
   */
  addBuckets(counts: ArrayLike<number>, lo: number, hi: number, n: number, sumUs: number, min: number, max: number): void {
    if (n === 0) return;
    if (lo < this.lo || hi >= this.lo + this.counts.length) this.grow(lo, hi);
    const off = this.lo;
    for (let i = lo; i <= hi; i++) this.counts[i - off] += counts[i];
    this.n += n;
    this.sumUs = addExact(this.sumUs, sumUs);
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  merge(other: Sketch): void {
    if (other.n === 0) return;
    const olen = other.counts.length;
    let first = 0;
    while (first < olen && other.counts[first] === 0) first++;
    let last = olen - 1;
    while (last > first && other.counts[last] === 0) last--;
    const from = other.lo + first;
    const to = other.lo + last;
    if (from < this.lo || to >= this.lo + this.counts.length) this.grow(from, to);
    const off = other.lo - this.lo;
    for (let j = first; j <= last; j++) this.counts[j + off] += other.counts[j];
    this.n += other.n;
    this.sumUs = addExact(this.sumUs, other.sumUs);
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Mean in ms, NaN when empty. */
  mean(): number {
    return this.n === 0 ? NaN : this.sumUs / this.n / 1000;
  }

  /**
   * Nearest-rank quantile q in [0, 1], in ms: the middle of the bucket that holds
   * the ceil(q * n)-th value, clamped to the exact min and max. NaN when empty.
   */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    const counts = this.counts;
    for (let j = 0; j < counts.length; j++) {
      seen += counts[j];
      if (seen >= rank) {
        const i = j + this.lo;
        const mid = (bucketLow(i) + (bucketWidth(i) - 1) / 2) / 1000;
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  toWire(): SketchWire {
    const b: number[] = [];
    let prev = 0;
    const counts = this.counts;
    for (let j = 0; j < counts.length; j++) {
      const c = counts[j];
      if (c !== 0) {
        const i = j + this.lo;
        b.push(b.length === 0 ? i : i - prev, c);
        prev = i;
      }
    }
    return { n: this.n, sumUs: this.sumUs, min: this.n ? this.min : 0, max: this.n ? this.max : 0, b };
  }

  static fromWire(w: SketchWire): Sketch {
    const s = new Sketch();
    if (w.n === 0) return s;
    const b = w.b;
    let i = 0;
    let first = -1;
    let last = -1;
    for (let k = 0; k < b.length; k += 2) {
      if (k > 0 && !(b[k] > 0)) throw new RangeError('sketch bucket deltas must be positive');
      i = k === 0 ? b[0] : i + b[k];
      if (first < 0) first = i;
      last = i;
    }
    if (first < 0 || last > MAX_INDEX) throw new RangeError('sketch buckets out of range');
    s.grow(first, last);
    i = 0;
    for (let k = 0; k < b.length; k += 2) {
      i = k === 0 ? b[0] : i + b[k];
      s.counts[i - s.lo] += b[k + 1];
    }
    s.n = w.n;
    s.sumUs = addExact(0, w.sumUs);
    s.min = w.min;
    s.max = w.max;
    return s;
  }
}
