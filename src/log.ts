/**
 * Diagnostics on stderr through pino: pretty on a TTY, JSON lines otherwise.
 * Never stdout, which belongs to the summary (`--json` keeps it pure).
 *
 * pino is loaded on the first message at an enabled level: at the default
 * level (warn) a run that has nothing to say never loads it, which saves
 * ~15 ms of start-up in the supervisor and in every actor.
 */
import { createRequire } from 'node:module';
import type { Logger as PinoLogger } from 'pino';
import type { Logger } from './runtime.js';

export interface LogOptions {
  level?: string;
  name?: string;
  /** Force pretty (true) or JSON lines (false); default: pretty when stderr is a TTY. */
  pretty?: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** pino's numbers for the levels loga logs at, and for the thresholds. */
const LEVEL_VALUES: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

const require = createRequire(import.meta.url);

function loadPino(opts: LogOptions, level: string): PinoLogger {
  const { pino } = require('pino') as typeof import('pino');
  const pretty = opts.pretty ?? process.stderr.isTTY === true;
  const base = { level, name: opts.name, base: undefined };
  if (pretty) {
    const pinoPretty = require('pino-pretty') as (o: object) => NodeJS.WritableStream;
    return pino(base, pinoPretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' }));
  }
  return pino(base, pino.destination({ fd: 2, sync: true }));
}

export function createLogger(opts: LogOptions = {}): Logger {
  const level = opts.level ?? 'info';
  const threshold = LEVEL_VALUES[level] ?? LEVEL_VALUES.info;
  let real: PinoLogger | null = null;
  const at =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (obj: object, msg?: string): void => {
      if (LEVEL_VALUES[name] < threshold) return;
      real ??= loadPino(opts, level);
      real[name](obj, msg);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
