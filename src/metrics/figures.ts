/**
 * The figures of SPEC §4, computed from a (merged) PartialMetrics. Pure: the same
 * partial always gives the same figures.
 */
import { ERROR, LEVEL_NAMES } from '../parsers/record.js';
import { emptyStat, mergeStat, type MinuteRow, type PartialMetrics, type Stat } from './partial.js';
import type { MinuteSource } from './packed-minutes.js';
import { Sketch } from './sketch.js';

export interface ResourceFigure {
  min: number;
  max: number;
  avg: number;
  samples: number;
}

export interface MinuteFigure {
  minute: string;
  entries: number;
  errors: number;
  error_rate: number;
  requests: number;
  avg_response_time: number | null;
  p95_response_time: number | null;
  memory_mb: number | null;
  cpu_pct: number | null;
}

export interface Figures {
  lines: number;
  entries: number;
  malformed_lines: number;
  /** Lines continuing a multi-line entry (stack traces): neither entries nor malformed. */
  continuation_lines: number;
  malformed_samples: { file: string; offset: number; line: string }[];
  errors: number;
  error_rate: number;
  total_requests: number;
  avg_response_time: number | null;
  response_time: { min: number; max: number; p50: number; p90: number; p95: number; p99: number } | null;
  requests_per_second: number;
  peak_requests_per_second: number;
  levels: Record<string, number>;
  first_timestamp: string | null;
  last_timestamp: string | null;
  per_minute: MinuteFigure[];
  resources: { memory_mb: ResourceFigure | null; cpu_pct: ResourceFigure | null };
  top_errors: { message: string; count: number; example: string }[];
  /** Error entries dropped from the capped template map (0 below 2000 distinct templates). */
  top_errors_uncounted: number;
}

export const TOP_ERRORS = 10;

/** Rounds to 3 decimals: sketch midpoints and means are not more precise than that. */
function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function resource(s: Stat): ResourceFigure | null {
  return s.n === 0 ? null : { min: s.min, max: s.max, avg: s.sumMilli / 1000 / s.n, samples: s.n };
}

function minuteLabel(m: number): string {
  return new Date(m * 60000).toISOString().slice(0, 16);
}

export function minuteFigure(m: number, row: MinuteRow): MinuteFigure {
  return {
    minute: minuteLabel(m),
    entries: row.entries,
    errors: row.errors,
    error_rate: row.entries === 0 ? 0 : row.errors / row.entries,
    requests: row.requests,
    avg_response_time: row.rt.n === 0 ? null : row.rt.mean(),
    p95_response_time: row.rt.n === 0 ? null : r3(row.rt.quantile(0.95)),
    memory_mb: row.mem.n === 0 ? null : row.mem.sumMilli / 1000 / row.mem.n,
    cpu_pct: row.cpu.n === 0 ? null : row.cpu.sumMilli / 1000 / row.cpu.n,
  };
}

/**
 * The figures of a merged partial. Its minute rows are p.minutes, or
 * `minutes` when they are held elsewhere (the supervisor keeps them packed).
 */
export function computeFigures(p: PartialMetrics, filePaths: readonly string[], minutes: MinuteSource = p.minutes): Figures {
  const rt = new Sketch();
  const mem = emptyStat();
  const cpu = emptyStat();
  let requests = 0;
  let peak = 0;
  const perMinute: MinuteFigure[] = [];
  for (const m of [...minutes.keys()].sort((a, b) => a - b)) {
    const row = minutes.get(m) as MinuteRow;
    requests += row.requests;
    rt.merge(row.rt);
    mergeStat(mem, row.mem);
    mergeStat(cpu, row.cpu);
    if (row.perSecond !== null) for (const n of row.perSecond) if (n > peak) peak = n;
    perMinute.push(minuteFigure(m, row));
  }
  const entries = p.levels.reduce((a, b) => a + b, 0);
  let errors = 0;
  const levels: Record<string, number> = {};
  p.levels.forEach((n, i) => {
    if (n > 0) levels[LEVEL_NAMES[i]] = n;
    if (i >= ERROR) errors += n;
  });
  const hasTime = Number.isFinite(p.firstTs);
  const span = hasTime ? Math.floor(p.lastTs / 1000) - Math.floor(p.firstTs / 1000) + 1 : 0;
  const top = [...p.errors.entries()]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_ERRORS)
    .map(([message, e]) => ({ message, count: e.count, example: e.example }));
  return {
    lines: p.lines,
    entries,
    malformed_lines: p.malformed,
    continuation_lines: p.continuation,
    malformed_samples: p.samples.map((s) => ({ file: filePaths[s.file] ?? String(s.file), offset: s.offset, line: s.text })),
    errors,
    error_rate: entries === 0 ? 0 : errors / entries,
    total_requests: requests,
    avg_response_time: rt.n === 0 ? null : rt.mean(),
    response_time:
      rt.n === 0
        ? null
        : {
            min: rt.min,
            max: rt.max,
            p50: r3(rt.quantile(0.5)),
            p90: r3(rt.quantile(0.9)),
            p95: r3(rt.quantile(0.95)),
            p99: r3(rt.quantile(0.99)),
          },
    requests_per_second: span === 0 ? 0 : requests / span,
    peak_requests_per_second: peak,
    levels,
    first_timestamp: hasTime ? new Date(p.firstTs).toISOString() : null,
    last_timestamp: hasTime ? new Date(p.lastTs).toISOString() : null,
    per_minute: perMinute,
    resources: { memory_mb: resource(mem), cpu_pct: resource(cpu) },
    top_errors: top,
    top_errors_uncounted: p.errorsUncounted,
  };
}
