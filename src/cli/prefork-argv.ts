/**
 * `loga analyze` forks its local actors first thing, from a quick look at
 * argv (src/transport/prefork.ts explains why), with the values the command line
 * will take: --workers and --log-level parsed by the same functions as the
 * option table's. Anything the command line will reject is left to it.
 */
import cluster from 'node:cluster';
import { prefork } from '../transport/prefork.js';
import { parseAnalyzeWorkers, parseLogLevel } from './values.js';

/** The value of `--name v` or `--name=v` in args, or undefined. */
function flagValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === name) return args[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/** Starts the actors `loga analyze` will ask for, when argv (as in process.argv) is such a command. */
export function preforkFromArgv(argv: readonly string[]): void {
  if (!cluster.isPrimary || argv[2] !== 'analyze') return;
  const args = argv.slice(3);
  if (args.length === 0 || args.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-v')) return;
  let workers: number;
  let level: string;
  try {
    workers = parseAnalyzeWorkers(flagValue(args, '--workers'));
    level = parseLogLevel(flagValue(args, '--log-level'), args.includes('--quiet'));
  } catch {
    return; // the command line reports it
  }
  prefork(workers, { LOGA_LOG_LEVEL: level });
}
