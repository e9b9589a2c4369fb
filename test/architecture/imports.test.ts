/**
 * The architecture, as tests: no import cycle in src/, folders that form
 * layers (no folder reaches back into one that imports it), the rules the
 * layers exist for, and tests that reach loga only through its two API
 * modules (src/index.ts, src/internal.ts).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cycles, ENTRY_FILES, folderGraph, folderOf, importGraph, ROOT, specifiers, tsFiles } from './graph.js';

const graph = importGraph(['src']);
const folders = folderGraph(graph);

/** The imports of files under `from` that land in one of `banned` (folder names). */
function crossings(from: string, banned: readonly string[]): string[] {
  const out: string[] = [];
  for (const [f, deps] of graph) {
    if (folderOf(f) !== from) continue;
    for (const d of deps) if (banned.includes(folderOf(d))) out.push(`${f} → ${d}`);
  }
  return out;
}

test('the graph reads every source file and its imports', (t) => {
  t.true(graph.size > 80, `${graph.size} files`);
  t.deepEqual(graph.get('src/run/embedded.ts')?.includes('src/run/job-runner.ts'), true);
  // dynamic imports count: the format modules load their generators lazily
  t.true(graph.get('src/formats/standard.ts')?.includes('src/gen/lines.ts'));
  // type-only imports count too
  t.true(graph.get('src/protocol/messages.ts')?.includes('src/formats/format.ts'));
});

test('no import cycle between the files of src/', (t) => {
  t.deepEqual(cycles(graph), []);
});

test('the folders of src/ form layers: no cycle between folders', (t) => {
  t.deepEqual(cycles(folders), [], JSON.stringify(Object.fromEntries(folders)));
});

test('src/parsers imports nothing outside src/parsers (no metrics, scan, run)', (t) => {
  t.deepEqual(crossings('parsers', [...folders.keys()].filter((f) => f !== 'parsers')), []);
});

test('src/transport imports nothing from src/run or src/cli', (t) => {
  t.deepEqual(crossings('transport', ['run', 'cli', 'entry']), []);
});

test('the core knows no command line: only the entry files import src/cli', (t) => {
  for (const folder of folders.keys()) if (folder !== 'cli' && folder !== 'entry') t.deepEqual(crossings(folder, ['cli']), [], folder);
});

test('actors and scanners know no transport beyond the ports, and no run mode', (t) => {
  t.deepEqual(crossings('scan', ['transport', 'run', 'cli', 'actors', 'supervisor']), []);
  t.deepEqual(crossings('formats', ['scan', 'run', 'cli', 'transport', 'actors', 'supervisor', 'metrics']), []);
  t.deepEqual(crossings('actors', ['run', 'cli']), []);
});

test('tests reach loga only through src/index.ts and src/internal.ts', (t) => {
  const deep: string[] = [];
  for (const f of tsFiles(join(ROOT, 'test'))) {
    for (const s of specifiers(readFileSync(f, 'utf8'))) {
      const m = /(?:^|\/)src\/(.+)$/.exec(s);
      if (m !== null && s.startsWith('.') && m[1] !== 'index.js' && m[1] !== 'internal.js') deep.push(`${f.slice(ROOT.length + 1)}: ${s}`);
    }
  }
  t.deepEqual(deep, []);
});

test("the README's Design section names every folder of src/ with what it holds", (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const design = readme.slice(readme.indexOf('## Design'));
  for (const folder of folders.keys()) {
    if (folder === 'entry' || folder === 'base') continue;
    t.regex(design, new RegExp(`\\n\\s*${folder}/\\s+\\S`), `src/${folder}/ is not described`);
  }
  for (const f of ENTRY_FILES) t.true(design.includes(f.slice(4)), `${f} is not described`);
});
