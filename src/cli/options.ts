/**
 * The option table: every flag of every command, once. cac's options, their
 * validation and the help text (defaults included, read from src/defaults.ts)
 * are all built from these entries; a command lists the entries it takes
 * (src/cli/<command>.ts) and gets their parsed values, typed.
 */
import {
  DEFAULT_CHUNK_SIZE,
  DEFAULT_CONCURRENCY,
  DEFAULT_LOG_LEVEL,
  DEFAULT_NATS_URL,
  DEFAULT_PREFIX,
  DEFAULT_SUPERVISE_WORKERS,
  MAX_WORKERS,
} from '../defaults.js';
import { UsageError } from '../errors.js';
import { formats } from '../formats/registry.js';
import { defaultGenOptions } from '../gen/options.js';
import { LOG_LEVELS } from '../log.js';
import { formatFilesFromEnv, loadFormatFiles } from '../run/format-files.js';
import { checkPrefix, checkToken } from '../transport/nats/options.js';
import { formatSize, parseAnalyzeWorkers, parseCount, parseLogLevel, parseOutPath, parseRatio, parseSize } from './values.js';

/** What an option's parser sees: the value cac read (undefined when absent), every flag, and argv. */
export interface RawValue {
  value: unknown;
  flags: Readonly<Record<string, unknown>>;
  argv: readonly string[];
}

export interface OptionSpec<K extends string = string, T = unknown> {
  /** The key of the parsed value (cac's camelCase of the flag). */
  readonly key: K;
  /** cac's syntax: `--chunk-size <size>`, `--json`. */
  readonly flag: string;
  readonly description: string;
  /** Shown in the help as `(default X)`. */
  readonly defaultText?: string;
  /** The typed value; throws a UsageError naming the flag. */
  parse(raw: RawValue): T;
}

/** The parsed values of a list of options, by key. */
export type ParsedOptions<L extends readonly OptionSpec[]> = { [O in L[number] as O['key']]: ReturnType<O['parse']> };

/** The flag's name alone: `--chunk-size`. */
export function flagName(o: Pick<OptionSpec, 'flag'>): string {
  return o.flag.split(' ')[0];
}

function option<K extends string, T>(spec: OptionSpec<K, T>): OptionSpec<K, T> {
  return spec;
}

/**
 * A string flag as typed. cac (mri) turns numeric-looking values into numbers
 * ("0123" → 123): for strings that must stay as typed (passwords, tokens, ids)
 * the raw argument is taken from argv; a repeated flag gives its last value.
 */
export function stringValue(raw: RawValue, flag: string): string | undefined {
  const v = Array.isArray(raw.value) ? raw.value[raw.value.length - 1] : raw.value;
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    for (let i = raw.argv.length - 1; i >= 0; i--) {
      const a = raw.argv[i];
      if (a === flag && i + 1 < raw.argv.length) return raw.argv[i + 1];
      if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
    }
    return String(v);
  }
  if (typeof v !== 'string' || v === '') throw new UsageError(`${flag}: needs a value`);
  return v;
}

function boolean<K extends string>(key: K, flag: string, description: string): OptionSpec<K, boolean> {
  return option({ key, flag, description, parse: ({ value }) => value === true || value === 'true' });
}

function text<K extends string>(key: K, flag: string, description: string, check: (v: string) => string = (v) => v): OptionSpec<K, string | undefined> {
  const name = flag.split(' ')[0];
  return option({
    key,
    flag,
    description,
    parse: (raw) => {
      const v = stringValue(raw, name);
      return v === undefined ? undefined : check(v);
    },
  });
}

/** A valued flag: `fallback` when absent (shown as defaultText), else `read(value, '--flag')`. */
function valued<K extends string, T>(key: K, flag: string, description: string, fallback: T, defaultText: string, read: (value: unknown, name: string) => T): OptionSpec<K, T> {
  const name = flag.split(' ')[0];
  return option({ key, flag, description, defaultText, parse: ({ value }) => (value === undefined ? fallback : read(value, name)) });
}

