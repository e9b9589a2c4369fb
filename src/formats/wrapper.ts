/**
 * What the container wrappers (CRI, Docker json-file) share as formats: a
 * file is fitted by detecting the format of the lines they wrap (the inner
 * texts of the sample's lines), and the fitted format is a definition
 * `{name, kind, inner, inner_def?}` that a FormatKind builds into a format
 * whose parser runs the inner format's parser on the inner bytes.
 */
import { isContinuation } from '../parsers/continuation.js';
import type { LineParser, LineTest } from '../parsers/record.js';
import type { FileContext, FormatDefinition, FormatKind, FormatLookup, LaneWrap, LogFormat } from './format.js';
import { detectionSample } from './ranking.js';

const LF = 10;
const CR = 13;

/** How one wrapper reads its lines, given the inner format's parser and marker. */
export interface Wrapping {
  /** The kind and the name of the fitted format. */
  readonly kind: string;
  /** What the wrapper is, for a fitted format's title (`CRI container log`). */
  readonly what: string;
  parser(inner: LineParser): LineParser;
  marker(inner: LineTest | undefined): LineTest;
  /** Wraps an inner line as a line of this format (a fitted format's samples). */
  wrap(innerLine: string): string;
  /** The inner text of line [s, e) of a file, undefined for a line that is not one of the wrapper's entries. */
  inner(buf: Uint8Array, s: number, e: number): Uint8Array | undefined;
  /** How the lanes read the wrapper: an inner format's lane takes the wrapped lines (assembly/wrappers.ts). */
  readonly lane: LaneWrap;
}

/**
 * The inner texts of a sample's wrapper lines, one a line: what the inner
 * format is detected on. Undefined when the sample has no wrapper line.
 */
export function innerSample(w: Wrapping, whole: Uint8Array): Uint8Array | undefined {
  const sample = detectionSample(whole);
  const parts: Uint8Array[] = [];
  const nl = Uint8Array.of(LF);
  let pos = 0;
  while (pos < sample.length) {
    let e = sample.indexOf(LF, pos);
    if (e < 0) e = sample.length;
    const s = pos;
    pos = e + 1;
    if (e > s && sample[e - 1] === CR) e--;
    const text = w.inner(sample, s, e);
    if (text === undefined) continue;
    parts.push(Buffer.from(text), nl); // a copy: the text may be a reused buffer's
  }
  return parts.length === 0 ? undefined : Buffer.concat(parts);
}

/** The definition of a wrapper fitted to a sample: its inner format, as detection finds it. */
export function fitWrapper(w: Wrapping, sample: Uint8Array, lookup: FormatLookup): FormatDefinition | undefined {
  const inner = innerSample(w, sample);
  if (inner === undefined) return undefined;
  const found = lookup.detect(inner);
  return found.def === undefined ? { name: w.kind, kind: w.kind, inner: found.name } : { name: w.kind, kind: w.kind, inner: found.name, inner_def: found.def };
}

/**
 * A wrapper line whose text continues the entry before it (a stack trace
 * or traceback of the containerized program, one frame a line): a
 * continuation line, where the inner format did not read it.
 */
export function wrapperContinuation(w: Wrapping): LineTest {
  return (buf, s, e) => {
    const text = w.inner(buf, s, e);
    return text !== undefined && isContinuation(text, 0, text.length);
  };
}

/** The wrapper's format around an inner format: its lane is the inner format's, reading the wrapper. */
export function wrapped(w: Wrapping, name: string, inner: LogFormat): LogFormat {
  const innerFor = inner.parserFor;
  const lane = inner.lane;
  return {
    name,
    title: `${w.what}, lines read as ${inner.name}`,
    parse: w.parser(inner.parse),
    samples: inner.samples.map((l) => w.wrap(l)),
    levels: inner.levels,
    multiline: true,
    continuation: wrapperContinuation(w),
    marker: w.marker(inner.marker),
    ...(lane !== undefined ? { lane: { ...lane, wrap: w.lane } } : {}),
    ...(innerFor !== undefined ? { parserFor: (file: FileContext) => w.parser(innerFor(file)) } : {}),
  };
}

/** The FormatKind that builds a wrapper's fitted definitions. */
export function wrapperKind(w: Wrapping): FormatKind {
  return {
    kind: w.kind,
    build(def: FormatDefinition, lookup: FormatLookup): LogFormat {
      const { inner, inner_def: innerDef } = def;
      if (typeof inner !== 'string' || inner === '') throw new Error(`a ${w.kind} definition needs 'inner', the name of the format of the lines it wraps`);
      if (innerDef !== undefined && (typeof innerDef !== 'object' || innerDef === null || typeof (innerDef as FormatDefinition).kind !== 'string' || typeof (innerDef as FormatDefinition).name !== 'string')) {
        throw new Error(`'inner_def' of a ${w.kind} definition must be a format definition ({name, kind, ...})`);
      }
      return wrapped(w, def.name, lookup.resolve(inner, innerDef as FormatDefinition | undefined));
    },
  };
}
