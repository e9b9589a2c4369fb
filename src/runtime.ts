/** What supervisors, jobs and actors get injected (a clock, a logger), so failure tests run without sleeping. */

/** Milliseconds, monotonic enough for leases and restart windows. */
export type Clock = () => number;

/** The subset of pino's API used here; a pino logger satisfies it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const systemClock: Clock = () => Date.now();

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
