/**
 * The checks a partial from a worker passes after the protocol schema, before
 * the supervisor merges it (issue 11): the schema says the shape, these say
 * the values are ones a worker's Accumulator can produce. A schema-valid
 * partial with `firstTs: 1e20` or a minute of 1e15 crashed the supervisor's
 * date formatting (RangeError, exit 1); a second index of 99 or a malformed
 * sketch threw inside the results consumer and stopped it. Each rule below
 * holds for every partial a worker builds (the merge and chunk-invariance
 * property tests check it on theirs); a partial that breaks one is refused as
 * its attempt's failure, never merged.
 *
 * Pure and bounded: one pass over the arrays, no allocation per item.
 */
import { ERROR_TEMPLATES_PRUNE_AT, EARLIEST_TS, LATEST_TS, LEVEL_COUNT, MAX_MALFORMED_SAMPLES } from './partial.js';
import { MAX_INDEX } from './sketch.js';
import { MAX_EXACT_SUM } from './exact-sum.js';
import type { PartialWire, StatWire } from './wire.js';
import type { SketchWire } from './sketch.js';

/** Minute rows a partial may hold: far above a worker's own cap (512, LOGA_MAX_CHUNK_MINUTES), far below what hurts. */
export const MAX_PARTIAL_MINUTES = 100_000;
/** Characters of a template, an example or a sample text: the accumulator keeps 240. */
export const MAX_TEXT_CHARS = 1024;

const ERROR = 4;
const FATAL = 5;
const FIRST_MINUTE = Math.floor(EARLIEST_TS / 60000);
const LAST_MINUTE = Math.floor(LATEST_TS / 60000);

function count(x: number): boolean {
  return Number.isSafeInteger(x) && x >= 0;
}

function sketchProblem(s: SketchWire, requests: number): string | undefined {
  if (!count(s.n) || s.n > requests) return `${s.n} response times for ${requests} requests`;
  if (!count(s.sumUs) || s.sumUs > MAX_EXACT_SUM) return `response-time sum ${s.sumUs} µs is not a count`;
  const b = s.b;
  if (s.n === 0) return b.length === 0 && s.sumUs === 0 ? undefined : 'an empty response-time sketch with buckets';
  if (!(Number.isFinite(s.min) && Number.isFinite(s.max) && s.min >= 0 && s.min <= s.max)) return `response-time min ${s.min} and max ${s.max}`;
  if (b.length % 2 !== 0) return 'sketch buckets are not (index, count) pairs';
  let index = -1;
  let total = 0;
  for (let k = 0; k < b.length; k += 2) {
    const step = b[k];
    const c = b[k + 1];
    if (!count(step) || (k > 0 && step === 0) || !count(c) || c === 0) return 'sketch buckets must ascend with positive counts';
    index = k === 0 ? step : index + step;
    if (index > MAX_INDEX) return `sketch bucket ${index} is out of range`;
    total += c;
  }
  return total === s.n ? undefined : `sketch buckets count ${total} values, n says ${s.n}`;
}

function statProblem(w: StatWire | null, entries: number, what: string): string | undefined {
  if (w === null) return undefined;
  const [n, sumMilli, min, max] = w;
  if (!count(n) || n === 0 || n > entries) return `${n} ${what} values for ${entries} entries`;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && min <= max)) return `${what} min ${min} and max ${max}`;
  return count(sumMilli) && sumMilli <= MAX_EXACT_SUM ? undefined : `${what} sum ${sumMilli} is not a count`;
}

function text(s: string, what: string): string | undefined {
  return s.length <= MAX_TEXT_CHARS ? undefined : `${what} of ${s.length} characters`;
}

/**
 * What is wrong with a partial a worker sent for a chunk of file index
 * `file` (a chunk is one file's: every example and sample names it), or
 * undefined when it is one a worker can produce.
 */
