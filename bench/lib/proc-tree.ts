/**
 * Peak RSS of every process of a process tree, by polling /proc (Linux).
 *
 * Every `intervalMs` the sampler reads /proc/<pid>/status of each process it
 * knows in the tree and keeps its VmHWM (the kernel's own peak resident set
 * of that process, so a spike between two polls is not missed as long as the
 * process is still alive at the next poll). Every `scanMs` it lists /proc to
 * find new descendants (cluster workers forked by the root, their children).
 * What a process reaches in its last `intervalMs` before it exits can be
 * missed: the figures are lower bounds, exact to within that window;
 * bench/lib/measure.ts adds the exact maximum from wait4() (`/usr/bin/time
 * -f %M`) for the largest process.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcPeak {
  pid: number;
  ppid: number;
  /** The root of the tree it was found under (the command, or a watched pid). */
  root: number;
  /** 0 for the root, 1 for its children… */
  depth: number;
  /** /proc/<pid>/status Name (comm, 15 chars). */
  name: string;
  /** First words of the command line (for the report). */
  cmd: string;
  /** Peak resident set, kB (VmHWM). */
  hwmKb: number;
}

/** /proc/<pid>/stat → ppid (the comm field may hold spaces and parentheses). */
export function parseStatPpid(stat: string): number {
  const close = stat.lastIndexOf(')');
  if (close < 0) return -1;
  const rest = stat.slice(close + 2).split(' ');
  return Number(rest[1]);
}

/** /proc/<pid>/status → { name, hwmKb } (hwmKb NaN for a zombie or a kernel thread). */
export function parseStatus(status: string): { name: string; hwmKb: number } {
  let name = '';
  let hwmKb = NaN;
  for (const line of status.split('\n')) {
    if (line.startsWith('Name:')) name = line.slice(5).trim();
    else if (line.startsWith('VmHWM:')) hwmKb = Number.parseInt(line.slice(6).trim(), 10);
  }
  return { name, hwmKb };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null; // exited between listing and reading
  }
}

export function procAvailable(): boolean {
  return readText('/proc/self/status') !== null;
}

export class ProcTreeSampler {
  /** pid → ppid of every process seen by the last scan. */
  private readonly parents = new Map<number, number>();
  private readonly peaks = new Map<number, ProcPeak>();
  private timer: NodeJS.Timeout | null = null;
  private lastScan = 0;
  private extra: number[] = [];

  constructor(
    private readonly root: number,
    private readonly intervalMs = 20,
    private readonly scanMs = 100,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  /** Also sample these pids and their trees (e.g. a server the contender talks to). */
  watch(pid: number): void {
    this.extra.push(pid);
  }

  /** Takes a last sample and returns every process seen, root first. */
  stop(): ProcPeak[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.tick(true);
    return [...this.peaks.values()].sort((a, b) => a.depth - b.depth || a.pid - b.pid);
  }

  private scan(): void {
    const alive = new Set<number>();
    let names: string[];
    try {
      names = readdirSync('/proc');
    } catch {
      return;
    }
    for (const n of names) {
      const c = n.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(n);
      alive.add(pid);
      if (this.parents.has(pid)) continue;
      const stat = readText(`/proc/${pid}/stat`);
      if (stat !== null) this.parents.set(pid, parseStatPpid(stat));
    }
    // Forget exited pids, so a reused pid is read afresh.
    for (const pid of this.parents.keys()) if (!alive.has(pid)) this.parents.delete(pid);
  }

  /** The tree under each root (root included) with depths. */
  private tree(): Map<number, { ppid: number; depth: number; root: number }> {
    const children = new Map<number, number[]>();
    for (const [pid, ppid] of this.parents) {
      const list = children.get(ppid);
      if (list) list.push(pid);
      else children.set(ppid, [pid]);
    }
    const out = new Map<number, { ppid: number; depth: number; root: number }>();
    for (const root of [this.root, ...this.extra]) {
      const queue: Array<[number, number]> = [[root, 0]];
      while (queue.length > 0) {
        const [pid, depth] = queue.shift()!;
        if (out.has(pid)) continue;
        out.set(pid, { ppid: this.parents.get(pid) ?? 0, depth, root });
        for (const c of children.get(pid) ?? []) queue.push([c, depth + 1]);
      }
    }
    return out;
  }

  private tick(forceScan = false): void {
    const now = Date.now();
    if (forceScan || now - this.lastScan >= this.scanMs) {
      this.scan();
      this.lastScan = now;
    }
    for (const [pid, { ppid, depth, root }] of this.tree()) {
      const status = readText(`/proc/${pid}/status`);
      if (status === null) continue;
      const { name, hwmKb } = parseStatus(status);
      if (!Number.isFinite(hwmKb)) continue;
      const known = this.peaks.get(pid);
      if (known) {
        if (hwmKb > known.hwmKb) known.hwmKb = hwmKb;
        continue;
      }
      const cmdline = readText(`/proc/${pid}/cmdline`) ?? '';
      const cmd = cmdline.split('\0').filter(Boolean).slice(0, 4).join(' ');
      this.peaks.set(pid, { pid, ppid, root, depth, name, cmd, hwmKb });
    }
  }
}
