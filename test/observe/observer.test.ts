/**
 * The metrics observer on an injected clock: what its sinks see and when
 * (progress each tick, the summary so far at most once per summaryMs and
 * only after new results, changed minute rows just before the summary that
 * covers them, the final summary last), and no work for sinks nobody attached.
 */
import test from 'ava';
import { buildSummary, type Chunk, emptyMinute, emptyPartial, Job, type LiveProgress, MetricsObserver, type MinuteFigure, planChunks, type ResultMsg, silentLogger, type Summary, toWire, type WorkReply } from '../../src/internal.js';

const files = [{ path: '/x.log', bytes: 400, format: 'standard' }];

function setUp() {
  let now = 10_000;
  const clock = (): number => now;
  const job = new Job({ job: 'j1', chunks: planChunks(files, 100), clock, log: silentLogger });
  const observer = new MetricsObserver({ job, files, clock, started: now, summaryMs: 1000 });
  return { job, observer, advance: (ms: number) => (now += ms) };
}

function lease(r: WorkReply): Chunk {
  if (r.type !== 'lease') throw new Error(`expected a lease, got ${r.type}`);
  return r.chunk;
}

/** A result of `entries` INFO entries, all in minute `minute`. */
function result(chunk: Chunk, worker: string, minute: number, entries: number): ResultMsg {
  const p = emptyPartial();
  p.lines = entries;
  p.levels[2] = entries;
  p.firstTs = minute * 60_000;
  p.lastTs = minute * 60_000;
  const row = emptyMinute();
  row.entries = entries;
  p.minutes.set(minute, row);
  return { type: 'result', job: 'j1', chunk: chunk.id, attempt: chunk.attempt, token: chunk.token ?? '', worker, bytes: chunk.end - chunk.start, ms: 1, partial: toWire(p) };
}

interface Seen {
  events: string[];
  progress: LiveProgress[];
  summaries: Summary[];
  minutes: MinuteFigure[][];
}

function recorder(): { sink: object; seen: Seen } {
  const seen: Seen = { events: [], progress: [], summaries: [], minutes: [] };
  return {
    seen,
    sink: {
      progress: (p: LiveProgress) => {
        seen.events.push('progress');
        seen.progress.push(p);
      },
      minutes: (rows: readonly MinuteFigure[]) => {
        seen.events.push('minutes');
        seen.minutes.push([...rows]);
      },
      summary: (s: Summary) => {
        seen.events.push(s.final ? 'final' : 'summary');
        seen.summaries.push(s);
      },
    },
  };
}

test('progress every tick; the summary so far at most once per second, and only after new results', (t) => {
  const { job, observer, advance } = setUp();
  const { sink, seen } = recorder();
  observer.attach(sink);
  observer.tick(); // nothing merged yet, but the first summary is due
  t.deepEqual(seen.events, ['progress', 'summary']);
  const a = lease(job.assign('w1', 1, 'h'));
  job.onResult(result(a, 'w1', 28_000_000, 5));
  advance(400);
  observer.tick();
  t.deepEqual(seen.events.slice(2), ['progress'], 'within a second of the last summary: progress only');
  advance(700);
  observer.tick();
  t.deepEqual(seen.events.slice(3), ['progress', 'minutes', 'summary'], 'the changed minute, then the summary covering it');
  t.deepEqual(
    seen.minutes[0].map((r) => [r.minute, r.entries]),
    [[new Date(28_000_000 * 60_000).toISOString().slice(0, 16), 5]],
  );
  t.is(seen.summaries[1].entries, 5);
  t.false(seen.summaries[1].final);
  advance(5000);
  observer.tick();
  t.deepEqual(seen.events.slice(6), ['progress'], 'no new result: no new summary');
});

test('progress counts the workers heard from in the last 2 s, and says when none serves the job', (t) => {
  const { job, observer, advance } = setUp();
  t.true(observer.progress().waiting);
  t.is(observer.progress().workers, 0);
  lease(job.assign('w1', 1, 'h'));
  const p = observer.progress();
  t.is(p.workers, 1);
  t.false(p.waiting);
  t.is(p.job, 'j1');
  t.is(p.ts, 10_000);
  advance(2500);
  t.is(observer.progress().workers, 0, 'silent for 2.5 s: not counted');
  t.true(observer.progress().waiting);
});

test('finish: the last progress, the minutes not yet sent, the final summary; then the sinks close', async (t) => {
  const { job, observer } = setUp();
  const { sink, seen } = recorder();
  let closed = 0;
  observer.attach({ ...sink, close: () => void closed++ });
  for (let i = 0; i < 4; i++) {
    const c = lease(job.assign('w1', 1, 'h'));
    job.onResult(result(c, 'w1', 28_000_000 + (i % 2), 1));
  }
  t.true(job.finished);
  const summary = buildSummary(job, files, 1234, true);
  observer.finish(summary);
  t.deepEqual(seen.events, ['progress', 'minutes', 'final']);
  t.is(seen.minutes[0].length, 2);
  t.is(seen.summaries[0], summary);
  t.is(seen.progress[0].chunks_done, 4);
  t.is(closed, 0);
  await observer.close();
  t.is(closed, 1);
});

test('with only a progress sink, no summary is built and no changed minute is kept', (t) => {
  const { job, observer, advance } = setUp();
  const progress: LiveProgress[] = [];
  observer.attach({ progress: (p) => progress.push(p) });
  let watched = 0;
  const watch = job.watchMinutes.bind(job);
  job.watchMinutes = () => {
    watched++;
    return watch();
  };
  const a = lease(job.assign('w1', 1, 'h'));
  job.onResult(result(a, 'w1', 28_000_000, 5));
  advance(2000);
  observer.tick();
  t.is(progress.length, 1);
  t.is(watched, 0, 'minutes are not watched for a sink that does not take them');
  t.is((observer as unknown as { changed: unknown }).changed, null);
});