export function wireProblem(w: PartialWire, file: number): string | undefined {
  const continuation = w.continuation ?? 0;
  if (!count(w.lines) || !count(w.malformed) || !count(continuation) || !count(w.errorsUncounted)) return 'line counts must be whole numbers';
  if (w.levels.length !== LEVEL_COUNT || !w.levels.every(count)) return `levels must be ${LEVEL_COUNT} counts`;
  const entries = w.levels.reduce((a, b) => a + b, 0);
  if (entries + w.malformed + continuation !== w.lines) return `${w.lines} lines are not ${entries} entries + ${w.malformed} malformed + ${continuation} continuation`;
  const errors = w.levels[ERROR] + w.levels[FATAL];
  if ((w.firstTs === null) !== (entries === 0) || (w.lastTs === null) !== (entries === 0)) return 'first and last times must be there exactly when there are entries';
  if (w.firstTs !== null && w.lastTs !== null) {
    if (!(w.firstTs >= EARLIEST_TS && w.lastTs <= LATEST_TS && w.firstTs <= w.lastTs)) return `times ${w.firstTs} .. ${w.lastTs} are outside years 1970-9999 or reversed`;
  }
  if (w.minutes.length > MAX_PARTIAL_MINUTES) return `${w.minutes.length} minute rows (at most ${MAX_PARTIAL_MINUTES})`;
  let rowEntries = 0;
  let rowErrors = 0;
  let last = -Infinity;
  for (const [m, n, err, requests, rt, mem, cpu, seconds] of w.minutes) {
    if (!Number.isSafeInteger(m) || m < FIRST_MINUTE || m > LAST_MINUTE) return `minute ${m} is outside years 1970-9999`;
    if (m <= last) return 'minute rows must ascend, each once';
    last = m;
    if (!count(n) || n === 0 || !count(err) || err > n || !count(requests) || requests > n) return `minute ${m}: ${n} entries, ${err} errors, ${requests} requests`;
    rowEntries += n;
    rowErrors += err;
    const problem = sketchProblem(rt, requests) ?? statProblem(mem, n, 'memory') ?? statProblem(cpu, n, 'cpu');
    if (problem !== undefined) return `minute ${m}: ${problem}`;
    let second = -1;
    let perSecond = 0;
    for (let k = 0; k < seconds.length; k += 2) {
      const s = seconds[k];
      const c = seconds[k + 1];
      if (!Number.isInteger(s) || s <= second || s > 59 || !count(c) || c === 0) return `minute ${m}: second ${s} is out of range or out of order`;
      second = s;
      perSecond += c;
    }
    if (seconds.length % 2 !== 0 || perSecond !== requests) return `minute ${m}: ${perSecond} requests by second, ${requests} in all`;
  }
  if (rowEntries !== entries || rowErrors !== errors) return `minute rows hold ${rowEntries} entries and ${rowErrors} errors, the levels ${entries} and ${errors}`;
  if (w.errors.length > ERROR_TEMPLATES_PRUNE_AT) return `${w.errors.length} error templates (at most ${ERROR_TEMPLATES_PRUNE_AT})`;
  let grouped = 0;
  for (const [template, c, example, f, offset] of w.errors) {
    const problem = text(template, 'a template') ?? text(example, 'an example');
    if (problem !== undefined) return problem;
    if (!count(c) || c === 0 || f !== file || !count(offset)) return `error template '${template.slice(0, 40)}': count ${c}, file ${f}, offset ${offset}`;
    grouped += c;
  }
  if (grouped + w.errorsUncounted !== errors) return `${grouped} grouped + ${w.errorsUncounted} uncounted errors, the levels say ${errors}`;
  if (w.samples.length > MAX_MALFORMED_SAMPLES || w.samples.length > w.malformed) return `${w.samples.length} malformed samples for ${w.malformed} malformed lines`;
  for (const s of w.samples) {
    if (s.file !== file || !count(s.offset)) return `a malformed sample of file ${s.file} at ${s.offset}`;
    const problem = text(s.text, 'a malformed sample');
    if (problem !== undefined) return problem;
  }
  return undefined;
}
