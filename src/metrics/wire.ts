/**
 * The JSON form of a PartialMetrics, as it travels over IPC and NATS. Compact on
 * purpose (a result must stay far below NATS' 1 MB max_payload): rows are
 * arrays, seconds are delta-encoded, sketches keep only non-zero buckets.
 */
import { Sketch, type SketchWire } from './sketch.js';
import {
  emptyPartial,
  emptyStat,
  LEVEL_COUNT,
  newSeconds,
  type MalformedSample,
  type MinuteRow,
  type PartialMetrics,
  type Stat,
} from './partial.js';

/** [n, sumMilli, min, max] */
export type StatWire = [number, number, number, number];
/** [minute, entries, errors, requests, rt, mem, cpu, requests per second as [second, count, ...] for non-zero seconds] */
export type MinuteWire = [number, number, number, number, SketchWire, StatWire | null, StatWire | null, number[]];
/** [template, count, example, file, offset] */
export type ErrorWire = [string, number, string, number, number];

export interface PartialWire {
  lines: number;
  malformed: number;
  /** Absent from a build before continuation lines: 0. */
  continuation?: number;
  levels: number[];
  firstTs: number | null;
  lastTs: number | null;
  minutes: MinuteWire[];
  errors: ErrorWire[];
  errorsUncounted: number;
  samples: MalformedSample[];
}

function statToWire(s: Stat): StatWire | null {
  return s.n === 0 ? null : [s.n, s.sumMilli, s.min, s.max];
}
function statFromWire(w: StatWire | null): Stat {
  return w === null ? emptyStat() : { n: w[0], sumMilli: w[1], min: w[2], max: w[3] };
}

export function toWire(p: PartialMetrics): PartialWire {
  const minutes: MinuteWire[] = [];
  for (const m of [...p.minutes.keys()].sort((a, b) => a - b)) {
    const r = p.minutes.get(m) as MinuteRow;
    const perSecond: number[] = [];
    if (r.perSecond !== null) r.perSecond.forEach((n, i) => n !== 0 && perSecond.push(i, n));
    minutes.push([m, r.entries, r.errors, r.requests, r.rt.toWire(), statToWire(r.mem), statToWire(r.cpu), perSecond]);
  }
  const errors: ErrorWire[] = [];
  for (const [t, e] of p.errors) errors.push([t, e.count, e.example, e.file, e.offset]);
  return {
    lines: p.lines,
    malformed: p.malformed,
    continuation: p.continuation,
    levels: p.levels.slice(),
    firstTs: Number.isFinite(p.firstTs) ? p.firstTs : null,
    lastTs: Number.isFinite(p.lastTs) ? p.lastTs : null,
    minutes,
    errors,
    errorsUncounted: p.errorsUncounted,
    samples: p.samples.slice(),
  };
}

/** Rebuilds a PartialMetrics; the shape has been checked by the protocol schema. */
export function fromWire(w: PartialWire): PartialMetrics {
  const p = emptyPartial();
  p.lines = w.lines;
  p.malformed = w.malformed;
  p.continuation = w.continuation ?? 0;
  if (w.levels.length !== LEVEL_COUNT) throw new RangeError(`levels must have ${LEVEL_COUNT} counts`);
  p.levels = w.levels.slice();
  p.firstTs = w.firstTs ?? Infinity;
  p.lastTs = w.lastTs ?? -Infinity;
  for (const [m, entries, errors, requests, rt, mem, cpu, seconds] of w.minutes) {
    let perSecond: number[] | null = null;
    for (let k = 0; k < seconds.length; k += 2) {
      const i = seconds[k];
      if (!(i >= 0 && i < 60)) throw new RangeError(`second ${i} of a minute is out of range`);
      (perSecond ??= newSeconds())[i] += seconds[k + 1];
    }
    p.minutes.set(m, { entries, errors, requests, perSecond, rt: Sketch.fromWire(rt), mem: statFromWire(mem), cpu: statFromWire(cpu) });
  }
  for (const [t, count, example, file, offset] of w.errors) p.errors.set(t, { count, example, file, offset });
  p.errorsUncounted = w.errorsUncounted;
  p.samples = w.samples.slice();
  return p;
}
