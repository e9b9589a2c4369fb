/**
 * The import graph of loga's sources, read from the TypeScript files
 * themselves (static imports and re-exports, `import type` included, and
 * dynamic `import('...')`): what the architecture tests check.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The repository root: the tests run from dist/test/architecture/. */
export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../../..');

export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative specifiers a file imports (comments stripped first). */
export function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(SPECIFIER)) {
    const s = m[1] ?? m[2] ?? m[3];
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** Repository-relative path of the .ts file a relative `.js` specifier names, or null (a package, a generated .js, a .wasm). */
export function resolveSpecifier(fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const abs = resolve(dirname(fromFile), spec);
  const ts = abs.endsWith('.js') ? abs.slice(0, -3) + '.ts' : abs;
  try {
    if (!statSync(ts).isFile()) return null;
  } catch {
    return null;
  }
  return relative(ROOT, ts);
}

/** file → the files it imports (repository-relative paths). */
export function importGraph(dirs: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const d of dirs) {
    for (const f of tsFiles(join(ROOT, d))) {
      const deps = specifiers(readFileSync(f, 'utf8'))
        .map((s) => resolveSpecifier(f, s))
        .filter((x): x is string => x !== null);
      graph.set(relative(ROOT, f), [...new Set(deps)]);
    }
  }
  return graph;
}

/** The strongly connected components with more than one node, or a node importing itself (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** The files at src/'s root that sit above every folder: the executable and the two API modules. */
export const ENTRY_FILES = ['src/cli.ts', 'src/index.ts', 'src/internal.ts'];

/**
 * The folder of a source file under src/ ('src/scan/lane.ts' → 'scan'). The
 * root's files are two layers: 'entry' (ENTRY_FILES, above every folder) and
 * 'base' (defaults, errors, log: below every folder).
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length > 2) return parts[1];
  return ENTRY_FILES.includes(file) ? 'entry' : 'base';
}

/** folder → the folders its files import (itself left out). */
export function folderGraph(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const [f, deps] of graph) {
    const a = folderOf(f);
    const set = out.get(a) ?? new Set<string>();
    for (const d of deps) if (d.startsWith('src/') && folderOf(d) !== a) set.add(folderOf(d));
    out.set(a, set);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}
