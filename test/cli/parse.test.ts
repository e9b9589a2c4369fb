/**
 * The command line parsed in-process (parseCommandLine: nothing runs): each
 * command gets its options typed, with the defaults of src/defaults.ts;
 * every bad flag or value is a UsageError naming it; the help text is built
 * from the same option table.
 */
import test from 'ava';
import { buildCli, COMMANDS, DEFAULT_CHUNK_SIZE, DEFAULT_GEN_SIZE, DEFAULT_PREFIX, defaultOptions, defaultWorkers, formats, formatSize, parseCommandLine, UsageError, version } from '../../src/internal.js';
import { vectorPath } from '../helpers/vectors.js';

const argv = (...args: string[]): string[] => ['node', 'loga', ...args];
const file = vectorPath('normal.log');

function parse(...args: string[]): { name: string; args: unknown[]; options: Record<string, unknown> } {
  const line = parseCommandLine(argv(...args));
  if (line === null) throw new Error('help or version');
  return { name: line.command.name.split(' ')[0], args: line.args, options: line.options };
}

test('analyze: files and the defaults of every option', (t) => {
  const { name, args, options } = parse('analyze', file, 'b.log');
  t.is(name, 'analyze');
  t.deepEqual(args, [[file, 'b.log']]);
  t.deepEqual(options, { formatFile: [], format: 'auto', json: false, out: undefined, workers: defaultWorkers(), chunkSize: DEFAULT_CHUNK_SIZE, logLevel: 'warn', quiet: false, follow: false, sinceStart: false });
  const d = defaultOptions();
  t.is(options.workers, d.workers);
  t.is(options.chunkSize, d.chunkSize);
  t.is(options.logLevel, d.logLevel);
});

test('analyze: values as given, both --flag v and --flag=v', (t) => {
  const { options } = parse('analyze', file, '--format=json', '--json', '--workers', '3', '--chunk-size=64kb', '--quiet');
  t.is(options.format, 'json');
  t.is(options.json, true);
  t.is(options.workers, 3);
  t.is(options.chunkSize, 64 * 1024);
  t.is(options.quiet, true);
  t.is(options.logLevel, 'error', '--quiet lowers diagnostics to errors');
  t.is(parse('analyze', file, '--quiet', '--log-level', 'debug').options.logLevel, 'debug', 'an explicit level wins');
  t.like(parse('analyze', file, '-f', '--since-start').options, { follow: true, sinceStart: true });
  t.like(parse('supervise', file, '--follow').options, { follow: true, sinceStart: false });
});

test('supervise: NATS options as typed (a numeric-looking token stays a string), workers default 0', (t) => {
  const { options } = parse('supervise', file, '--token', '0123', '--job', 'nightly-1', '--nats', 'nats://127.0.0.1:4999', '--prefix', 'team.loga');
  t.is(options.token, '0123');
  t.is(options.job, 'nightly-1');
  t.is(options.nats, 'nats://127.0.0.1:4999');
  t.is(options.prefix, 'team.loga');
  t.is(options.workers, 0);
  t.is(parse('supervise', file).options.prefix, DEFAULT_PREFIX);
});

test('worker: repeated --allow, --concurrency, --id', (t) => {
  const { options } = parse('worker', '--id', 'bob', '--allow', '/var/log', '--allow', '/srv/logs', '--concurrency', '4');
  t.deepEqual(options.allow, ['/var/log', '/srv/logs']);
  t.is(options.concurrency, 4);
  t.is(options.id, 'bob');
  t.is(parse('worker').options.concurrency, 1);
});

test('gen: OUT and the generator options', (t) => {
  const { args, options } = parse('gen', 'out.log', '--size', '1gb', '--format', 'nginx', '--seed', '7', '--error-ratio', '0.1');
  t.deepEqual(args, ['out.log']);
  t.deepEqual(options, { size: 1024 ** 3, format: 'nginx', rps: 1000, errorRatio: 0.1, malformed: 0, seed: 7 });
  t.is(parse('gen', 'out.log').options.size, DEFAULT_GEN_SIZE);
});

for (const [args, message] of [
  [['analyze', file, '--wokers', '2'], /Unknown option `--wokers`/],
  [['analyze', file, '--workers', '0'], /--workers: '0' must be a whole number from 1 to 256/],
  [['analyze', file, '--workers', 'abc'], /--workers: 'abc' must be a whole number/],
  [['supervise', file, '--workers', '257'], /--workers: '257' must be a whole number from 0 to 256/],
  [['worker', '--concurrency', '0'], /--concurrency: '0' must be a whole number from 1/],
  [['analyze', file, '--chunk-size', '12parsecs'], /--chunk-size: '12parsecs' is not a size/],
  [['analyze', file, '--format', 'xml'], /--format: 'xml' is not a format; use one of auto, .*json, logfmt, .*nginx, .*standard, .*template:\.\.\., .*or define it in a --format-file/],
  [['analyze', file, '--log-level', 'loud'], /--log-level: 'loud' is not a level/],
  [['supervise', file, '--job', 'a.b'], /--job: 'a.b' must be 1 to 128 letters/],
  [['supervise', file, '--prefix', 'a..b'], /--prefix: 'a..b' must be dot-separated tokens/],
  [['worker', '--allow'], /--allow/],
  [['gen', 'x.log', '--format', 'auto'], /--format: gen writes .*json, logfmt, nginx, .*standard.*, not 'auto'/],
  [['gen', 'x.log', '--error-ratio', '2'], /--error-ratio: '2' must be a number from 0 to 1/],
  [['analyse', file], /unknown command 'analyse'/],
  [[], /no command/],
] as const) {
  test(`a UsageError naming the problem: loga ${args.join(' ')}`, (t) => {
    t.throws(() => parseCommandLine(argv(...args)), { instanceOf: UsageError, message });
  });
}

test('help and version are not commands: nothing to run', (t) => {
  const out: string[] = [];
  const log = console.log;
  const info = console.info;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.info = console.log;
  try {
    t.is(parseCommandLine(argv('--help')), null);
    t.is(parseCommandLine(argv('help')), null);
    t.is(parseCommandLine(argv('help', 'analyze')), null);
    t.is(parseCommandLine(argv('--version')), null);
  } finally {
    console.log = log;
    console.info = info;
  }
  t.regex(out.join('\n'), /analyze \[\.\.\.files\]/);
  t.regex(out.join('\n'), new RegExp(`loga/${version().replace(/\./g, '\\.')}`));
});

test('the version is the package version', async (t) => {
  const { readFileSync } = await import('node:fs');
  t.is(version(), (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
});

test('the help text shows each default from src/defaults.ts, and the formats from the registry', (t) => {
  const help = buildCli()
    .commands.flatMap((c) => c.options.map((o) => `${o.rawName} ${o.description}`))
    .join('\n');
  t.regex(help, new RegExp(`--chunk-size <size> .*\\(default ${formatSize(DEFAULT_CHUNK_SIZE)}\\)`));
  t.regex(help, new RegExp(`--format <format> .*${formats.names().join(', ')}`));
  t.regex(help, /--workers <n> Local worker actors \(default CPU count\)/);
  t.regex(help, /--size <size> .*\(default 100mb\)/);
});

test('every option of every command comes from the one table: one definition per flag and meaning', (t) => {
  const seen = new Map<string, unknown>();
  for (const c of COMMANDS) {
    for (const o of c.options) {
      const key = `${o.flag}|${o.description}`;
      const prev = seen.get(key);
      if (prev !== undefined) t.is(prev, o, `${c.name}: ${o.flag} defined twice`);
      seen.set(key, o);
    }
  }
  t.true(seen.size > 20);
});
