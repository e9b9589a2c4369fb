/**
 * Time against the number of workers: `loga analyze --workers N` for N in
 * 1…4 (--workers) on the 1 GiB standard file, alternating. On a 2-core
 * machine the ideal is a halving from 1 to 2 and flat beyond (more workers
 * than cores only add switching); the supervisor and worker RSS per count
 * show what each worker costs.
 */
import { logaAnalyze } from '../lib/contenders.js';
import { ensureInput } from '../lib/data.js';
import { num, renderTable, times } from '../lib/format.js';
import { contenderJson, noiseNote, runRounds } from '../lib/rounds.js';
import { load1, roundOptions, type Scenario } from '../lib/scenario.js';
import { availableParallelism } from 'node:os';
import { GIB, mbPerS, ratio } from '../lib/stats.js';

const NAME = 'scaling-workers';

export const scenario: Scenario = {
  name: NAME,
  title: 'loga analyze time against --workers 1…4, 1 GiB standard',
  async run(ctx) {
    const input = await ensureInput({ format: 'standard', size: GIB }, ctx.log);
    const counts = [...new Set(ctx.options.workers)].sort((a, b) => a - b);
    const contenders = counts.map((w) => logaAnalyze([input.path], { workers: w, id: `workers-${w}`, label: `loga analyze --workers ${w}` }));
    const loadBefore = load1();
    const results = await runRounds(contenders, roundOptions(ctx), NAME);
    const one = results[counts.indexOf(1)];
    const rows = results.map((r, k) => ({ r, workers: counts[k], mbS: mbPerS(input.bytes, r.seconds), speedup: ratio(one?.seconds, r.seconds) }));
    const notes = [`${availableParallelism()} CPUs; ${noiseNote(results, loadBefore, load1())}`];
    const text =
      `${input.label} standard (${input.path}), median of ${ctx.runs} runs after a warm-up run (worker counts alternate)\n` +
      renderTable(
        [
          { header: 'workers', cell: (x: (typeof rows)[number]) => String(x.workers) },
          { header: 'seconds', cell: (x) => (x.r.error ? 'failed' : num(x.r.seconds)) },
          { header: 'MB/s', cell: (x) => num(x.mbS) },
          { header: 'speed-up vs 1', cell: (x) => times(x.speedup) },
          { header: 'CPU s', cell: (x) => num(x.r.cpuSeconds) },
          { header: 'supervisor MB', cell: (x) => num(x.r.primaryMb) },
          { header: 'workers MB (max)', cell: (x) => num(x.r.childMaxMb) },
          { header: 'runs (s)', left: true, cell: (x) => (x.r.error ? `error: ${x.r.error}` : x.r.runs.map((u) => num(u.seconds)).join(' ')) },
        ],
        rows,
      ) +
      notes.map((n) => `  note: ${n}\n`).join('');
    return {
      text,
      targets: [],
      checks: [],
      notes,
      data: { input: { path: input.path, bytes: input.bytes }, runs: ctx.runs, workers: rows.map((x) => ({ ...contenderJson(x.r), workers: x.workers, mb_s: x.mbS, speedup: x.speedup })) },
    };
  },
};
