/**
 * Run as a child process by test/e2e/worker-memory.test.ts: one worker actor
 * (the real runWorkerActor) serves a single lease of [0, end) of a file, and
 * the process reports its RSS before the lease and its peak (VmHWM) after.
 */
import { readFileSync } from 'node:fs';
import { runWorkerActor } from '../../src/actors/worker.js';
import { silentLogger } from '../../src/supervisor/runtime.js';
import type { WorkReply } from '../../src/protocol/messages.js';
import type { WorkerPort } from '../../src/transport/port.js';

function peakKb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const [path, endArg] = process.argv.slice(2);
const end = Number(endArg);
let leased = false;
let lines = 0;
const port: WorkerPort = {
  async request(): Promise<WorkReply> {
    if (leased) return { type: 'stop', job: 'mem' };
    leased = true;
    return { type: 'lease', job: 'mem', lease_ms: 60_000, chunk: { id: 0, path, file: 0, start: 0, end, attempt: 1, format: 'standard' } };
  },
  async publishResult(msg) {
    lines = msg.partial.lines;
  },
  async publishFailed(msg) {
    throw new Error(`chunk failed: ${msg.message}`);
  },
  heartbeat() {},
  async close() {},
};
const before = process.memoryUsage.rss() / 1024;
await runWorkerActor(port, { id: 'mem', log: silentLogger });
process.stdout.write(JSON.stringify({ beforeKb: before, peakKb: peakKb(), lines }) + '\n');
