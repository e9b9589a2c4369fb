/**
 * The `loga` command line: a thin cac front over the library (src/index.ts).
 * Each action parses its flags, calls the library, and one catch turns an
 * error into a message and an exit status (SPEC §1). The executable entry is
 * src/cli.ts.
 */
import { writeFileSync } from 'node:fs';
import { cac, type CAC } from 'cac';
import { analyze } from '../run/embedded.js';
import { exitCodeOf, UsageError } from '../errors.js';
import { defaultGenOptions } from '../gen/options.js';
import { createLogger, LOG_LEVELS } from '../log.js';
import { DEFAULT_CHUNK_SIZE, defaultWorkers, MAX_WORKERS, parseCount, parseFormat, parseLogLevel, parseOutPath, parseRatio, parseSize } from './values.js';
import { progressBar } from '../report/progress.js';
import { renderSummary } from '../report/table.js';
import { registerNatsCommands } from './nats-commands.js';
import type { Summary } from '../supervisor/summary.js';
import { FORMATS } from '../parsers/record.js';

type Flags = Record<string, unknown>;

/** Writes the summary as the flags ask: JSON or the table on stdout, and --out. */
export function emitSummary(summary: Summary, flags: Flags): void {
  const json = JSON.stringify(summary, null, 2) + '\n';
  if (typeof flags.out === 'string') writeFileSync(flags.out, json);
  if (flags.json) process.stdout.write(json);
  else if (!flags.quiet) process.stdout.write(renderSummary(summary));
}

/** The exit status of a finished run: 3 when some chunks failed. */
export function exitStatusOf(summary: Summary): number {
  return summary.chunks.failed > 0 ? 3 : 0;
}

export function buildCli(): CAC {
  const cli = cac('loga');

  cli
    .command('analyze <...files>', 'Analyze log files on this machine (supervisor + local worker actors over IPC)')
    .option('--format <format>', `Log format: auto, ${FORMATS.join(', ')}`, { default: 'auto' })
    .option('--json', 'Print the summary JSON on stdout (nothing else)')
    .option('--out <file>', 'Also write the summary JSON to a file')
    .option('--workers <n>', 'Local worker actors (default: CPU count)')
    .option('--chunk-size <size>', 'Chunk size, e.g. 64kb, 32mb (default 32mb)')
    .option('--log-level <level>', `Diagnostics level on stderr: ${LOG_LEVELS.join(', ')} (default warn)`)
    .option('--quiet', 'No summary table and no progress bar (errors only on stderr)')
    .example('loga analyze app.log')
    .example("loga analyze --json --workers 4 'logs/*.log'")
    .action(async (files: string[], flags: Flags) => {
      const format = parseFormat(flags.format);
      const workers = flags.workers === undefined ? defaultWorkers() : parseCount(flags.workers, '--workers', 1, MAX_WORKERS);
      const chunkSize = flags.chunkSize === undefined ? DEFAULT_CHUNK_SIZE : parseSize(flags.chunkSize, '--chunk-size');
      const level = parseLogLevel(flags);
      parseOutPath(flags.out);
      const log = createLogger({ level });
      const bar = progressBar(!flags.quiet);
      let summary: Summary | undefined;
      // printed as soon as the job is done (onSummary), before the actors have exited
      const done = (s: Summary): void => {
        if (summary !== undefined) return;
        summary = s;
        bar.stop();
        emitSummary(s, flags);
      };
      try {
        done(await analyze({ files, format, workers, chunkSize, log, workerLogLevel: level, onProgress: (p) => bar.update(p), onSummary: done }));
      } finally {
        bar.stop();
      }
      process.exitCode = exitStatusOf(summary as Summary);
    });

  registerNatsCommands(cli);

  cli
    .command('gen <out>', 'Write a deterministic test log')
    .option('--size <size>', 'Target size, e.g. 100mb, 1gb (default 100mb)')
    .option('--format <format>', `Format: ${FORMATS.join(', ')}`, { default: 'standard' })
    .option('--rps <n>', 'Requests per second of log time', { default: defaultGenOptions().rps })
    .option('--error-ratio <x>', 'Fraction of ERROR entries (0..1)', { default: defaultGenOptions().errorRatio })
    .option('--malformed <x>', 'Fraction of malformed lines (0..1)', { default: 0 })
    .option('--seed <n>', 'Random seed (same seed, same bytes)', { default: defaultGenOptions().seed })
    .example('loga gen app.log --size 1gb --seed 7')
    .action(async (out: string, flags: Flags) => {
      parseOutPath(out, 'gen OUT');
      const format = parseFormat(flags.format);
      if (format === 'auto') throw new UsageError(`--format: gen needs a concrete format: ${FORMATS.join(', ')}`);
      const size = flags.size === undefined ? defaultGenOptions().size : parseSize(flags.size, '--size');
      const rps = parseCount(flags.rps, '--rps', 1, 10_000_000);
      const seed = parseCount(flags.seed, '--seed', 0, 2 ** 32 - 1);
      const errorRatio = parseRatio(flags.errorRatio, '--error-ratio');
      const malformed = parseRatio(flags.malformed, '--malformed');
      const t0 = Date.now();
      // loaded here: the generator precomputes tables other commands do not need
      const { generate } = await import('../gen/generate.js');
      const r = await generate({ out, size, format, seed, rps, errorRatio, malformed });
      const s = (Date.now() - t0) / 1000;
      process.stderr.write(`wrote ${out}: ${r.bytes} bytes, ${r.lines} lines in ${s.toFixed(2)} s (${(r.bytes / 1e6 / s).toFixed(0)} MB/s)\n`);
    });

  cli.help();
  cli.version('0.1.0');
  return cli;
}

export async function main(argv: string[]): Promise<number> {
  const cli = buildCli();
  try {
    cli.parse(argv, { run: false });
    if (cli.matchedCommand === undefined) {
      if (cli.options.help || cli.options.version) return 0;
      const name = cli.args[0];
      throw new UsageError(name === undefined ? 'no command; try: loga analyze <files...>  (loga --help lists the commands)' : `unknown command '${name}'; loga --help lists the commands`);
    }
    await cli.runMatchedCommand();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const code = (err as Error)?.name === 'CACError' ? 2 : exitCodeOf(err);
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`loga: ${msg}\n`);
    if (code === 1 && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return code;
  }
}
