/**
 * The parsed form of one log line. Parsers fill a single reused instance so the
 * hot path allocates nothing per line; the scanner hands it to the accumulator.
 */

/** Canonical levels, indexes into LEVEL_NAMES. */
export const TRACE = 0;
export const DEBUG = 1;
export const INFO = 2;
export const WARN = 3;
export const ERROR = 4;
export const FATAL = 5;
export const LEVEL_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

export class LineRecord {
  /** Entry time, epoch milliseconds UTC. */
  ts = 0;
  /** One of TRACE..FATAL. */
  level = INFO;
  /** Response time in ms, NaN when the entry carries none. */
  rt = NaN;
  /** Memory in MB, NaN when none. */
  mem = NaN;
  /** CPU in percent, NaN when none. */
  cpu = NaN;
  /** The entry is a request: it carries a response time, or it is an access-log line. */
  request = false;
  /** Message bytes [msgStart, msgEnd) in the line's buffer (used for top errors only). */
  msgStart = 0;
  msgEnd = 0;
  /** Set instead of the byte span when the message had to be unescaped (json, logfmt). */
  msgText: string | undefined = undefined;

  reset(): void {
    this.ts = 0;
    this.level = INFO;
    this.rt = NaN;
    this.mem = NaN;
    this.cpu = NaN;
    this.request = false;
    this.msgStart = 0;
    this.msgEnd = 0;
    this.msgText = undefined;
  }
}

/**
 * Parses one line: bytes [start, end) of buf, without the '\n' and without a
 * trailing '\r', never blank. Fills rec (the caller has called rec.reset() before) and returns true
 * for an entry, false for a malformed line. Must never throw, whatever the bytes.
 */
export type LineParser = (buf: Uint8Array, start: number, end: number, rec: LineRecord) => boolean;

/** Bytes [start, end) of one non-blank line (as a LineParser gets them) → yes or no. */
export type LineTest = (buf: Uint8Array, start: number, end: number) => boolean;
