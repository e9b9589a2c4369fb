/** The contender table the scenarios print, and its JSON form. */
import { num, renderTable, times, type Column } from './format.js';
import { contenderJson, type ContenderResult } from './rounds.js';
import type { Input } from './data.js';
import { mbPerS, ratio } from './stats.js';
import { renderChecks, renderTargets, target, type Check, type ScenarioReport, type Target } from './scenario.js';

export interface ContenderRow {
  r: ContenderResult;
  mbS: number;
  /** The reference's seconds ÷ these seconds: how many times faster than the reference (mawk, GoAccess). */
  fasterThanRef: number;
  /** These seconds ÷ wc -l seconds: how many times the floor. */
  timesFloor: number;
}

/** The reference of a table: the first contender of kind 'reference'. */
export function referenceOf(results: readonly ContenderResult[]): ContenderResult | undefined {
  return results.find((r) => r.kind === 'reference');
}

export function contenderRows(results: readonly ContenderResult[], bytes: number): ContenderRow[] {
  const ref = referenceOf(results);
  const wc = results.find((r) => r.kind === 'floor');
  return results.map((r) => ({
    r,
    mbS: mbPerS(bytes, r.seconds),
    fasterThanRef: ratio(ref?.seconds, r.seconds),
    timesFloor: ratio(r.seconds, wc?.seconds),
  }));
}

/** Supervisor and worker columns make sense for loga only. */
function rss(x: number): string {
  return Number.isFinite(x) ? x.toFixed(0) : '–';
}

export function renderContenders(rows: readonly ContenderRow[]): string {
  const ref = referenceOf(rows.map((x) => x.r));
  const cols: Column<ContenderRow>[] = [
    { header: 'contender', left: true, cell: (x) => x.r.label },
    { header: 'seconds', cell: (x) => (x.r.unavailable ? '' : x.r.error ? 'failed' : num(x.r.seconds)) },
    { header: 'MB/s', cell: (x) => num(x.mbS) },
  ];
  if (ref) cols.push({ header: `× faster than ${ref.id}`, cell: (x) => times(x.fasterThanRef) });
  cols.push(
    { header: '× wc -l time', cell: (x) => times(x.timesFloor) },
    { header: 'CPU s', cell: (x) => num(x.r.cpuSeconds) },
    { header: 'peak RSS MB (largest)', cell: (x) => rss(x.r.peakMb) },
    { header: 'primary', cell: (x) => rss(x.r.primaryMb) },
    { header: 'workers (max)', cell: (x) => (x.r.kind === 'loga' && x.r.children > 0 ? `${rss(x.r.childMaxMb)} (${x.r.children})` : '–') },
    { header: 'runs (s)', left: true, cell: (x) => x.r.unavailable ? `unavailable: ${x.r.unavailable}` : x.r.error ? `error: ${x.r.error}` : x.r.runs.map((u) => num(u.seconds)).join(' ') },
  );
  return renderTable(cols, rows);
}

export function rowJson(x: ContenderRow): Record<string, unknown> {
  return {
    mb_s: Number.isFinite(x.mbS) ? x.mbS : null,
    faster_than_reference: Number.isFinite(x.fasterThanRef) ? x.fasterThanRef : null,
    times_wc: Number.isFinite(x.timesFloor) ? x.timesFloor : null,
  };
}

/** The RSS limits of SPEC §7 on a loga contender: workers < 100 MB, supervisor < 200 MB. */
export function rssTargets(scenario: string, r: ContenderResult): Target[] {
  if (r.runs.length === 0) return [];
  return [
    target(scenario, `${r.label}: supervisor peak RSS < 200 MB`, r.primaryMb, '<', 200, ' MB'),
    target(scenario, `${r.label}: every worker peak RSS < 100 MB`, r.childMaxMb, '<', 100, ' MB', Number.isFinite(r.childMaxMb) ? `largest of ${r.children}` : 'no worker process seen'),
  ];
}


/** The report of a scenario over one input: the contenders' table, then its targets, checks and notes. */
export function inputReport(
  input: Input,
  format: string,
  runs: number,
  rows: readonly ContenderRow[],
  found: { targets: Target[]; checks: Check[]; notes: string[] },
  extraData: Record<string, unknown> = {},
): Omit<ScenarioReport, 'name' | 'title'> {
  const text =
    `${input.label} ${format} (${input.bytes} bytes, ${input.path}), median of ${runs} runs after a warm-up run\n` +
    renderContenders(rows) +
    '\n' +
    renderTargets(found.targets) +
    renderChecks(found.checks) +
    found.notes.map((n) => `  note: ${n}\n`).join('');
  return {
    text,
    ...found,
    data: { input: { path: input.path, bytes: input.bytes, format: input.format }, runs, contenders: rows.map((x) => ({ ...contenderJson(x.r), ...rowJson(x) })), ...extraData },
  };
}
