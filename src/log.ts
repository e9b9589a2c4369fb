/**
 * Diagnostics on stderr through pino: pretty on a TTY, JSON lines otherwise.
 * Never stdout, which belongs to the summary (`--json` keeps it pure).
 */
import { createRequire } from 'node:module';
import { pino, type Logger as PinoLogger } from 'pino';

export interface LogOptions {
  level?: string;
  name?: string;
  /** Force pretty (true) or JSON lines (false); default: pretty when stderr is a TTY. */
  pretty?: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function createLogger(opts: LogOptions = {}): PinoLogger {
  const level = opts.level ?? 'info';
  const pretty = opts.pretty ?? process.stderr.isTTY === true;
  const base = { level, name: opts.name, base: undefined };
  if (pretty) {
    // loaded only when used: it costs start-up time
    const require = createRequire(import.meta.url);
    const pinoPretty = require('pino-pretty') as (o: object) => NodeJS.WritableStream;
    return pino(base, pinoPretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' }));
  }
  return pino(base, pino.destination({ fd: 2, sync: true }));
}
