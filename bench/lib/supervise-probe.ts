/**
 * Can `loga supervise` run here? A nats-server must be installed and start,
 * and the command must exist in this build and finish a tiny job (the
 * acceptance vector) over it. Anything else is the reason the distributed
 * contender is reported unavailable instead of failing the benchmark.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findNatsServer, startNatsServer, type NatsServer } from './nats-server.js';
import { measure } from './measure.js';
import { CLI, ROOT } from './paths.js';

export type SuperviseSetup = { ok: true; nats: NatsServer } | { ok: false; reason: string };

const PROBE_FILE = join(ROOT, 'test_vectors', 'logs', 'normal.log');

export async function setUpSupervise(): Promise<SuperviseSetup> {
  const bin = findNatsServer();
  if (bin === null) return { ok: false, reason: 'nats-server is not installed (apt-get install nats-server, or NATS_SERVER_BIN)' };
  let nats: NatsServer;
  try {
    nats = await startNatsServer(bin);
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  if (!existsSync(PROBE_FILE)) return { ok: true, nats }; // nothing to probe with: the real run decides
  const r = await measure({ file: process.execPath, args: [CLI, 'supervise', PROBE_FILE, '--workers', '1', '--nats', nats.url, '--json', '--quiet'] }, { timeoutMs: 60_000 });
  if (r.exitCode === 0 && r.stdout.trim().startsWith('{')) return { ok: true, nats };
  await nats.stop();
  const why = r.timedOut ? 'a tiny job did not finish in 60 s' : r.stderrTail.trim().split('\n').slice(-2).join(' | ') || `exit ${r.exitCode}`;
  return { ok: false, reason: `loga supervise does not run in this build: ${why}` };
}
