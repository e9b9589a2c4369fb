/**
 * Contenders side by side: one untimed warm-up run of each (it also brings
 * the input into the page cache, so every contender reads from memory), then
 * `runs` timed rounds. Within a round each contender runs once, and the order
 * rotates from round to round, so a burst of load from elsewhere on the
 * machine spreads over the contenders instead of landing on one. Figures are
 * medians of the timed runs (seconds, CPU) or maxima (peak RSS: the worst
 * case is what a limit is about).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { busySeconds, failure, measure, type Cmd, type RunResult } from './measure.js';
import { max, median } from './stats.js';

export type ContenderKind = 'loga' | 'reference' | 'floor';

export interface Contender {
  id: string;
  label: string;
  kind: ContenderKind;
  /** The command of each run (a function when every run needs fresh arguments, e.g. an output file). */
  cmd: Cmd | (() => Cmd);
  /** Why it cannot run here (not installed, command missing…): reported, not run. */
  unavailable?: string;
  /** Validates a finished run (exit 0); returns what is wrong, if anything. */
  check?: (r: RunResult) => string | undefined;
  /** pids sampled along (their RSS is reported apart), e.g. nats-server. */
  watch?: readonly number[];
  timeoutMs?: number;
}

export interface ContenderResult {
  id: string;
  label: string;
  kind: ContenderKind;
  command?: string;
  unavailable?: string;
  /** The first failure (the contender is not run again after it). */
  error?: string;
  /** Timed runs, in order. */
  runs: RunResult[];
  /** Median wall-clock seconds of the timed runs. */
  seconds: number;
  /** Median CPU seconds (user + system, the whole tree). */
  cpuSeconds: number;
  /** Median CPU (in cores) the rest of the machine used during the timed runs. */
  otherCores: number;
  /** Largest process, MB, maximum over the runs (exact when /usr/bin/time is installed). */
  peakMb: number;
  /** The command's own process (loga: the supervisor), MB, maximum over the runs. */
  primaryMb: number;
  /** Its largest descendant (loga: a worker), MB, maximum over the runs. */
  childMaxMb: number;
  /** Most descendants seen in one run. */
  children: number;
  /** stdout of the last good run (for cross-checks of the figures). */
  stdout: string;
}

export interface RoundOptions {
  runs: number;
  log: (s: string) => void;
  /** Before each timed run, wait up to this many seconds for the rest of the machine to go quiet (0: do not wait). */
  quietWaitS?: number;
}

/** "Quiet": the rest of the machine busy on less than this many cores (over half a second). */
export const QUIET_CORES = 0.25;
const QUIET_SAMPLE_MS = 500;

/** Waits until the machine is quiet or maxS seconds passed; returns the seconds waited. */
export async function waitQuiet(maxS: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const b0 = busySeconds();
    await sleep(QUIET_SAMPLE_MS);
    const cores = (busySeconds() - b0) / (QUIET_SAMPLE_MS / 1000);
    const waited = (Date.now() - t0) / 1000;
    if (!(cores >= QUIET_CORES) || waited >= maxS) return waited;
  }
}

const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

