/**
 * What a log format is to loga: a module of the format registry
 * (src/formats/registry.ts) with its name, a title, a byte parser, sample
 * lines from the format's documentation, and optionally a fast lane and a
 * generator for `loga gen`.
 */
import type { EntryWriter } from '../gen/lines.js';
import type { ContentOptions } from '../gen/content.js';
import type { Rng } from '../gen/random.js';
import type { LineParser, LineTest } from '../parsers/record.js';
import type { Span } from '../parsers/wrapped.js';
import type { FileContext } from '../parsers/year.js';

export type { FileContext } from '../parsers/year.js';

/** A format's WebAssembly fast lane (src/scan/lane.ts). */
export interface LaneSpec {
  /** The module's file in dist/src/wasm/, built from assembly/ by `npm run build:wasm`. */
  readonly wasm: string;
  /**
   * The JS parser's reading of the minute (epoch ms) of the time at buf[at],
   * where the lane stopped on a line of another minute; NaN when the parser
   * would not read it as the lane expects.
   */
  minuteAt(buf: Uint8Array, at: number): number;
  /**
   * The time shape of a format on the shape lane (assembly/shape-lane.ts,
   * made by shapeLane()): the lane learns from the lines the JS parser read
   * instead of parsing the format itself.
   */
  readonly shape?: string;
  /** The compiled format string of the access lane (assembly/access-lane.ts; src/parsers/access-line.ts accessLaneProgram). */
  readonly program?: Uint8Array;
  /**
   * A shape lane's mode (assembly/shape-lane.ts): 0, the key ends at the
   * message; 1, at the Apache error log's context fields, which the lane
   * skips as the parser does (keyEnd then says where the parser found them
   * in the line it read last); 2, Go's log package (no key: the lane reads
   * the call site); 3, an RFC 3164 `<PRI>` before the shape (the lane reads
   * it: its severity is the level, then the body as in 4); 4, a syslog
   * body (no key: the lane reads the host and the tag). The json lane's:
   * 0, json; 1, journald's JSON export.
   */
  readonly mode?: number;
  readonly keyEnd?: () => number;
  /** The container wrapper the format's lines are in, when the lane is an inner format's (src/formats/wrapper.ts). */
  readonly wrap?: LaneWrap;
}

/**
 * How a lane reads a container wrapper (assembly/wrappers.ts): the lane
 * finds the inner line of each line itself; a shape lane, which learns from
 * the lines the JS parser read, is told where their inner line is.
 */
export interface LaneWrap {
  /** Which wrapper: the lane's WRAP_CRI or WRAP_DOCKER (src/scan/lane-layout.ts). */
  readonly wrapper: 'cri' | 'docker';
  /**
   * The inner line of line [s, e), which the wrapper's parser has just read
   * as an entry, in span: false when the inner parser did not read it (the
   * wrapper's own entry) or its inner text is not in the line's own bytes.
   */
  span(buf: Uint8Array, s: number, e: number, span: Span): boolean;
}

/** A shape lane's options: see LaneSpec. */
export interface ShapeOptions {
  readonly mode?: number;
  readonly keyEnd?: () => number;
}

/**
 * The shape lane for a format whose lines start with a fixed-width time:
 * `shape` has one character per byte of a line's start — `s` the two digits
 * of the seconds, `f` the fraction (3, 6 or 9 digits, truncated to ms), `d` a digit of the
 * minute, `?` any byte of the minute (a month name, a padded day), `k` a byte
 * before the time that decides the entry (klog's level letter), any other
 * character itself. The JS parser must read such a line's time as its minute
 * plus those seconds and milliseconds, then the line from the shape's end to
 * the message start from left to right, taking the rest of the line as the
 * message (blanks trimmed): the lane relies on that (see the lane's header),
 * and test/scan/shape-lane.test.ts compares both on random lines.
 */
export function shapeLane(shape: string, options: ShapeOptions = {}): LaneSpec {
  return { wasm: 'shape-lane.wasm', shape, ...options, minuteAt: notTheLanes };
}

/** A shape lane's NEW_PREFIX goes to the JS parser, which then tells the lane the minute. */
function notTheLanes(): number {
  return NaN;
}