/** A count of actors: a whole number from min to MAX_WORKERS. */
function count<K extends string>(key: K, flag: string, description: string, min: number, fallback: number): OptionSpec<K, number> {
  return valued(key, flag, description, fallback, String(fallback), (v, name) => parseCount(v, name, min, MAX_WORKERS));
}

/**
 * `auto`, a registered format's name (the --format-file definitions
 * included: that option is parsed first), or a `prefix:...` value of the
 * registry (`template:`, `nginx:`, `apache:`), which is kept as typed.
 */
export function parseFormat(value: unknown): string {
  const raw = String(value ?? 'auto');
  const s = raw.toLowerCase();
  if (s === 'auto' || formats.get(s) !== undefined) return s;
  if (formats.fromSpec(raw) !== undefined) return raw; // throws, saying what is wrong with the body
  const prefixes = formats.specPrefixes().map((p) => `${p}:...`);
  throw new UsageError(
    `--format: '${raw}' is not a format; use one of auto, ${formats.names().join(', ')}${prefixes.length > 0 ? `, ${prefixes.join(', ')}` : ''}, or define it in a --format-file`,
  );
}

// ---- what analyze and supervise share
/**
 * Listed before --format in every command, so that its definitions are in
 * the registry when --format is checked (the options are parsed in their
 * list's order) and when the inputs' formats are resolved.
 */
export const formatFile = option({
  key: 'formatFile',
  flag: '--format-file <file>',
  description: 'User-defined formats: a JSON file of definitions (template or regex, time layout, levels, samples; repeatable; also every *.json in $LOGA_FORMATS)',
  parse: ({ value }) => {
    const files = value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
    if (files.some((f) => f === '' || f === 'true')) throw new UsageError('--format-file: needs a file');
    return loadFormatFiles([...formatFilesFromEnv(), ...files]);
  },
});
export const format = option({
  key: 'format',
  flag: '--format <format>',
  get description() {
    const prefixes = formats.specPrefixes().map((p) => `${p}:...`);
    return `Log format: auto (detected per file), ${[...formats.names(), ...prefixes].join(', ')}, or a --format-file format`;
  },
  defaultText: 'auto',
  parse: ({ value }) => parseFormat(value),
});
export const json = boolean('json', '--json', 'Print the summary JSON on stdout (nothing else)');
export const out = option({
  key: 'out',
  flag: '--out <file>',
  description: 'Also write the summary JSON to a file',
  parse: ({ value }) => parseOutPath(value),
});
export const chunkSize = valued('chunkSize', '--chunk-size <size>', 'Chunk size, e.g. 64kb, 32mb', DEFAULT_CHUNK_SIZE, formatSize(DEFAULT_CHUNK_SIZE), parseSize);
export const quiet = boolean('quiet', '--quiet', 'No summary table and no progress bar (errors only on stderr)');
export const follow = boolean('follow', '-f, --follow', 'Keep reading the files as they grow (and new ones matching), until Ctrl-C: the summary refreshed every second');
export const sinceStart = boolean('sinceStart', '--since-start', 'With --follow: read what the files hold first (default: from their end, as tail -f)');
export const logLevel = option({
  key: 'logLevel',
  flag: '--log-level <level>',
  description: `Diagnostics level on stderr: ${LOG_LEVELS.join(', ')}`,
  defaultText: `${DEFAULT_LOG_LEVEL}; error with --quiet`,
  parse: ({ value, flags }) => parseLogLevel(value, flags.quiet === true),
});
export const analyzeWorkers = option({
  key: 'workers',
  flag: '--workers <n>',
  description: 'Local worker actors',
  defaultText: 'CPU count',
  parse: ({ value }) => parseAnalyzeWorkers(value),
});
export const superviseWorkers = count('workers', '--workers <n>', 'Local worker actors that join over NATS', 0, DEFAULT_SUPERVISE_WORKERS);
export const job = text('job', '--job <id>', 'Job id: names the subjects and consumer of this run (default generated)', (v) => checkToken(v, '--job'));

