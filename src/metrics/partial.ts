/**
 * The partial-metrics value: what one chunk yields and what the supervisor
 * holds. Every field merges associatively and commutatively (counts add, min
 * and max fold, sketches add bucket-wise, maps merge key-wise), and every sum
 * is an integer (µs, or thousandths for memory and cpu) so the merged figures
 * are bit-identical whatever the chunking or arrival order.
 *
 * The one bounded part is top errors: the map is exact up to
 * ERROR_TEMPLATES_PRUNE_AT distinct templates; when it would grow beyond, it is
 * pruned to the MAX_ERROR_TEMPLATES most frequent (ties by template), and the
 * pruned counts go to errorsUncounted. Below the limit, merging is exact.
 */
import { addExact } from './exact-sum.js';
import { Sketch } from './sketch.js';

/**
 * The times an entry may have: years 1970 to 9999. A parsed line outside is
 * malformed (src/scan/chunk-scanner.ts), and a partial from a worker with a
 * time outside is refused (wire-check.ts): a time of 1e20 ms made the
 * supervisor's date formatting throw.
 */
export const EARLIEST_TS = Date.UTC(1970, 0, 1);
export const LATEST_TS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const MAX_ERROR_TEMPLATES = 1000;
export const ERROR_TEMPLATES_PRUNE_AT = 2 * MAX_ERROR_TEMPLATES;
export const MAX_MALFORMED_SAMPLES = 10;
export const LEVEL_COUNT = 6;

/** Mean-min-max of a resource figure; sum kept in thousandths. */
export interface Stat {
  n: number;
  sumMilli: number;
  min: number;
  max: number;
}

export interface MinuteRow {
  entries: number;
  errors: number;
  requests: number;
  /**
   * Requests per second of the minute (index 0..59), for the peak; null until
   * the first request. A plain array: a 480-byte typed array per row lives
   * outside V8's heap, and a chunk with many minutes churned malloc'd memory
   * that the process did not give back (a worker's RSS doubled).
   */
  perSecond: number[] | null;
  rt: Sketch;
  mem: Stat;
  cpu: Stat;
}

export interface TopError {
  count: number;
  /** The raw message of the first occurrence (lowest file index, then offset). */
  example: string;
  file: number;
  offset: number;
}

export interface MalformedSample {
  file: number;
  offset: number;
  text: string;
}

export interface PartialMetrics {
  lines: number;
  malformed: number;
  /** Lines continuing a multi-line entry (counted in lines, not malformed). */
  continuation: number;
  levels: number[];
  /** Epoch ms of the earliest and latest entry; +/-Infinity when none. */
  firstTs: number;
  lastTs: number;
  /** Keyed by minute number (epoch ms / 60000). */
  minutes: Map<number, MinuteRow>;
  /** Error entries grouped by template (digits → '#'). */
  errors: Map<string, TopError>;
  errorsUncounted: number;
  /** The first MAX_MALFORMED_SAMPLES malformed lines by (file, offset). */
  samples: MalformedSample[];
}

export function emptyStat(): Stat {
  return { n: 0, sumMilli: 0, min: Infinity, max: -Infinity };
}

export function addStat(s: Stat, v: number): void {
  s.n++;
  s.sumMilli = addExact(s.sumMilli, Math.round(v * 1000));
  if (v < s.min) s.min = v;
  if (v > s.max) s.max = v;
}

export function mergeStat(into: Stat, from: Stat): void {
  into.n += from.n;
  into.sumMilli = addExact(into.sumMilli, from.sumMilli);
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
}

/** Sixty zero counts. */
export function newSeconds(): number[] {
  return new Array<number>(60).fill(0);
}

export function emptyMinute(): MinuteRow {
  return { entries: 0, errors: 0, requests: 0, perSecond: null, rt: new Sketch(), mem: emptyStat(), cpu: emptyStat() };
}

export function emptyPartial(): PartialMetrics {
  return {
    lines: 0,
    malformed: 0,
    continuation: 0,
    levels: new Array<number>(LEVEL_COUNT).fill(0),
    firstTs: Infinity,
    lastTs: -Infinity,
    minutes: new Map(),
    errors: new Map(),
    errorsUncounted: 0,
    samples: [],
  };
}

function before(aFile: number, aOff: number, bFile: number, bOff: number): boolean {
  return aFile < bFile || (aFile === bFile && aOff < bOff);
}

/** Adds one error occurrence (or a merged group) under its template. */
export function addError(p: PartialMetrics, template: string, count: number, example: string, file: number, offset: number): void {
  const cur = p.errors.get(template);
  if (cur !== undefined) {
    cur.count += count;
    if (before(file, offset, cur.file, cur.offset)) {
      cur.example = example;
      cur.file = file;
      cur.offset = offset;
    }
  } else {
    if (p.errors.size >= ERROR_TEMPLATES_PRUNE_AT) pruneErrors(p);
    p.errors.set(template, { count, example, file, offset });
  }
}

/** Keeps the MAX_ERROR_TEMPLATES most frequent templates; the rest is counted as uncounted. */
function pruneErrors(p: PartialMetrics): void {
  const ranked = [...p.errors.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [t, e] of ranked.slice(MAX_ERROR_TEMPLATES)) {
    p.errorsUncounted += e.count;
    p.errors.delete(t);
  }
}

/** Keeps the sample if it is among the first MAX_MALFORMED_SAMPLES by position. */
export function addSample(p: PartialMetrics, s: MalformedSample): void {
  const list = p.samples;
  if (list.length === MAX_MALFORMED_SAMPLES) {
    const last = list[list.length - 1];
    if (!before(s.file, s.offset, last.file, last.offset)) return;
  }
  if (list.some((x) => x.file === s.file && x.offset === s.offset)) return;
  let i = list.length;
  while (i > 0 && before(s.file, s.offset, list[i - 1].file, list[i - 1].offset)) i--;
  list.splice(i, 0, s);
  if (list.length > MAX_MALFORMED_SAMPLES) list.pop();
}

/** Adds one minute's counts into another's (mutating `into`). */
export function mergeRow(into: MinuteRow, from: MinuteRow): void {
  into.entries += from.entries;
  into.errors += from.errors;
  into.requests += from.requests;
  if (from.perSecond !== null) {
    const seconds = (into.perSecond ??= newSeconds());
    for (let i = 0; i < 60; i++) seconds[i] += from.perSecond[i];
  }
  into.rt.merge(from.rt);
  mergeStat(into.mem, from.mem);
  mergeStat(into.cpu, from.cpu);
}

/** Merges `from` into `into` (mutating it). */
export function mergeInto(into: PartialMetrics, from: PartialMetrics): PartialMetrics {
  into.lines += from.lines;
  into.malformed += from.malformed;
  into.continuation += from.continuation;
  for (let i = 0; i < LEVEL_COUNT; i++) into.levels[i] += from.levels[i];
  if (from.firstTs < into.firstTs) into.firstTs = from.firstTs;
  if (from.lastTs > into.lastTs) into.lastTs = from.lastTs;
  for (const [m, row] of from.minutes) {
    let cur = into.minutes.get(m);
    if (cur === undefined) into.minutes.set(m, (cur = emptyMinute()));
    mergeRow(cur, row);
  }
  for (const [t, e] of from.errors) addError(into, t, e.count, e.example, e.file, e.offset);
  into.errorsUncounted += from.errorsUncounted;
  for (const s of from.samples) addSample(into, s);
  return into;
}

/** Pure merge: a new value, neither argument changed. */
export function merge(a: PartialMetrics, b: PartialMetrics): PartialMetrics {
  return mergeInto(mergeInto(emptyPartial(), a), b);
}
