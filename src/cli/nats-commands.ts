/**
 * The distributed commands of the CLI (SPEC §1): `loga supervise <files...>`
 * and `loga worker`. Thin: each action parses its flags and calls the library
 * (supervise.ts, worker-node.ts). cli.ts imports this module, so what it needs
 * from cli.ts (emitSummary, exitStatusOf) is imported lazily in the action.
 */
import type { CAC, Command } from 'cac';
import { UsageError } from '../errors.js';
import { createLogger, LOG_LEVELS } from '../log.js';
import { DEFAULT_CHUNK_SIZE, MAX_WORKERS, parseCount, parseFormat, parseLogLevel, parseOutPath, parseSize } from './values.js';
import { FORMATS } from '../parsers/record.js';
import { progressBar } from '../report/progress.js';
import type { Summary } from '../supervisor/summary.js';
import { DEFAULT_NATS_URL, DEFAULT_PREFIX, natsOptions, type NatsOptions } from '../transport/nats/options.js';

type Flags = Record<string, unknown>;

/**
 * cac (mri) turns numeric-looking values into numbers ("0123" → 123): for
 * strings that must stay as typed (passwords, tokens, ids) the raw argument
 * is taken from argv.
 */
function str(flags: Flags, key: string, flag: string, argv: readonly string[] = process.argv): string | undefined {
  const v = flags[key];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return str({ [key]: v[v.length - 1] }, key, flag, argv);
  if (typeof v === 'number') {
    for (let i = argv.length - 1; i >= 0; i--) {
      const a = argv[i];
      if (a === flag && i + 1 < argv.length) return argv[i + 1];
      if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
    }
    return String(v);
  }
  if (typeof v !== 'string' || v === '') throw new UsageError(`${flag}: needs a value`);
  return v;
}

function withNatsOptions(cmd: Command): Command {
  return cmd
    .option('--nats <url>', `NATS server URL(s), comma-separated (env NATS_URL; default ${DEFAULT_NATS_URL})`)
    .option('--user <user>', 'NATS user (env NATS_USER; without a password it is a token, as with the nats CLI)')
    .option('--password <password>', 'NATS password (env NATS_PASSWORD)')
    .option('--token <token>', 'NATS token')
    .option('--creds <file>', 'NATS credentials file (env NATS_CREDS)')
    .option('--tls-ca <file>', 'TLS certificate authority (env NATS_CA)')
    .option('--tls-cert <file>', 'TLS client certificate (env NATS_CERT)')
    .option('--tls-key <file>', 'TLS client key (env NATS_KEY)')
    .option('--prefix <prefix>', `Prefix of the loga.* subjects (default ${DEFAULT_PREFIX})`)
    .option('--log-level <level>', `Diagnostics level on stderr: ${LOG_LEVELS.join(', ')} (default warn)`);
}

/** The connection settings of the flags, the environment filling the gaps. */
export function natsFlags(flags: Flags, argv: readonly string[] = process.argv): NatsOptions {
  return natsOptions({
    url: str(flags, 'nats', '--nats', argv),
    user: str(flags, 'user', '--user', argv),
    password: str(flags, 'password', '--password', argv),
    token: str(flags, 'token', '--token', argv),
    creds: str(flags, 'creds', '--creds', argv),
    tlsCa: str(flags, 'tlsCa', '--tls-ca', argv),
    tlsCert: str(flags, 'tlsCert', '--tls-cert', argv),
    tlsKey: str(flags, 'tlsKey', '--tls-key', argv),
  });
}

