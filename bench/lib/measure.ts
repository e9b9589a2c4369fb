/**
 * Runs one command and measures it: wall-clock seconds (spawn to exit), CPU
 * seconds and the exact peak RSS of the largest process of its tree (from
 * wait4(), via `/usr/bin/time -f '%M %U %S' -o FILE` when installed: Linux
 * reports the maximum over the process and every descendant it reaped), and
 * the peak RSS of each process of the tree (polled, see proc-tree.ts), so the
 * primary (loga's supervisor) and its workers can be told apart.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcTreeSampler, procAvailable, type ProcPeak } from './proc-tree.js';
import { track, untrack } from './cleanup.js';

export interface Cmd {
  file: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  cmd: string;
  /** pid of the spawned process (/usr/bin/time when it wraps the command). */
  pid: number;
  seconds: number;
  /** User + system CPU of the tree (processes reaped by their parents), when /usr/bin/time is there. */
  cpuSeconds: number;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  /** The last 4 KiB of stderr. */
  stderrTail: string;
  /** Exact peak RSS of the largest process (wait4), MB; else the polled maximum. */
  peakMb: number;
  /** Polled peak RSS of the primary process (the command itself), MB. */
  primaryMb: number;
  /** Polled peak RSS of the largest descendant of the primary (loga: a worker), MB; NaN when none. */
  childMaxMb: number;
  /** Descendants of the primary that were seen. */
  children: number;
  /**
   * CPU the rest of the machine used meanwhile, in cores (busy time of every
   * CPU from /proc/stat, minus the command's own CPU, ÷ wall seconds): how
   * much other work competed with this run. NaN without /proc or CPU seconds.
   */
  otherCores: number;
  /** Every process of the command's tree (and of the watched pids, root !== the command's pid). */
  procs: ProcPeak[];
}

const TIME_BIN = '/usr/bin/time';
const STDOUT_LIMIT = 64 * 1024 * 1024;
/** /proc and wait4 count RSS in KiB; the report uses decimal MB (the stricter reading of '100 MB'). */
const MB_PER_KIB = 1024 / 1e6;

let timeBin: string | null | undefined;
function findTime(): string | null {
  if (timeBin !== undefined) return timeBin;
  try {
    accessSync(TIME_BIN, constants.X_OK);
    timeBin = TIME_BIN;
  } catch {
    timeBin = null;
  }
  return timeBin;
}

export function cmdText(c: Cmd): string {
  return [c.file, ...c.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export interface MeasureOptions {
  timeoutMs?: number;
  /** Also sample these pids (and their trees), e.g. nats-server. */
  watch?: readonly number[];
}

export async function measure(c: Cmd, opts: MeasureOptions = {}): Promise<RunResult> {
  const time = findTime();
  const dir = time ? mkdtempSync(join(tmpdir(), 'loga-bench-')) : null;
  const timeOut = dir ? join(dir, 'time') : '';
  const [file, args] = time ? [time, ['-f', '%M %U %S', '-o', timeOut, c.file, ...c.args]] : [c.file, [...c.args]];
  const depth0 = time ? 1 : 0; // the depth of the command itself in the tree
  const busy0 = busySeconds();
  const t0 = process.hrtime.bigint();
  // detached: its own process group, so a timeout kills the whole tree
  const child = spawn(file, args, { cwd: c.cwd, env: c.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = child.pid;
  if (pid !== undefined) track(pid);
  const sampler = pid !== undefined && procAvailable() ? new ProcTreeSampler(pid) : null;
  for (const w of opts.watch ?? []) sampler?.watch(w);
  sampler?.start();
  const out: Buffer[] = [];
  let outBytes = 0;
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    if (outBytes < STDOUT_LIMIT) out.push(d);
    outBytes += d.length;
  });
  child.stderr.on('data', (d: Buffer) => {
    err = (err + d.toString('utf8')).slice(-4096);
  });
  let timedOut = false;
  const timer =
    opts.timeoutMs === undefined
      ? null
      : setTimeout(() => {
          timedOut = true;
          if (pid !== undefined) killGroup(pid);
        }, opts.timeoutMs);
  const { code, signal, t1 } = await new Promise<{ code: number | null; signal: string | null; t1: bigint }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, t1: process.hrtime.bigint() }));
  });
  if (timer) clearTimeout(timer);
  const busy1 = busySeconds();
  const procs = sampler?.stop() ?? [];
  if (pid !== undefined) untrack(pid);
  // stdio closes once every holder (children too) is gone; a straggler that
  // keeps the pipe open past 10 s is not waited for
  await new Promise<void>((resolve) => {
    if (child.stdout.readableEnded && child.stderr.readableEnded) return resolve();
    const t = setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      resolve();
    }, 10_000);
    child.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
  let exact = NaN;
  let cpu = NaN;
  if (dir) {
    try {
      // the file may start with 'Command exited with non-zero status N'
      const lines = readFileSync(timeOut, 'utf8').trim().split('\n');
      const [m, u, s] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
      exact = m * MB_PER_KIB;
      cpu = u + s;
    } catch {
      // killed before it wrote
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const own = procs.filter((p) => p.root === pid && p.depth >= depth0);
  const primary = own.find((p) => p.depth === depth0);
  const kids = own.filter((p) => p.depth > depth0);
  const seconds = Number(t1 - t0) / 1e9;
  const polledMax = Math.max(0, ...own.map((p) => p.hwmKb)) * MB_PER_KIB;
  return {
    cmd: cmdText(c),
    pid: pid ?? -1,
    seconds,
    cpuSeconds: cpu,
    otherCores: seconds > 0 ? Math.max(0, busy1 - busy0 - cpu) / seconds : NaN,
    exitCode: code,
    signal,
    timedOut,
    stdout: Buffer.concat(out).toString('utf8'),
    stderrTail: err,
    peakMb: Number.isFinite(exact) ? Math.max(exact, polledMax) : polledMax || NaN,
    primaryMb: primary ? primary.hwmKb * MB_PER_KIB : NaN,
    childMaxMb: kids.length > 0 ? Math.max(...kids.map((p) => p.hwmKb)) * MB_PER_KIB : NaN,
    children: kids.length,
    procs,
  };
}

/** USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture. */
const USER_HZ = 100;

/** Busy CPU seconds of the whole machine since boot (all CPUs; idle and iowait excluded); NaN without /proc. */
export function busySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0];
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / USER_HZ;
  } catch {
    return NaN;
  }
}

/** SIGKILL to the process group we started (detached: its pgid is its pid). */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/** A short reason for a failed run: exit status and the end of stderr. */
export function failure(r: RunResult): string | undefined {
  if (r.timedOut) return `timed out after ${r.seconds.toFixed(0)} s`;
  if (r.exitCode === 0) return undefined;
  const tail = r.stderrTail.trim().split('\n').slice(-3).join(' | ');
  return `${r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`}${tail ? `: ${tail}` : ''}`;
}
