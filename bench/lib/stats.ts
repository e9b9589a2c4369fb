/** Small statistics and unit helpers shared by the scenarios. */

export const MB = 1e6; // bytes: MB/s is decimal, as loga's throughput_mb_s
export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

/** The median of the values (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 === 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function max(values: readonly number[]): number {
  let m = NaN;
  for (const x of values) if (Number.isFinite(x) && !(x <= m)) m = x;
  return m;
}

export function min(values: readonly number[]): number {
  let m = NaN;
  for (const x of values) if (Number.isFinite(x) && !(x >= m)) m = x;
  return m;
}

/** a / b, NaN when either is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return NaN;
  return a / b;
}

/** Decimal MB per second. */
export function mbPerS(bytes: number, seconds: number): number {
  return seconds > 0 ? bytes / MB / seconds : NaN;
}

/** '1gb' / '256mb' / '4 GiB' / '1073741824' → bytes (binary units, as loga's --size). */
export function parseSizeLabel(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(s);
  if (!m) throw new Error(`'${s}' is not a size (e.g. 128mb, 1gb, 4gb)`);
  const unit = { '': 1, k: 1024, m: MIB, g: GIB, t: 1024 * GIB }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * unit);
}

/** bytes → '256 MiB', '1 GiB', '1.5 GiB'. */
export function sizeLabel(bytes: number): string {
  if (bytes >= GIB) return `${trim(bytes / GIB)} GiB`;
  if (bytes >= MIB) return `${trim(bytes / MIB)} MiB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

/** bytes → the loga --size argument: '256mb', '1gb'. */
export function sizeArg(bytes: number): string {
  if (bytes % GIB === 0) return `${bytes / GIB}gb`;
  if (bytes % MIB === 0) return `${bytes / MIB}mb`;
  return String(bytes);
}

function trim(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '');
}
