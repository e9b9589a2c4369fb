/**
 * Run as a child process by test/e2e/worker-memory.test.ts: one worker actor
 * (the real runWorkerActor) serves a lease of [0, end) of a file — and, as the
 * supervisor would, a new lease for the rest each time the actor splits the
 * chunk — and the process reports its RSS before the first lease, its peak
 * (VmHWM) after, the lines counted and the leases served.
 */
import { readFileSync } from 'node:fs';
import { runWorkerActor, silentLogger, type WorkerPort, type WorkReply } from '../../src/internal.js';

function peakKb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const [path, endArg] = process.argv.slice(2);
const end = Number(endArg);
let next: number | null = 0;
let leases = 0;
let lines = 0;
const port: WorkerPort = {
  async request(): Promise<WorkReply> {
    if (next === null) return { type: 'stop', job: 'mem' };
    const start = next;
    next = null;
    return { type: 'lease', job: 'mem', lease_ms: 60_000, chunk: { id: leases++, path, file: 0, start, end, attempt: 1, format: 'standard', token: 'rss-probe-token-00000' } };
  },
  async publishResult(msg) {
    lines += msg.partial.lines;
    if (msg.split_at !== undefined) next = msg.split_at;
  },
  async publishFailed(msg) {
    throw new Error(`chunk failed: ${msg.message}`);
  },
  heartbeat() {},
  async close() {},
};
const before = process.memoryUsage.rss() / 1024;
await runWorkerActor(port, { id: 'mem', log: silentLogger });
process.stdout.write(JSON.stringify({ beforeKb: before, peakKb: peakKb(), lines, leases }) + '\n');