/** How `loga gen` writes a format: a line writer per file. */
export interface FormatGenerator {
  entries(rng: Rng, content: ContentOptions): EntryWriter;
}

export interface LogFormat {
  /** The `--format` name, in `files[].format` and in leases: a short lowercase word. */
  readonly name: string;
  /** One line for `--help` and the catalogue. */
  readonly title: string;
  /** Parses one line, on bytes (see LineParser). */
  readonly parse: LineParser;
  /** Lines every parser of this format must read as entries (from its documentation); detection must pick the format for them. */
  readonly samples: readonly string[];
  /** Lines that look like the format but are not entries of it (the generator's malformed look-alikes). */
  readonly lookalikes?: readonly string[];
  readonly lane?: LaneSpec;
  /**
   * False for a format without a level field: every entry is INFO and the
   * summary says so (`files[].levels: false`). Default true (access logs
   * take their level from the status).
   */
  readonly levels?: boolean;
  /**
   * True for application logs, whose entries may span lines: a line that
   * does not parse but continues the entry before it (a stack trace, a
   * traceback: src/parsers/continuation.ts) is a continuation line, not
   * malformed.
   */
  readonly multiline?: boolean;
  /**
   * A multiline format's own test of a continuation line, where
   * isContinuation on the whole line does not fit: a container wrapper
   * asks it of the text it wraps (a Java stack trace in a pod's log).
   */
  readonly continuation?: LineTest;
  /**
   * Lines of the format that are neither entries nor malformed (W3C's
   * `#Fields:` directives, logcat's `--------- beginning of main`, a CRI
   * partial fragment): skipped like blank lines. Asked only of lines that
   * did not parse.
   */
  readonly marker?: LineTest;
  /**
   * The parser for one file, for formats whose lines need to know about it
   * (a year-less timestamp takes the file's mtime year). `parse` is then
   * the parser of a file written now (samples, detection).
   */
  readonly parserFor?: (file: FileContext) => LineParser;
  /**
   * The format fitted to one file from its first bytes, for formats whose
   * layout a file declares (W3C's `#Fields:` header) or that wrap another
   * format (container logs): a definition, which the detection counts with
   * and a lease carries. Undefined when the sample gives nothing to fit.
   */
  readonly fit?: (sample: Uint8Array, lookup: FormatLookup) => FormatDefinition | undefined;
  /** Loaded only by `loga gen` (the generator precomputes tables nothing else needs). */
  readonly generator?: () => Promise<FormatGenerator>;
}

/**
 * A format as data, for a format that is not a module of this build (a
 * user-defined one): what a lease carries so that a remote worker builds the
 * same format. `kind` names the FormatKind that builds it.
 */
export interface FormatDefinition {
  readonly name: string;
  readonly kind: string;
  readonly [key: string]: unknown;
}

/** Builds formats of one kind from their definitions. */
export interface FormatKind {
  readonly kind: string;
  /** Throws an Error saying what is wrong with the definition. */
  build(def: FormatDefinition, lookup: FormatLookup): LogFormat;
}

/** What a format may ask of the registry it is in (a wrapper's inner format). */
export interface FormatLookup {
  resolve(name: string, def?: FormatDefinition): LogFormat;
  /** The format detection picks for a sample. */
  detect(sample: Uint8Array): Detected;
}

/** What detection found for a file. */
export interface Detected {
  /** The format's name (files[].format). */
  readonly name: string;
  /** The definition a lease carries, for a fitted, inferred or user-defined format. */
  readonly def?: FormatDefinition;
  /** Lines of the sample the format accounts for (entries, continuations), of its non-blank lines; 1 for an empty sample. */
  readonly share: number;
  /** True when no format of the registry read the sample and the layout was inferred. */
  readonly inferred: boolean;
}

/** How one file of a format is read: its parser (fitted to the file: see parserFor) and the format's marker and continuation rules. */
export function readingOf(
  format: LogFormat,
  file?: FileContext,
): { parse: LineParser; multiline: boolean; continuation: LineTest | undefined; marker: LineTest | undefined } {
  const parse = file !== undefined && format.parserFor !== undefined ? format.parserFor(file) : format.parse;
  return { parse, multiline: format.multiline === true, continuation: format.continuation, marker: format.marker };
}
