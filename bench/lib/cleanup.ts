/**
 * Process groups and servers the benchmark started, ended on Ctrl-C or a
 * crash so nothing is left running. Only what we started: each is killed by
 * its own pid / process group.
 */
const groups = new Set<number>();
const hooks = new Set<() => void>();

export function track(pgid: number): void {
  groups.add(pgid);
}
export function untrack(pgid: number): void {
  groups.delete(pgid);
}
export function onCleanup(fn: () => void): () => void {
  hooks.add(fn);
  return () => hooks.delete(fn);
}

export function cleanupNow(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  groups.clear();
  for (const fn of hooks) {
    try {
      fn();
    } catch {
      // best effort
    }
  }
  hooks.clear();
}

let installed = false;
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping what it started\n`);
      cleanupNow();
      process.exit(130);
    });
  }
  process.on('exit', () => cleanupNow());
}
