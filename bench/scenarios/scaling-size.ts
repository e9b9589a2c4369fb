/**
 * Time against file size: `loga analyze` on standard-format files of
 * 128 MiB … 4 GiB (--sizes / --max-size), the sizes alternating as
 * contenders. Linear means the same MB/s at every size; the target is the
 * 4 GiB time within 4.4× the 1 GiB time (a file 4× larger, 10 % slack).
 * CPU seconds per GiB (the whole process tree) is the steadier sign of
 * linearity when other work shares the machine.
 * A size that does not fit on the disk (1 GiB margin) is reported, not
 * generated; one larger than the free memory is read from disk, not from the
 * page cache, and says so.
 */
import { freemem } from 'node:os';
import { readFileSync } from 'node:fs';
import { logaAnalyze } from '../lib/contenders.js';
import { ensureInput, InputUnavailable, type Input } from '../lib/data.js';
import { num, renderTable, times } from '../lib/format.js';
import { contenderJson, noiseNote, runRounds } from '../lib/rounds.js';
import { load1, roundOptions, renderTargets, target, type Scenario } from '../lib/scenario.js';
import { GIB, mbPerS, ratio, sizeLabel } from '../lib/stats.js';

const NAME = 'scaling-size';

/** MemAvailable (page cache that can be dropped counts as available), bytes. */
function memAvailable(): number {
  try {
    const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return freemem();
}

export const scenario: Scenario = {
  name: NAME,
  title: 'loga analyze time against file size, 128 MiB … 4 GiB standard (4 GiB ≤ 4.4× the 1 GiB time)',
  async run(ctx) {
    const sizes = [...new Set(ctx.options.sizes)].sort((a, b) => a - b);
    const notes: string[] = [];
    const inputs: Input[] = [];
    for (const size of sizes) {
      try {
        inputs.push(await ensureInput({ format: 'standard', size }, ctx.log));
      } catch (e) {
        if (!(e instanceof InputUnavailable)) throw e;
        notes.push(`${sizeLabel(size)} left out: ${e.message}`);
      }
    }
    if (ctx.options.maxSize !== Infinity) notes.push(`sizes above ${sizeLabel(ctx.options.maxSize)} left out (--max-size)`);
    const avail = memAvailable();
    for (const i of inputs) if (i.bytes > avail - GIB) notes.push(`${i.label} is larger than the free memory (${sizeLabel(avail)}): it is read from disk, not the page cache`);

    const contenders = inputs.map((i) => ({ ...logaAnalyze([i.path]), id: `size-${i.bytes}`, label: `loga analyze ${i.label}` }));
    const loadBefore = load1();
    const results = await runRounds(contenders, roundOptions(ctx), NAME);
    const oneGiB = results.find((_, k) => inputs[k].label === '1 GiB');
    const fourGiB = results.find((_, k) => inputs[k].label === '4 GiB');
    const rows = results.map((r, k) => {
      const i = inputs[k];
      return {
        r,
        input: i,
        mbS: mbPerS(i.bytes, r.seconds),
        sPerGiB: (r.seconds * GIB) / i.bytes,
        cpuPerGiB: (r.cpuSeconds * GIB) / i.bytes,
        vs1g: ratio(r.seconds, oneGiB?.seconds),
        sizeVs1g: oneGiB ? i.bytes / inputs[results.indexOf(oneGiB)].bytes : NaN,
      };
    });
    const text =
      `loga analyze, standard format, median of ${ctx.runs} runs after a warm-up run (sizes alternate)\n` +
      renderTable(
        [
          { header: 'size', left: true, cell: (x: (typeof rows)[number]) => x.input.label },
          { header: 'bytes', cell: (x) => String(x.input.bytes) },
          { header: 'seconds', cell: (x) => (x.r.error ? 'failed' : num(x.r.seconds)) },
          { header: 'MB/s', cell: (x) => num(x.mbS) },
          { header: 's per GiB', cell: (x) => num(x.sPerGiB) },
          { header: 'CPU s per GiB', cell: (x) => num(x.cpuPerGiB) },
          { header: '× the 1 GiB time', cell: (x) => times(x.vs1g) },
          { header: '× the 1 GiB size', cell: (x) => times(x.sizeVs1g) },
          { header: 'supervisor MB', cell: (x) => num(x.r.primaryMb) },
          { header: 'workers MB (max)', cell: (x) => num(x.r.childMaxMb) },
          { header: 'runs (s)', left: true, cell: (x) => (x.r.error ? `error: ${x.r.error}` : x.r.runs.map((u) => num(u.seconds)).join(' ')) },
        ],
        rows,
      );
    const targets = [
      target(NAME, '4 GiB ≤ 4.4× the 1 GiB time', ratio(fourGiB?.seconds, oneGiB?.seconds), '<=', 4.4, '×', !fourGiB || !oneGiB ? 'needs both the 1 GiB and the 4 GiB input (--sizes)' : undefined),
    ];
    notes.push(noiseNote(results, loadBefore, load1()));
    return {
      text: text + '\n' + renderTargets(targets) + notes.map((n) => `  note: ${n}\n`).join(''),
      targets,
      checks: [],
      notes,
      data: {
        runs: ctx.runs,
        sizes: rows.map((x) => ({ ...contenderJson(x.r), bytes: x.input.bytes, label: x.input.label, mb_s: x.mbS, s_per_gib: x.sPerGiB, cpu_s_per_gib: x.cpuPerGiB, times_1g: x.vs1g })),
      },
    };
  },
};
