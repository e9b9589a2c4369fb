/** Runs the built CLI as a user would. */
import { resolve } from 'node:path';
import { execa, type Result } from 'execa';

export const CLI = resolve('dist/src/cli.js');

export function loga(args: string[], opts: { env?: Record<string, string>; cwd?: string; timeout?: number } = {}): Promise<Result> {
  return execa(process.execPath, [CLI, ...args], {
    reject: false,
    env: { ...opts.env },
    cwd: opts.cwd,
    timeout: opts.timeout ?? 60_000,
    stdin: 'ignore',
  });
}