/** SIGINT/SIGTERM call `first` once; a second signal exits at once (130). */
function onSignals(first: () => void): () => void {
  let seen = false;
  const handler = (): void => {
    if (seen) process.exit(130);
    seen = true;
    first();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

export function registerNatsCommands(cli: CAC): void {
  withNatsOptions(
    cli
      .command('supervise <...files>', 'Analyze log files with workers over NATS JetStream (loga worker, anywhere)')
      .option('--format <format>', `Log format: auto, ${FORMATS.join(', ')}`, { default: 'auto' })
      .option('--json', 'Print the summary JSON on stdout (nothing else)')
      .option('--out <file>', 'Also write the summary JSON to a file')
      .option('--workers <n>', 'Local worker actors that join over NATS (default 0)')
      .option('--chunk-size <size>', 'Chunk size, e.g. 64kb, 32mb (default 32mb)')
      .option('--job <id>', 'Job id: names the subjects and consumer of this run (default generated)')
      .option('--quiet', 'No summary table and no progress bar (errors only on stderr)'),
  )
    .example('loga supervise app.log            # then, anywhere: loga worker --id bob')
    .example('loga supervise --workers 3 --json --nats nats://nats.example.internal:4222 logs/*.log')
    .action(async (files: string[], flags: Flags) => {
      const { emitSummary, exitStatusOf } = await import('./main.js');
      const { supervise } = await import('../run/distributed.js');
      const format = parseFormat(flags.format);
      const workers = flags.workers === undefined ? 0 : parseCount(flags.workers, '--workers', 0, MAX_WORKERS);
      const chunkSize = flags.chunkSize === undefined ? DEFAULT_CHUNK_SIZE : parseSize(flags.chunkSize, '--chunk-size');
      const level = parseLogLevel(flags);
      parseOutPath(flags.out);
      const nats = natsFlags(flags);
      const log = createLogger({ level });
      const bar = progressBar(!flags.quiet);
      const abort = new AbortController();
      const off = onSignals(() => abort.abort());
      let summary: Summary;
      try {
        summary = await supervise({
          files,
          format,
          workers,
          chunkSize,
          job: str(flags, 'job', '--job'),
          prefix: str(flags, 'prefix', '--prefix'),
          nats,
          log,
          workerLogLevel: level,
          signal: abort.signal,
          onProgress: (p, note) => bar.update(p, note),
        });
      } finally {
        bar.stop();
        off();
      }
      emitSummary(summary, flags);
      process.exitCode = exitStatusOf(summary);
    });

  withNatsOptions(
    cli
      .command('worker', 'Serve supervisors over NATS until stopped (SIGINT/SIGTERM drain)')
      .option('--id <id>', 'Worker id, unique on the NATS server (default <host>-<pid>)')
      .option('--concurrency <n>', 'Actor processes under this worker (default 1)')
      .option('--allow <dir>', 'A root it may read (repeatable; default the working directory); other chunks are shipped over NATS')
      .option('--quiet', 'No start-up line (errors only on stderr)'),
  )
    .example('loga worker --id bob')
    .example('loga worker --id bob --concurrency 4 --allow /var/log --nats nats://nats.example.internal:4222')
    .action(async (flags: Flags) => {
      const { startWorker } = await import('../run/worker-node.js');
      const concurrency = flags.concurrency === undefined ? 1 : parseCount(flags.concurrency, '--concurrency', 1, MAX_WORKERS);
      const level = parseLogLevel(flags);
      const allowRaw = flags.allow === undefined ? undefined : (Array.isArray(flags.allow) ? flags.allow : [flags.allow]).map(String);
      if (allowRaw !== undefined && allowRaw.some((d) => d === '' || d === 'true')) throw new UsageError('--allow: needs a directory');
      const nats = natsFlags(flags);
      const log = createLogger({ level });
      const node = await startWorker({ id: str(flags, 'id', '--id'), prefix: str(flags, 'prefix', '--prefix'), concurrency, allow: allowRaw, nats, log, actorLogLevel: level });
      if (!flags.quiet) {
        process.stderr.write(
          `loga worker ${node.id}: serving supervisors on ${nats.url} (${node.actorIds.length} actor${node.actorIds.length === 1 ? '' : 's'}); Ctrl-C drains and stops\n`,
        );
      }
      await new Promise<void>((resolve, reject) => {
        const off = onSignals(() => {
          log.info({ id: node.id }, 'draining: finishing the current chunks');
          void node.stop().then(() => {
            off();
            resolve();
          });
        });
        node.done.catch((err: unknown) => {
          off();
          reject(err);
        });
      });
    });
}
