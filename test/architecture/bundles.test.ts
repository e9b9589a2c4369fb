/**
 * The entry points of loga's processes are bundles (scripts/bundle.ts): a
 * process loads a handful of files before it runs, and `loga analyze` and a
 * local actor load no NATS client (what only `loga supervise` and `loga
 * worker` use, loaded by their dynamic imports). Read from the built files:
 * the static imports each entry file loads before its first line runs.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import test from 'ava';
import { ROOT } from './graph.js';

const STATIC = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** The files and the packages an entry loads through static imports. */
function staticClosure(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (files.includes(file)) return;
    files.push(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC)) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  walk(resolve(ROOT, entry));
  return { files, packages };
}

for (const entry of ['dist/src/cli.js', 'dist/src/actors/worker-main.js']) {
  test(`${entry} is a bundle: a few files before it runs, no NATS client`, (t) => {
    const { files, packages } = staticClosure(entry);
    // unbundled, the worker loaded 107 modules and the CLI's main 131
    t.true(files.length <= 20, `${files.length} files: ${files.map((f) => f.slice(ROOT.length + 1)).join(', ')}`);
    t.true(files.slice(1).every((f) => f.startsWith(resolve(ROOT, 'dist/src/bundle'))), 'shared code comes from dist/src/bundle/');
    t.deepEqual([...packages].filter((p) => p.includes('nats')), []);
  });
}

test('dist/src/actors/nats-worker-main.js is a bundle too', (t) => {
  const { files, packages } = staticClosure('dist/src/actors/nats-worker-main.js');
  t.true(files.length <= 20, `${files.length} files`);
  t.true([...packages].some((p) => p.startsWith('@nats-io/')), 'a NATS actor loads the client at once');
});
