/**
 * Results no worker could have produced (issue 11): schema-valid partials
 * with insane values are refused by the job (wire-check.ts), counted, and
 * end the attempt that holds the lease; the supervisor never throws, and a
 * real result then gives exact figures. A fuzz of random mutations holds the
 * same promise: whatever arrives, onResult and the figures never throw.
 */
import { statSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import { type Chunk, computeFigures, Job, planChunks, type PartialWire, type ResultMsg, scanChunk, formats, silentLogger, toWire, type WorkReply, wireProblem } from '../../src/internal.js';
import { vectorPath } from '../helpers/vectors.js';

const PATH = vectorPath('malformed.log'); // errors, malformed lines, two minutes: every part of a partial
const SIZE = statSync(PATH).size;

function makeJob(maxAttempts = 3) {
  return new Job({ job: 'j1', chunks: planChunks([{ path: PATH, bytes: SIZE, format: 'standard' }], SIZE), clock: () => 1000, log: silentLogger, maxAttempts });
}

function lease(r: WorkReply): Chunk {
  if (r.type !== 'lease') throw new Error(`expected a lease, got ${r.type}`);
  return r.chunk;
}

/** The true partial of the chunk, as a worker sends it. */
function realResult(chunk: Chunk, worker: string): ResultMsg {
  const partial = toWire(scanChunk(chunk, formats.resolve('standard').parse));
  return { type: 'result', job: 'j1', chunk: chunk.id, attempt: chunk.attempt, token: chunk.token ?? '', worker, bytes: chunk.end - chunk.start, ms: 1, partial };
}

const clone = (w: PartialWire): PartialWire => JSON.parse(JSON.stringify(w)) as PartialWire;

/** The attacks and their neighbours: each a schema-valid partial no worker builds. */
const FORGERIES: [string, (w: PartialWire) => void][] = [
  ['firstTs of 1e20', (w) => (w.firstTs = 1e20)],
  ['a minute of 1e15', (w) => (w.minutes[0][0] = 1e15)],
  ['a second index of 99', (w) => (w.minutes[0][7] = [99, w.minutes[0][3]])],
  ['sketch buckets that disagree with n', (w) => (w.minutes.find((m) => m[4].n > 0)![4].n += 1)],
  ['a sketch bucket past the last', (w) => (w.minutes.find((m) => m[4].n > 0)![4].b[0] = 1e9)],
  ['levels that do not add up to the lines', (w) => (w.levels[2] += 1_000_000)],
  ['an error example of another file', (w) => (w.errors[0][3] = 5)],
  ['a minute row twice', (w) => w.minutes.push(w.minutes[w.minutes.length - 1])],
  ['errors larger than the entries of a minute', (w) => (w.minutes[0][2] = w.minutes[0][1] + 1)],
  ['a huge template', (w) => (w.errors[0][0] = 'x'.repeat(100_000))],
];

test('every forged partial is refused, counted, ends the holder attempt; the real result then merges exactly', (t) => {
  const truth = computeFigures(scanChunk({ path: PATH, file: 0, start: 0, end: SIZE }, formats.resolve('standard').parse), [PATH]);
  const job = makeJob(FORGERIES.length + 2);
  let attempts = 0;
  for (const [what, forge] of FORGERIES) {
    const chunk = lease(job.assign('forger', 1, 'h'));
    attempts++;
    t.is(chunk.attempt, attempts, what);
    const msg = realResult(chunk, 'forger');
    forge(msg.partial);
    t.not(wireProblem(msg.partial, 0), undefined, what);
    t.is(job.onResult(msg), 'rejected', what);
    t.false(job.isMerged(chunk.id), what);
  }
  t.is(job.rejected, FORGERIES.length);
  t.is(job.retried, FORGERIES.length);
  const chunk = lease(job.assign('real', 2, 'h'));
  t.is(job.onResult(realResult(chunk, 'real')), 'merged');
  t.true(job.finished);
  t.deepEqual(computeFigures(job.merged, [PATH], job.minutes), truth);
});

test('a refused result from a worker that does not hold the lease leaves the lease alone', (t) => {
  const job = makeJob();
  const chunk = lease(job.assign('real', 1, 'h'));
  const forged = realResult(chunk, 'forger');
  forged.partial.firstTs = 1e20;
  t.is(job.onResult(forged), 'rejected');
  t.is(job.retried, 0);
  t.is(job.onResult(realResult(chunk, 'real')), 'merged');
});

/** Every number in a wire partial, as a path and a setter. */
function numberSlots(w: unknown, at: (string | number)[] = [], out: { path: (string | number)[]; set: (v: number) => void }[] = []): typeof out {
  if (Array.isArray(w)) w.forEach((x, i) => (typeof x === 'number' ? out.push({ path: [...at, i], set: (v) => (w[i] = v) }) : numberSlots(x, [...at, i], out)));
  else if (w !== null && typeof w === 'object') {
    for (const [k, x] of Object.entries(w)) {
      if (typeof x === 'number') out.push({ path: [...at, k], set: (v) => ((w as Record<string, number>)[k] = v) });
      else numberSlots(x, [...at, k], out);
    }
  }
  return out;
}

test('fuzz: random mutations of a real partial never make the job or the figures throw', (t) => {
  const base = realResult({ id: 0, path: PATH, file: 0, start: 0, end: SIZE, attempt: 1, format: 'standard' }, 'w');
  const slots = numberSlots(clone(base.partial)).length;
  const nasty = fc.constantFrom(-1, 0, 0.5, 1, 59, 60, 99, 1e15, 1e20, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, -1e20, 6, 5759);
  let refused = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(slots - 1), nasty), { minLength: 1, maxLength: 4 }), (muts) => {
      const job = makeJob();
      const chunk = lease(job.assign('w', 1, 'h'));
      const msg = realResult(chunk, 'w');
      const s = numberSlots(msg.partial);
      for (const [i, v] of muts) s[i % s.length].set(v);
      const outcome = job.onResult(msg);
      if (outcome === 'rejected') refused++;
      computeFigures(job.merged, [PATH], job.minutes);
      JSON.stringify(computeFigures(job.merged, [PATH], job.minutes));
    }),
    { numRuns: 300 },
  );
  t.true(refused > 200, `${refused} of 300 mutated partials refused`);
});