/** Runs the contenders in alternating rounds; `name` prefixes the progress lines. */
export async function runRounds(contenders: readonly Contender[], opts: RoundOptions, name: string): Promise<ContenderResult[]> {
  const results = contenders.map<ContenderResult>((c) => ({
    id: c.id,
    label: c.label,
    kind: c.kind,
    unavailable: c.unavailable,
    runs: [],
    seconds: NaN,
    cpuSeconds: NaN,
    otherCores: NaN,
    peakMb: NaN,
    primaryMb: NaN,
    childMaxMb: NaN,
    children: 0,
    stdout: '',
  }));
  const live = (): number[] => contenders.map((_, i) => i).filter((i) => results[i].unavailable === undefined && results[i].error === undefined);
  const once = async (i: number, label: string, timed: boolean): Promise<void> => {
    const c = contenders[i];
    const r = results[i];
    const cmd = typeof c.cmd === 'function' ? c.cmd() : c.cmd;
    const waited = timed && opts.quietWaitS ? await waitQuiet(opts.quietWaitS) : 0;
    const run = await measure(cmd, { timeoutMs: c.timeoutMs ?? DEFAULT_TIMEOUT_MS, watch: c.watch });
    r.command = run.cmd;
    const bad = failure(run) ?? c.check?.(run);
    if (bad !== undefined) {
      r.error = bad;
      opts.log(`  ${name} ${label}: ${c.label} FAILED: ${bad}`);
      return;
    }
    r.stdout = run.stdout;
    if (timed) r.runs.push(run);
    const others = Number.isFinite(run.otherCores) ? `, ${run.otherCores.toFixed(2)} cores busy elsewhere` : '';
    const wait = waited >= 1 ? `, after waiting ${waited.toFixed(0)} s for quiet` : '';
    opts.log(`  ${name} ${label}: ${c.label} ${run.seconds.toFixed(3)} s${timed ? '' : ' (warm-up, not counted)'}${others}${wait}`);
  };
  for (const i of live()) await once(i, 'warm-up', false);
  for (let round = 0; round < opts.runs; round++) {
    const order = live();
    // rotate: round k starts with the k-th contender
    const rotated = order.map((_, j) => order[(j + round) % order.length]);
    for (const i of rotated) await once(i, `run ${round + 1}/${opts.runs}`, true);
  }
  for (const r of results) {
    if (r.runs.length === 0) continue;
    r.seconds = median(r.runs.map((x) => x.seconds));
    r.cpuSeconds = median(r.runs.map((x) => x.cpuSeconds));
    r.otherCores = median(r.runs.map((x) => x.otherCores));
    r.peakMb = max(r.runs.map((x) => x.peakMb));
    r.primaryMb = max(r.runs.map((x) => x.primaryMb));
    r.childMaxMb = max(r.runs.map((x) => x.childMaxMb));
    r.children = Math.max(...r.runs.map((x) => x.children));
  }
  return results;
}

/** What the report keeps of a contender (no stdout, no per-process lists). */
export function contenderJson(r: ContenderResult): Record<string, unknown> {
  return {
    id: r.id,
    label: r.label,
    kind: r.kind,
    command: r.command,
    unavailable: r.unavailable,
    error: r.error,
    seconds: r.seconds,
    runs_s: r.runs.map((x) => x.seconds),
    cpu_s: r.cpuSeconds,
    other_cores_runs: r.runs.map((x) => x.otherCores),
    peak_rss_mb: r.peakMb,
    primary_rss_mb: r.primaryMb,
    child_max_rss_mb: r.childMaxMb,
    children: r.children,
    processes: processes(r.runs.at(-1)),
  };
}

/** The processes of a run with their peak RSS (MB); `watched` marks those sampled along (nats-server). */
function processes(run: RunResult | undefined): Array<Record<string, unknown>> | undefined {
  return run?.procs.map((p) => ({ pid: p.pid, ppid: p.ppid, depth: p.depth, name: p.name, cmd: p.cmd, hwm_mb: round1((p.hwmKb * 1024) / 1e6), watched: p.root !== run.pid }));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * How much else ran on the machine during the timed runs: the CPU used by
 * other processes, in cores, over every timed run of every contender, and
 * the load average before / after. On 2 cores, 0.5 cores elsewhere already
 * slows a 2-worker run.
 */
export function noiseNote(results: readonly ContenderResult[], loadBefore: number, loadAfter: number): string {
  const o = results.flatMap((r) => r.runs.map((x) => x.otherCores)).filter((x) => Number.isFinite(x));
  const part = o.length > 0 ? `other processes used ${median(o).toFixed(2)} cores (median over the timed runs; max ${max(o).toFixed(2)}), ` : '';
  return `${part}load average ${loadBefore} before, ${loadAfter} after`;
}
