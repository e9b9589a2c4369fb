/**
 * The headline (SPEC §7): 1 GiB of the standard format, side by side in one
 * run: `loga analyze` (embedded, default workers = CPU count), `loga
 * supervise --workers 3` over a local `nats-server -js`, the mawk reference
 * script (bench/reference.awk, the same core figures) and `wc -l`, the floor.
 * Checks that mawk and loga agree on the figures, and supervise with analyze.
 * With BENCH_BASELINE_CLI, another build's analyze and supervise run in the
 * same rounds, and the notes give this build's times as ratios to it.
 */
import { contenderRows, inputReport, rssTargets } from '../lib/report.js';
import { logaAnalyze, logaSupervise, mawkReference, parseAwkOutput, parseLogaSummary, unavailableContender, wcFloor, type LogaSummary } from '../lib/contenders.js';
import { ensureInput } from '../lib/data.js';
import { noiseNote, runRounds, type ContenderResult } from '../lib/rounds.js';
import { load1, roundOptions, target, type Check, type Scenario, type Target } from '../lib/scenario.js';
import { BASELINE_CLI } from '../lib/paths.js';
import { GIB, ratio } from '../lib/stats.js';
import { setUpSupervise } from '../lib/supervise-probe.js';

const NAME = 'standard-1g';

/** Relative agreement demanded of means (loga sums integer µs, mawk doubles). */
const MEAN_TOLERANCE = 1e-6;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= MEAN_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

export function coreFigures(s: LogaSummary): Record<string, number> {
  return {
    lines: s.lines,
    entries: s.entries,
    errors: s.errors,
    requests: s.total_requests,
    avg_response_time: s.avg_response_time ?? 0,
    memory_mb_avg: s.resources.memory_mb?.avg ?? 0,
    cpu_pct_avg: s.resources.cpu_pct?.avg ?? 0,
    minutes: s.per_minute.length,
  };
}

/** 'entries 19245465, errors 387470, …, avg_response_time 117.073' */
function brief(f: Record<string, number>): string {
  return Object.entries(f)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`)
    .join(', ');
}

/** Differences between two sets of figures ('' when they agree). */
export function disagreements(a: Record<string, number>, b: Record<string, number>): string {
  const bad: string[] = [];
  for (const k of Object.keys(a)) if (!(k in b) || !close(a[k], b[k])) bad.push(`${k} ${a[k]} vs ${b[k]}`);
  return bad.join(', ');
}

export const scenario: Scenario = {
  name: NAME,
  title: 'loga analyze and loga supervise vs the mawk script and wc -l, 1 GiB standard',
  async run(ctx) {
    const input = await ensureInput({ format: 'standard', size: GIB }, ctx.log);
    const sup = await setUpSupervise();
    const files = [input.path];
    const contenders = [
      logaAnalyze(files),
      sup.ok ? logaSupervise(files, sup.nats.url, sup.nats.pid, { workers: 3 }) : unavailableContender('loga-supervise', 'loga supervise (3 workers, NATS)', 'loga', sup.reason),
      mawkReference(input.path),
      wcFloor(input.path),
    ];
    if (BASELINE_CLI !== undefined) {
      contenders.push(logaAnalyze(files, { cli: BASELINE_CLI, id: 'loga-analyze-baseline', label: 'loga analyze (baseline build)' }));
      contenders.push(
        sup.ok
          ? logaSupervise(files, sup.nats.url, sup.nats.pid, { workers: 3, cli: BASELINE_CLI, id: 'loga-supervise-baseline', label: 'loga supervise (3 workers, baseline build)' })
          : unavailableContender('loga-supervise-baseline', 'loga supervise (baseline build)', 'loga', sup.reason),
      );
    }
    const loadBefore = load1();
    let results: ContenderResult[];
    try {
      results = await runRounds(contenders, roundOptions(ctx), NAME);
    } finally {
      if (sup.ok) await sup.nats.stop();
    }
    const [analyze, supervise, mawk, wc, baseAnalyze, baseSupervise] = results;
    const rows = contenderRows(results, input.bytes);

    const targets: Target[] = [
      target(NAME, 'loga analyze ≥ 8× faster than the mawk script', ratio(mawk.seconds, analyze.seconds), '>=', 8, '×'),
      target(NAME, 'loga analyze ≤ 5× the wc -l floor', ratio(analyze.seconds, wc.seconds), '<=', 5, '×'),
      target(NAME, 'loga supervise (3 workers) ≤ 1.5× the embedded time', ratio(supervise.seconds, analyze.seconds), '<=', 1.5, '×', supervise.unavailable ? `unavailable: ${supervise.unavailable}` : supervise.error),
      ...rssTargets(NAME, analyze),
      ...rssTargets(NAME, supervise),
    ];

    const checks: Check[] = [];
    const notes: string[] = [];
    let logaFigures: Record<string, number> | undefined;
    if (analyze.stdout) {
      logaFigures = coreFigures(parseLogaSummary(analyze.stdout));
      if (mawk.stdout) {
        const awk = parseAwkOutput(mawk.stdout);
        const d = disagreements(logaFigures, { ...awk });
        checks.push({ what: 'mawk and loga analyze agree on lines, entries, errors, requests, mean response time, memory and cpu means, minutes', ok: d === '', detail: d || brief(logaFigures) });
      }
      if (wc.stdout) {
        const n = Number(wc.stdout.trim().split(/\s+/)[0]);
        checks.push({ what: 'loga lines = wc -l', ok: n === logaFigures.lines, detail: `${logaFigures.lines} vs ${n}` });
      }
      if (supervise.stdout) {
        const d = disagreements(logaFigures, coreFigures(parseLogaSummary(supervise.stdout)));
        checks.push({ what: 'loga supervise and loga analyze agree', ok: d === '', detail: d || 'same figures' });
      }
    }
    const natsRss = supervise.runs.flatMap((x) => x.procs.filter((p) => p.root !== x.pid).map((p) => (p.hwmKb * 1024) / 1e6));
    if (natsRss.length > 0) notes.push(`nats-server peak RSS ${Math.max(...natsRss).toFixed(0)} MB (JetStream, file store; not a loga process)`);
    if (baseAnalyze !== undefined && baseSupervise !== undefined) {
      const f = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '?' : `${x.toFixed(3)}×`);
      notes.push(
        `against the baseline build (${BASELINE_CLI}), same rounds: analyze ${f(ratio(analyze.seconds, baseAnalyze.seconds))} its time; ` +
          `supervise ${f(ratio(supervise.seconds, baseSupervise.seconds))} its time; supervise/analyze ${f(ratio(supervise.seconds, analyze.seconds))} (baseline ${f(ratio(baseSupervise.seconds, baseAnalyze.seconds))}); ` +
          `analyze/wc -l ${f(ratio(analyze.seconds, wc.seconds))} (baseline ${f(ratio(baseAnalyze.seconds, wc.seconds))})`,
      );
      if (analyze.stdout && baseAnalyze.stdout) {
        const d = disagreements(coreFigures(parseLogaSummary(analyze.stdout)), coreFigures(parseLogaSummary(baseAnalyze.stdout)));
        checks.push({ what: 'this build and the baseline build agree', ok: d === '', detail: d || 'same figures' });
      }
    }
    notes.push(noiseNote(results, loadBefore, load1()));

    return inputReport(input, 'standard', ctx.runs, rows, { targets, checks, notes }, { loga_figures: logaFigures });
  },
};
