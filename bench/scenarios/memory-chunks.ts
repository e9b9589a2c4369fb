/**
 * Memory against the chunk size (SPEC §7: every worker below 100 MB RSS
 * "whatever the chunk size, a 100 MB chunk included"; the supervisor below
 * 200 MB): `loga analyze --chunk-size` 1mb, 32mb (the default) and 100mb on
 * the 1 GiB standard file, alternating. The time column shows what very
 * small chunks (more leases, more partials to merge) cost.
 */
import { logaAnalyze } from '../lib/contenders.js';
import { ensureInput } from '../lib/data.js';
import { num, renderTable } from '../lib/format.js';
import { contenderJson, noiseNote, runRounds } from '../lib/rounds.js';
import { rssTargets } from '../lib/report.js';
import { load1, roundOptions, renderTargets, type Scenario } from '../lib/scenario.js';
import { GIB, mbPerS } from '../lib/stats.js';

const NAME = 'memory-chunks';
const CHUNK_SIZES = ['1mb', '32mb', '100mb'];

export const scenario: Scenario = {
  name: NAME,
  title: 'loga analyze peak RSS (supervisor, workers) against --chunk-size 1mb, 32mb, 100mb, 1 GiB standard',
  async run(ctx) {
    const input = await ensureInput({ format: 'standard', size: GIB }, ctx.log);
    const contenders = CHUNK_SIZES.map((c) => logaAnalyze([input.path], { chunkSize: c, id: `chunk-${c}`, label: `loga analyze --chunk-size ${c}` }));
    const loadBefore = load1();
    const results = await runRounds(contenders, roundOptions(ctx), NAME);
    const rows = results.map((r, k) => ({ r, chunk: CHUNK_SIZES[k], mbS: mbPerS(input.bytes, r.seconds) }));
    const targets = results.flatMap((r) => rssTargets(NAME, r));
    const notes = [noiseNote(results, loadBefore, load1())];
    const text =
      `${input.label} standard (${input.path}), median of ${ctx.runs} runs after a warm-up run; RSS is the maximum over the runs\n` +
      renderTable(
        [
          { header: 'chunk size', left: true, cell: (x: (typeof rows)[number]) => x.chunk },
          { header: 'seconds', cell: (x) => (x.r.error ? 'failed' : num(x.r.seconds)) },
          { header: 'MB/s', cell: (x) => num(x.mbS) },
          { header: 'peak RSS MB (largest)', cell: (x) => num(x.r.peakMb) },
          { header: 'supervisor MB', cell: (x) => num(x.r.primaryMb) },
          { header: 'workers MB (max)', cell: (x) => num(x.r.childMaxMb) },
          { header: 'runs (s)', left: true, cell: (x) => (x.r.error ? `error: ${x.r.error}` : x.r.runs.map((u) => num(u.seconds)).join(' ')) },
        ],
        rows,
      ) +
      '\n' +
      renderTargets(targets) +
      notes.map((n) => `  note: ${n}\n`).join('');
    return {
      text,
      targets,
      checks: [],
      notes,
      data: { input: { path: input.path, bytes: input.bytes }, runs: ctx.runs, chunk_sizes: rows.map((x) => ({ ...contenderJson(x.r), chunk_size: x.chunk, mb_s: x.mbS })) },
    };
  },
};
