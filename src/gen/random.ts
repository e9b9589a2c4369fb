/**
 * A small seeded PRNG for the test-log generator: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counter, 32-bit variant). Four 32-bit words of state, period at
 * least 2^32, passes PractRand to 2^40+; only `| 0`, shifts and adds, so V8
 * keeps everything in int32 registers. Same seed, same sequence, on every
 * platform: nothing here depends on Math.random or on float rounding.
 */

const TWO_32 = 4294967296;

/** splitmix32 step: spreads a seed over the state words. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

const seedView = new DataView(new ArrayBuffer(8));

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Any finite number is a seed; distinct doubles give distinct streams (1 and 1.5 differ). */
  constructor(seed: number) {
    seedView.setFloat64(0, seed);
    const hi = seedView.getInt32(0);
    const lo = seedView.getInt32(4);
    this.a = mix32(lo);
    this.b = mix32(hi ^ this.a);
    this.c = mix32(this.b ^ 0x2545f491);
    this.d = 1;
    // sfc32 recommends discarding the first outputs after seeding.
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** Uniform integer in [0, 2^32). */
  u32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  float(): number {
    return this.u32() / TWO_32;
  }

  /** Uniform integer in [0, n), n ≤ 2^32. */
  int(n: number): number {
    return Math.floor((this.u32() / TWO_32) * n);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + Math.floor((this.u32() / TWO_32) * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / TWO_32 < p;
  }
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation,
 * relative error < 1.2e-9). Used once at start-up to build sampling tables,
 * never per line.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * A table of `size` lognormal quantiles (median `median`, shape `sigma`), at
 * the midpoints (i + 0.5) / size. Indexing it with a uniform random integer
 * samples the distribution with one array read instead of log/sqrt/cos per
 * draw. `size` must be a power of two (callers mask with size - 1).
 */
export function lognormalTable(median: number, sigma: number, size: number): Float64Array {
  const t = new Float64Array(size);
  const mu = Math.log(median);
  for (let i = 0; i < size; i++) t[i] = Math.exp(mu + sigma * normalQuantile((i + 0.5) / size));
  return t;
}
