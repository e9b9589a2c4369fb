/**
 * The `loga` command line: cac built from the command specs and the option
 * table, thin over the library (src/index.ts). parseCommandLine() matches
 * and validates an argument vector without running anything (the tests call
 * it); main() runs the command and turns any error into a message and an
 * exit status (SPEC §1) in one catch. The executable entry is src/cli.ts.
 */
import { readFileSync } from 'node:fs';
import { cac, type CAC } from 'cac';
import { exitCodeOf, UsageError } from '../errors.js';
import { analyzeCommand } from './analyze.js';
import { commandName, type CommandSpec } from './command.js';
import { formatsCommand } from './formats.js';
import { genCommand } from './gen.js';
import type { OptionSpec } from './options.js';
import { superviseCommand } from './supervise.js';
import { workerCommand } from './worker.js';
import { PACKAGE_JSON } from '../package-files.js';

/**
 * The commands, in help order. Each `run` takes its own options type, which
 * makes the specs incomparable for TypeScript (parameters are
 * contravariant): the list holds them as plain specs, and parseCommandLine
 * gives each `run` the options parsed from that command's own list.
 */
export const COMMANDS: readonly CommandSpec[] = [analyzeCommand, superviseCommand, workerCommand, genCommand, formatsCommand] as unknown as CommandSpec[];

/** The version of the package this file belongs to (dist/src/cli/ → the package root). */
export function version(): string {
  return (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
}

function describe(o: OptionSpec): string {
  return o.defaultText === undefined ? o.description : `${o.description} (default ${o.defaultText})`;
}

export function buildCli(commands: readonly CommandSpec[] = COMMANDS): CAC {
  const cli = cac('loga');
  for (const spec of commands) {
    const cmd = cli.command(spec.name, spec.description);
    for (const o of spec.options) cmd.option(o.flag, describe(o));
    for (const e of spec.examples ?? []) cmd.example(e);
  }
  cli.help();
  cli.version(version());
  return cli;
}

/** A matched command line: the command, its positional arguments and its parsed options. */
export interface CommandLine {
  command: CommandSpec;
  args: unknown[];
  options: Record<string, unknown>;
}

/**
 * Matches argv (as in process.argv) to a command and parses its options;
 * null when cac printed help or the version. Throws a UsageError for an
 * unknown command, flag or value.
 */
/** What a lone `-` (standard input) is while cac parses. */
const STDIN_TOKEN = '\u0000stdin';

export function parseCommandLine(argv: readonly string[], commands: readonly CommandSpec[] = COMMANDS): CommandLine | null {
  // `loga help [command]` is `loga [command] --help`
  const given = argv[2] === 'help' ? [...argv.slice(0, 2), ...argv.slice(3, 4), '--help'] : [...argv];
  // cac (mri) drops a lone `-` and the arguments after it: it goes through as a token, standard input again below
  const args = given.map((a, i) => (i >= 2 && a === '-' ? STDIN_TOKEN : a));
  const cli = buildCli(commands);
  try {
    cli.parse(args, { run: false });
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
  if (cli.options.help || cli.options.version) return null;
  const matched = cli.matchedCommand;
  const spec = commands.find((c) => commandName(c) === matched?.name);
  if (matched === undefined || spec === undefined) {
    const name = cli.args[0];
    throw new UsageError(name === undefined ? 'no command; try: loga analyze <files...>  (loga --help lists the commands)' : `unknown command '${name}'; loga --help lists the commands`);
  }
  try {
    // what cac checks when it runs an action, here where nothing runs
    matched.checkUnknownOptions();
    matched.checkOptionValue();
    matched.checkRequiredArgs();
    matched.checkUnusedArgs();
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
  const flags = cli.options as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const k of Object.keys(flags)) if (flags[k] === STDIN_TOKEN) flags[k] = '-';
  for (const o of spec.options) options[o.key] = o.parse({ value: flags[o.key], flags, argv: given });
  // positional arguments as cac hands them to an action: a variadic one gets the rest
  const positionals = cli.args.map((a) => (a === STDIN_TOKEN ? '-' : a));
  const positional = matched.args.map((a, i) => (a.variadic ? positionals.slice(i) : positionals[i]));
  return { command: spec, args: positional, options };
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const line = parseCommandLine(argv);
    if (line === null) return 0;
    return await line.command.run(line.args, line.options as never);
  } catch (err) {
    const code = exitCodeOf(err);
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`loga: ${msg}\n`);
    if (code === 1 && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return code;
  }
}