// ---- NATS connections (supervise, worker)
export const nats = text('nats', '--nats <url>', `NATS server URL(s), comma-separated (env NATS_URL; default ${DEFAULT_NATS_URL})`);
export const user = text('user', '--user <user>', 'NATS user (env NATS_USER; without a password it is a token, as with the nats CLI)');
export const password = text('password', '--password <password>', 'NATS password (env NATS_PASSWORD)');
export const token = text('token', '--token <token>', 'NATS token');
export const creds = text('creds', '--creds <file>', 'NATS credentials file (env NATS_CREDS)');
export const tlsCa = text('tlsCa', '--tls-ca <file>', 'TLS certificate authority (env NATS_CA)');
export const tlsCert = text('tlsCert', '--tls-cert <file>', 'TLS client certificate (env NATS_CERT)');
export const tlsKey = text('tlsKey', '--tls-key <file>', 'TLS client key (env NATS_KEY)');
export const prefix = option({
  key: 'prefix',
  flag: '--prefix <prefix>',
  description: 'Prefix of the loga.* subjects',
  defaultText: DEFAULT_PREFIX,
  parse: (raw) => checkPrefix(stringValue(raw, '--prefix') ?? DEFAULT_PREFIX),
});
export const inboxPrefix = text('inboxPrefix', '--inbox-prefix <prefix>', "Subject prefix of this client's reply inboxes (env NATS_INBOX_PREFIX; default _INBOX), for a user allowed to subscribe to its own only: see the README's permission profiles", (v) => {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(v)) throw new UsageError(`--inbox-prefix: '${v}' must be subject tokens (letters, digits, '-', '_', joined by '.'), no wildcards`);
  return v;
});
export const secret = text('secret', '--secret <file>', 'HMAC key file of the bus, the same for the supervisor and its workers (env LOGA_SECRET: the key itself): leases and results are signed and checked');
export const NATS_OPTIONS = [nats, user, password, token, creds, tlsCa, tlsCert, tlsKey, inboxPrefix, secret, prefix] as const;

// ---- the worker
export const id = text('id', '--id <id>', 'Worker id, unique on the NATS server (default <host>-<pid>)', (v) => checkToken(v, '--id'));
export const concurrency = count('concurrency', '--concurrency <n>', 'Actor processes under this worker', 1, DEFAULT_CONCURRENCY);
export const allow = option({
  key: 'allow',
  flag: '--allow <dir>',
  description: 'A root it may read (repeatable; default the working directory); other chunks are shipped over NATS',
  parse: ({ value }) => {
    if (value === undefined) return undefined;
    const dirs = (Array.isArray(value) ? value : [value]).map(String);
    if (dirs.some((d) => d === '' || d === 'true')) throw new UsageError('--allow: needs a directory');
    return dirs;
  },
});
export const workerQuiet = boolean('quiet', '--quiet', 'No start-up line (errors only on stderr)');

// ---- loga formats
export const detect = boolean('detect', '--detect', "Rank the formats on each FILE's first 64 KiB (share of lines read) and show the one detection picks");

// ---- loga gen
const GEN = defaultGenOptions();
export const genSize = valued('size', '--size <size>', 'Target size, e.g. 100mb, 1gb', GEN.size, formatSize(GEN.size), parseSize);
export const genFormat = option({
  key: 'format',
  flag: '--format <format>',
  get description() {
    return `Format: ${formats.generated().join(', ')}`;
  },
  defaultText: GEN.format,
  parse: ({ value }) => {
    const name = String(value ?? GEN.format).toLowerCase();
    if (!formats.generated().includes(name)) throw new UsageError(`--format: gen writes ${formats.generated().join(', ')}, not '${String(value)}'`);
    return name;
  },
});
export const rps = valued('rps', '--rps <n>', 'Requests per second of log time', GEN.rps, String(GEN.rps), (v, name) => parseCount(v, name, 1, 10_000_000));
export const errorRatio = valued('errorRatio', '--error-ratio <x>', 'Fraction of ERROR entries (0..1)', GEN.errorRatio, String(GEN.errorRatio), parseRatio);
export const malformed = valued('malformed', '--malformed <x>', 'Fraction of malformed lines (0..1)', GEN.malformed, String(GEN.malformed), parseRatio);
export const seed = valued('seed', '--seed <n>', 'Random seed (same seed, same bytes)', GEN.seed, String(GEN.seed), (v, name) => parseCount(v, name, 0, 2 ** 32 - 1));
