/**
 * The shape shared by the per-format scenarios (json-256m, logfmt-256m,
 * nginx-256m): one generated input, `loga analyze` against `wc -l` and the
 * scenario's references, the MB/s target (SPEC issue: ≥ 300 MB/s embedded),
 * and the check that loga read every line wc counted.
 */
import { contenderRows, inputReport, type ContenderRow } from './report.js';
import { logaAnalyze, parseLogaSummary, wcFloor, type LogaSummary } from './contenders.js';
import { ensureInput, type GenFormat, type Input } from './data.js';
import { noiseNote, runRounds, type Contender, type ContenderResult } from './rounds.js';
import { load1, roundOptions, target, type BenchContext, type Check, type ScenarioReport, type Target } from './scenario.js';

export const MIN_MB_S = 300;

export interface ThroughputSpec {
  name: string;
  format: GenFormat;
  size: number;
  /** References run side by side with loga (built once the input exists). */
  references?: (input: Input) => Contender[];
  /** Further targets and checks from the results. */
  judge?: (x: { input: Input; results: ContenderResult[]; rows: ContenderRow[]; loga?: LogaSummary }) => { targets?: Target[]; checks?: Check[]; notes?: string[] };
}

export async function runThroughput(ctx: BenchContext, spec: ThroughputSpec): Promise<Omit<ScenarioReport, 'name' | 'title'>> {
  const input = await ensureInput({ format: spec.format, size: spec.size }, ctx.log);
  const contenders = [logaAnalyze([input.path]), ...(spec.references?.(input) ?? []), wcFloor(input.path)];
  const loadBefore = load1();
  const results = await runRounds(contenders, roundOptions(ctx), spec.name);
  const rows = contenderRows(results, input.bytes);
  const analyze = rows[0];
  const wc = results[results.length - 1];
  const loga = analyze.r.stdout ? parseLogaSummary(analyze.r.stdout) : undefined;
  const targets: Target[] = [target(spec.name, `loga analyze on ${spec.format} ≥ ${MIN_MB_S} MB/s`, analyze.mbS, '>=', MIN_MB_S, ' MB/s')];
  const checks: Check[] = [];
  const notes: string[] = [];
  if (loga && wc.stdout) {
    const n = Number(wc.stdout.trim().split(/\s+/)[0]);
    checks.push({ what: 'loga lines = wc -l', ok: n === loga.lines, detail: `${loga.lines} vs ${n}` });
    checks.push({ what: 'every line an entry (the input has no malformed line)', ok: loga.entries === loga.lines, detail: `${loga.entries} of ${loga.lines}` });
  }
  const more = spec.judge?.({ input, results, rows, loga }) ?? {};
  targets.push(...(more.targets ?? []));
  checks.push(...(more.checks ?? []));
  notes.push(...(more.notes ?? []));
  notes.push(noiseNote(results, loadBefore, load1()));
  return inputReport(input, spec.format, ctx.runs, rows, { targets, checks, notes });
}
