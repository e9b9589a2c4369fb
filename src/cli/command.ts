/** A command of the command line as data: its cac syntax, the options it takes (from the table), and what it runs. */
import type { OptionSpec, ParsedOptions } from './options.js';

export interface CommandSpec<L extends readonly OptionSpec[] = readonly OptionSpec[]> {
  /** cac's syntax: `analyze [...files]`, `gen <out>`. */
  readonly name: string;
  readonly description: string;
  readonly options: L;
  readonly examples?: readonly string[];
  /** Runs with the positional arguments and the parsed options; resolves to the exit status. */
  run(args: readonly unknown[], options: ParsedOptions<L>): Promise<number>;
}

/** Declares a command, typing `run`'s options from its list. */
export function command<const L extends readonly OptionSpec[]>(spec: CommandSpec<L>): CommandSpec<L> {
  return spec;
}

/** The command's name alone: `analyze`. */
export function commandName(c: Pick<CommandSpec, 'name'>): string {
  return c.name.split(' ')[0];
}
