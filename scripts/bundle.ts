/**
 * Build step, after tsc, the lanes and the validators: bundles each entry
 * point of a loga process (the CLI and the two actor scripts) into one file,
 * written over tsc's output of that entry, so `node dist/src/cli.js` and the
 * forked actors load one module instead of a hundred. Measured on this 2-core
 * machine: importing the worker actor's modules took 66 ms (107 files, ESM
 * resolution, reads and compiles) and its bundle 17 ms; each `loga analyze`
 * pays that once in the supervisor and once in every actor. The other modules
 * under dist/ stay as tsc wrote them (the library API, the tests). Packages
 * stay outside the bundles, loaded from node_modules as before; code the
 * entries share, and what a dynamic import loads, goes to dist/src/bundle/.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const DIST_SRC = fileURLToPath(new URL('../src/', import.meta.url));
const ENTRIES = ['cli.js', 'actors/worker-main.js', 'actors/nats-worker-main.js'];

await build({
  entryPoints: ENTRIES.map((e) => DIST_SRC + e),
  outdir: DIST_SRC,
  outbase: DIST_SRC,
  allowOverwrite: true,
  bundle: true,
  // a dynamic import stays a separate file, loaded when it runs: without
  // this, `loga analyze` loaded the NATS client that only `loga supervise`
  // uses, and forked its actors only after
  splitting: true,
  chunkNames: 'bundle/[name]-[hash]',
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
