/**
 * A private `nats-server -js` for the distributed scenario: a free loopback
 * port, a temporary store dir (`-sd`), started before the runs and stopped
 * (its dir removed) after them. Only the server this module started is
 * stopped, by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCleanup } from './cleanup.js';
import { which } from './which.js';

export interface NatsServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function findNatsServer(): string | null {
  return which(process.env.NATS_SERVER_BIN ?? 'nats-server', ['/usr/sbin', '/usr/local/sbin']);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** True once a client gets the server's INFO line. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, 500);
    sock.once('data', (d) => {
      clearTimeout(t);
      sock.destroy();
      resolve(d.toString().startsWith('INFO'));
    });
    sock.once('error', () => {
      clearTimeout(t);
      resolve(false);
    });
  });
}

export async function startNatsServer(bin: string): Promise<NatsServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'loga-bench-nats-'));
  const proc: ChildProcess = spawn(bin, ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const kill = (): void => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const off = onCleanup(kill);
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) break;
    if (await answers(port)) {
      return {
        url: `nats://127.0.0.1:${port}`,
        pid: proc.pid!,
        async stop() {
          off();
          if (proc.exitCode === null && proc.signalCode === null) {
            const gone = new Promise((r) => proc.once('exit', r));
            proc.kill('SIGTERM');
            await Promise.race([gone, sleep(5000)]);
          }
          kill();
        },
      };
    }
    await sleep(100);
  }
  off();
  kill();
  throw new Error(`nats-server did not start on port ${port}: ${err.trim().split('\n').slice(-2).join(' | ') || 'no answer in 10 s'}`);
}
