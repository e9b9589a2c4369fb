/**
 * `npm run bench`: runs the scenarios in bench/scenarios/ (one per file),
 * prints a section per scenario and a summary of the targets as PASS/MISS,
 * and writes bench/results/latest.json. Flags and environment: see
 * bench/lib/options.ts or `npm run bench -- --help`; bench/README.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { installCleanup } from './lib/cleanup.js';
import { BenchUsageError, parseBenchOptions, USAGE, type BenchOptions } from './lib/options.js';
import { RESULTS_DIR, ROOT } from './lib/paths.js';
import { load1, renderChecks, renderTargets, type Scenario, type ScenarioReport } from './lib/scenario.js';
import { scenario as standard1g } from './scenarios/standard-1g.js';
import { scenario as json256m } from './scenarios/json-256m.js';
import { scenario as logfmt256m } from './scenarios/logfmt-256m.js';
import { scenario as nginx256m } from './scenarios/nginx-256m.js';
import { scenario as scalingSize } from './scenarios/scaling-size.js';
import { scenario as scalingWorkers } from './scenarios/scaling-workers.js';
import { scenario as memoryChunks } from './scenarios/memory-chunks.js';
import { scenario as parsersMicro } from './scenarios/parsers-micro.js';
import { scenario as catalogue } from './scenarios/catalogue.js';
import { scenario as gzip } from './scenarios/gzip.js';
import { scenario as followLag } from './scenarios/follow-lag.js';

/** In the order they run. */
export const SCENARIOS: readonly Scenario[] = [standard1g, json256m, logfmt256m, nginx256m, catalogue, gzip, followLag, scalingSize, scalingWorkers, memoryChunks, parsersMicro];

export function selectScenarios(o: BenchOptions): Scenario[] {
  const matches = (s: Scenario, names: string[]): boolean => names.some((n) => s.name === n || s.name.startsWith(n));
  for (const n of [...o.only, ...o.skip]) {
    if (!SCENARIOS.some((s) => matches(s, [n]))) throw new BenchUsageError(`no scenario '${n}'; --list shows them`);
  }
  return SCENARIOS.filter((s) => (o.only.length > 0 ? matches(s, o.only) : o.all || !s.optIn) && !matches(s, o.skip));
}

/** The commit being measured, read from .git without running git. */
function commit(): string | undefined {
  try {
    const head = readFileSync(join(ROOT, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    try {
      return readFileSync(join(ROOT, '.git', ref), 'utf8').trim();
    } catch {
      const packed = readFileSync(join(ROOT, '.git', 'packed-refs'), 'utf8');
      return packed.split('\n').find((l) => l.endsWith(` ${ref}`))?.split(' ')[0];
    }
  } catch {
    return undefined;
  }
}

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions;
  let chosen: Scenario[];
  try {
    options = parseBenchOptions(argv);
    chosen = selectScenarios(options);
  } catch (e) {
    if (e instanceof BenchUsageError) {
      process.stderr.write(`bench: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.list) {
    for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(16)} ${s.title}${s.optIn ? ' (opt-in)' : ''}\n`);
    return 0;
  }
  installCleanup();
  const started = new Date();
  const machine = {
    cpus: availableParallelism(),
    cpu_model: cpus()[0]?.model,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    arch: arch(),
    kernel: release(),
    node: process.version,
    load_at_start: load1(),
  };
  const head = commit();
  process.stdout.write(
    `loga benchmark — ${started.toISOString()}, commit ${head?.slice(0, 12) ?? 'unknown'}, node ${process.version}, ${machine.cpus} CPUs (${machine.cpu_model ?? '?'}), ${machine.memory_gib} GiB\n` +
      `scenarios: ${chosen.map((s) => s.name).join(', ')}; ${options.runs} timed runs per contender after a warm-up run\n\n`,
  );
  const reports: ScenarioReport[] = [];
  for (const s of chosen) {
    log(`[${s.name}] ${s.title}`);
    const t0 = Date.now();
    let report: ScenarioReport;
    try {
      const r = await s.run({ options, runs: options.runs, log });
      report = { name: s.name, title: s.title, ...r, data: { ...r.data, seconds: (Date.now() - t0) / 1000 } };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (!(e instanceof Error && e.name === 'InputUnavailable')) log(e instanceof Error && e.stack ? e.stack : reason);
      report = { name: s.name, title: s.title, text: `  unavailable: ${reason}\n`, unavailable: reason, targets: [], checks: [], notes: [], data: {} };
    }
    reports.push(report);
    process.stdout.write(`== ${s.name}: ${s.title}\n${report.text}\n`);
  }
  const targets = reports.flatMap((r) => r.targets);
  const checks = reports.flatMap((r) => r.checks);
  process.stdout.write(`== targets (this machine, this run)\n${renderTargets(targets) || '  (none measured)\n'}`);
  if (checks.length > 0) process.stdout.write(`== checks\n${renderChecks(checks)}`);
  const seconds = (Date.now() - started.getTime()) / 1000;
  const json = {
    schema: 1,
    started: started.toISOString(),
    seconds,
    commit: head,
    machine,
    options: { ...options, maxSize: Number.isFinite(options.maxSize) ? options.maxSize : null },
    targets,
    checks,
    scenarios: reports.map(({ text: _text, ...r }) => r),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const latest = join(RESULTS_DIR, 'latest.json');
  const body = JSON.stringify(json, null, 2) + '\n';
  writeFileSync(latest, body);
  if (options.out) writeFileSync(options.out, body);
  const miss = targets.filter((t) => t.status === 'MISS').length;
  const pass = targets.filter((t) => t.status === 'PASS').length;
  const na = targets.length - miss - pass;
  process.stdout.write(`\n${pass} PASS, ${miss} MISS, ${na} N/A; ${checks.filter((c) => !c.ok).length} failed checks; ${seconds.toFixed(0)} s; wrote ${latest}${options.out ? ` and ${options.out}` : ''}\n`);
  // A MISS is a finding, not a failure of the benchmark; a failed check (figures disagree) is.
  return checks.some((c) => !c.ok) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
