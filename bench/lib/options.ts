/**
 * The benchmark's flags, each with an environment variable (flags win):
 *
 *   --only a,b        BENCH_ONLY      scenarios to run (names or prefixes; opt-in ones included when named)
 *   --skip a,b        BENCH_SKIP      scenarios to leave out
 *   --all             BENCH_ALL=1     also the opt-in scenarios
 *   --runs N          BENCH_RUNS      timed runs per contender after the warm-up run (default 3)
 *   --sizes LIST      BENCH_SIZES     scaling-size inputs (default 128mb,256mb,512mb,1gb,2gb,4gb)
 *   --max-size SIZE   BENCH_MAX_SIZE  leave out larger scaling inputs (e.g. 1gb: no 2 and 4 GiB files)
 *   --workers LIST    BENCH_WORKERS   scaling-workers counts (default 1,2,3,4)
 *   --micro-mb N      BENCH_MICRO_MB  parsers-micro buffer per format, MiB (default 64)
 *   --quiet-wait S    BENCH_QUIET_WAIT before each timed run, wait up to S seconds for the machine to go quiet (default 0)
 *   --out FILE        BENCH_OUT       also write the JSON report there
 *   --list                            list the scenarios and exit
 */
import { parseSizeLabel } from './stats.js';

export interface BenchOptions {
  only: string[];
  skip: string[];
  all: boolean;
  runs: number;
  sizes: number[];
  maxSize: number;
  workers: number[];
  microMb: number;
  /** Seconds to wait, at most, before each timed run for the rest of the machine to go quiet. */
  quietWait: number;
  out?: string;
  list: boolean;
  help: boolean;
}

export const DEFAULT_RUNS = 3;
export const DEFAULT_SIZES = '128mb,256mb,512mb,1gb,2gb,4gb';
export const DEFAULT_WORKERS = '1,2,3,4';
export const DEFAULT_MICRO_MB = 64;

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

function list(s: string | undefined): string[] {
  return (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function count(v: string, flag: string, min: number, maxv: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < min || n > maxv) throw new BenchUsageError(`${flag}: '${v}' must be a whole number from ${min} to ${maxv}`);
  return n;
}

function sizes(v: string, flag: string): number[] {
  try {
    return list(v).map(parseSizeLabel);
  } catch (e) {
    throw new BenchUsageError(`${flag}: ${(e as Error).message}`);
  }
}

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const flags = new Map<string, string>();
  const bools = new Set<string>();
  const valued = ['--only', '--skip', '--runs', '--sizes', '--max-size', '--workers', '--micro-mb', '--quiet-wait', '--out'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new BenchUsageError(`${name}: needs a value`);
      flags.set(name, v);
    } else if (['--all', '--list', '--help', '-h'].includes(a)) bools.add(a === '-h' ? '--help' : a);
    else throw new BenchUsageError(`unknown argument '${a}' (npm run bench -- --help)`);
  }
  const get = (flag: string, envName: string): string | undefined => flags.get(flag) ?? (env[envName] === '' ? undefined : env[envName]);
  const maxSizeText = get('--max-size', 'BENCH_MAX_SIZE');
  const maxSize = maxSizeText === undefined ? Infinity : sizes(maxSizeText, '--max-size')[0] ?? Infinity;
  const out = get('--out', 'BENCH_OUT');
  return {
    only: list(get('--only', 'BENCH_ONLY')),
    skip: list(get('--skip', 'BENCH_SKIP')),
    all: bools.has('--all') || env.BENCH_ALL === '1',
    runs: count(get('--runs', 'BENCH_RUNS') ?? String(DEFAULT_RUNS), '--runs', 1, 100),
    sizes: sizes(get('--sizes', 'BENCH_SIZES') ?? DEFAULT_SIZES, '--sizes').filter((s) => s <= maxSize),
    maxSize,
    workers: list(get('--workers', 'BENCH_WORKERS') ?? DEFAULT_WORKERS).map((w) => count(w, '--workers', 1, 64)),
    microMb: count(get('--micro-mb', 'BENCH_MICRO_MB') ?? String(DEFAULT_MICRO_MB), '--micro-mb', 1, 4096),
    quietWait: count(get('--quiet-wait', 'BENCH_QUIET_WAIT') ?? '0', '--quiet-wait', 0, 3600),
    out,
    list: bools.has('--list'),
    help: bools.has('--help'),
  };
}

export const USAGE = `npm run bench [-- options]     (or: node dist/bench/run.js [options] after npm run build)

  --only a,b        BENCH_ONLY      run only these scenarios (names or prefixes)
  --skip a,b        BENCH_SKIP      leave these out
  --all             BENCH_ALL=1     also the opt-in scenarios
  --runs N          BENCH_RUNS      timed runs per contender after one warm-up run (default ${DEFAULT_RUNS})
  --sizes LIST      BENCH_SIZES     scaling-size inputs (default ${DEFAULT_SIZES})
  --max-size SIZE   BENCH_MAX_SIZE  leave out larger scaling inputs (e.g. 1gb)
  --workers LIST    BENCH_WORKERS   scaling-workers worker counts (default ${DEFAULT_WORKERS})
  --micro-mb N      BENCH_MICRO_MB  parsers-micro buffer per format in MiB (default ${DEFAULT_MICRO_MB})
  --quiet-wait S    BENCH_QUIET_WAIT before each timed run, wait up to S s for the rest of the machine
                                    to use < 0.25 cores (default 0: do not wait)
  --out FILE        BENCH_OUT       also write the JSON report to FILE
  --list                            list the scenarios
`;
