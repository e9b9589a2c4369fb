/**
 * What a log format is to loga: a module of the format registry
 * (src/formats/registry.ts) with its name, a title, a byte parser, sample
 * lines from the format's documentation, and optionally a fast lane and a
 * generator for `loga gen`.
 */
import type { EntryWriter } from '../gen/lines.js';
import type { ContentOptions } from '../gen/content.js';
import type { Rng } from '../gen/random.js';
import type { LineParser } from '../parsers/record.js';

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
  build(def: FormatDefinition): LogFormat;
}
