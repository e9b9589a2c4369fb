/** Number formatting and plain-text tables for the terminal. */

/** A number with about 3 significant digits; '–' for missing. */
export function num(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 10 ** digits) return Math.round(x).toString();
  if (a === 0) return '0';
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
  return x.toFixed(Math.min(decimals, 4));
}

/** A ratio as '18.4×'. */
export function times(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : `${num(x)}×`;
}

export interface Column<T> {
  header: string;
  /** Cell text of a row. */
  cell: (row: T) => string;
  /** Left-aligned (text) instead of right-aligned (numbers). */
  left?: boolean;
}

/** A plain table: header, rule, rows; columns padded to their widest cell. */
export function renderTable<T>(columns: readonly Column<T>[], rows: readonly T[], indent = '  '): string {
  const cells = rows.map((r) => columns.map((c) => c.cell(r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (vals: readonly string[]): string =>
    indent +
    vals
      .map((v, i) => (columns[i].left ? v.padEnd(widths[i]) : v.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), indent + widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of cells) out.push(line(row));
  return out.join('\n') + '\n';
}
