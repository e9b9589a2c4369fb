/**
 * Where things are. The benchmark runs compiled, from dist/bench/, so the
 * repository root is three levels above this module (dist/bench/lib/).
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The bench sources (bench/): the awk reference, data/ and results/ live here, not in dist/. */
export const BENCH_DIR = join(ROOT, 'bench');
/** Generated inputs, git-ignored. */
export const DATA_DIR = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : join(BENCH_DIR, 'data');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
/** The loga CLI measured; BENCH_CLI points at another build (e.g. a baseline checkout's dist/src/cli.js). */
export const CLI = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : join(ROOT, 'dist', 'src', 'cli.js');
/** Another build measured beside CLI in the same rounds (standard-1g): BENCH_BASELINE_CLI, e.g. the previous release's dist/src/cli.js. */
export const BASELINE_CLI = process.env.BENCH_BASELINE_CLI ? resolve(process.env.BENCH_BASELINE_CLI) : undefined;
/** The compiled generator: its parts (gen/), the format modules that choose a format's writer (formats/), and the runner (run/generate.js). */
export const GEN_DIST_FILES = (): string[] => {
  const src = join(ROOT, 'dist', 'src');
  const js = (dir: string): string[] =>
    readdirSync(join(src, dir), { recursive: true, encoding: 'utf8' })
      .filter((n) => n.endsWith('.js'))
      .sort()
      .map((n) => join(src, dir, n));
  return [...js('gen'), ...js('formats'), join(src, 'run', 'generate.js')];
};
export const AWK_SCRIPT = join(BENCH_DIR, 'reference.awk');
