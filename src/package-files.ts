/**
 * Where this package's own files are: the actors' entry scripts, the
 * WebAssembly lanes, package.json. Paths are taken from the package root
 * (the nearest directory above this code with a package.json), not from the
 * module that asks: `npm run build` bundles each entry point into one file
 * (scripts/bundle.ts), so the same code runs from dist/src/cli.js, from
 * dist/src/actors/worker-main.js and from its own module, and a URL relative
 * to `import.meta.url` would point somewhere else in each.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(from: string): string {
  for (let dir = from; ; ) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`loga: no package.json above ${from}; is this a loga build?`);
    dir = up;
  }
}

/** The package's root directory. */
export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));
const DIST = join(PACKAGE_ROOT, 'dist', 'src');

export const PACKAGE_JSON = join(PACKAGE_ROOT, 'package.json');
/** The script of a local worker actor process (IPC). */
export const WORKER_MAIN = join(DIST, 'actors', 'worker-main.js');
/** The script of a NATS worker actor process started by `loga worker`. */
export const NATS_WORKER_MAIN = join(DIST, 'actors', 'nats-worker-main.js');

/** A WebAssembly lane module built by `npm run build:wasm`. */
export function wasmFile(name: string): string {
  return join(DIST, 'wasm', name);
}
