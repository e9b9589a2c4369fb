/**
 * Regex definitions (issue 10, point 3): a user's format as a JavaScript
 * regular expression with named groups, the form lnav and most log shippers
 * take. The definition, which a lease carries:
 *
 *   { name, kind: 'regex', regex, time?, levels?, response_time_unit?, samples?, title? }
 *
 * Groups: `time` (required: read with the `time` layout, else as ISO-8601 or
 * an epoch number), `level` (a level word or letter, a syslog digit, or a
 * word of the `levels` map; without the group the format has no levels),
 * `message` (the top-error text; without it, what follows the match),
 * `response_time` (a number in `response_time_unit`, default ms, or with
 * its own unit: `127ms`, `0.5s`), `status`
 * (an HTTP status: the entry is a request, and without a level group
 * ≥ 500 is ERROR, 4xx WARN), `memory` (MB, or a number with B/KB/MB/GB),
 * `cpu` (%); any other name is a field, kept by name (`fields`). The regex
 * is matched at the line's start.
 *
 * Unlike the byte parsers, this one builds a string per line: the line's
 * bytes as latin1, one character per byte, so a group's text is its bytes
 * (the figures are read on them) and its length a byte count. A non-ASCII
 * character of the regex is rewritten to its UTF-8 bytes for that reason.
 */
import { scanMessage } from '../../parsers/message.js';
import { numOut, readDecimal } from '../../parsers/num.js';
import { ERROR, INFO, type LineParser, LineRecord, WARN } from '../../parsers/record.js';
import { timeValueAt } from '../../parsers/time.js';
import { compileTimeLayout, layoutEnd, type TimeLayout } from '../../parsers/time-layout.js';
import { type FileContext, YearGuess } from '../../parsers/year.js';
import type { FormatDefinition, FormatKind, LogFormat } from '../format.js';
import { DefinitionError } from './definition-error.js';
import { compileLevelMap, type LevelMap } from './level-map.js';

export interface RegexDefinition extends FormatDefinition {
  readonly kind: 'regex';
  readonly regex: string;
  /** A time layout (src/parsers/time-layout.ts), for a time that is not ISO-8601 or epoch. */
  readonly time?: string;
  /** Words of the log's level field → canonical level names. */
  readonly levels?: Readonly<Record<string, string>>;
  /** The unit of the `response_time` group (default ms). */
  readonly response_time_unit?: 'ms' | 's' | 'us';
  readonly samples?: readonly string[];
  readonly title?: string;
}

/** A format built from a regex definition. */
export interface RegexFormat extends LogFormat {
  /** The names of the groups kept as fields (none of the figures'). */
  readonly fields: readonly string[];
  /** Why a line is not an entry of this format (a sample that fails to load), or undefined when it is one. */
  explain(line: string): string | undefined;
}

/** The groups that give an entry's figures; any other named group is a field. */
const FIGURE_GROUPS = ['time', 'level', 'message', 'response_time', 'status', 'memory', 'cpu'];
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, us: 0.001 };

const SP = 32;
const TAB = 9;
const PERCENT = 37;
const D0 = 48;
const LC_B = 0x62;
const LC_K = 0x6b;
const LC_M = 0x6d;
const LC_G = 0x67;
const LC_I = 0x69;
const LC_S = 0x73;
const LC_U = 0x75;
const MICRO_1 = 0xc2; // 'µ' is C2 B5 in UTF-8
const MICRO_2 = 0xb5;

/**
 * The regex's source for a latin1 line: each non-ASCII character as the
 * group of its UTF-8 bytes (`µ` → `(?:\xC2\xB5)`). One inside a `[...]`
 * class cannot be one class member any more: refused, saying what to write.
 */
export function latin1Source(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; ) {
    const cp = source.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    if (cp > 0x7f) {
      if (inClass) {
        throw new DefinitionError('/regex', `'${ch}' inside [...]: the regex reads a line's bytes, one character per byte, so a non-ASCII character can only be matched outside a class; write (?:${ch}|...) instead`);
      }
      // an escaped one (`\µ`) is the character itself
      if (out.endsWith('\\') && !out.endsWith('\\\\')) out = out.slice(0, -1);
      out += `(?:${[...Buffer.from(ch, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')})`;
      continue;
    }
    if (ch === '\\') {
      const next = source.codePointAt(i);
      if (next !== undefined && next <= 0x7f) {
        out += ch + source[i];
        i++;
        continue;
      }
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') inClass = true;
    out += ch;
  }
  return out;
}

/** The named groups of a regex, in order (an alternative that matches the empty string lists them all). */
function groupNames(re: RegExp): string[] {
  const m = new RegExp(`(?:${re.source})|`).exec('');
  return Object.keys(m?.groups ?? {});
}

function compileRegex(source: string): RegExp {
  let re: RegExp;
  try {
    // y: matched at the line's start
    re = new RegExp(latin1Source(source), 'y');
  } catch (err) {
    if (err instanceof DefinitionError) throw err;
    throw new DefinitionError('/regex', `not a JavaScript regular expression: ${(err as Error).message}`, { cause: err });
  }
  return re;
}

/** Number + optional unit (`B|KB|MB|GB`, `KiB`...) spanning [s, e) → MB; NaN if it is not that. */
function megabytesAt(buf: Uint8Array, s: number, e: number): number {
  let i = readDecimal(buf, s, e, 0);
  if (i < 0) return NaN;
  const v = numOut[0];
  while (i < e && (buf[i] === SP || buf[i] === TAB)) i++;
  if (i === e) return v;
  let factor: number;
  const u = buf[i] | 0x20;
  if (u === LC_B) factor = 1 / (1024 * 1024);
  else {
    if (u === LC_K) factor = 1 / 1024;
    else if (u === LC_M) factor = 1;
    else if (u === LC_G) factor = 1024;
    else return NaN;
    i++;
    if (i < e && (buf[i] | 0x20) === LC_I) i++;
    if (i >= e || (buf[i] | 0x20) !== LC_B) return NaN;
  }
  return i + 1 === e ? v * factor : NaN;
}

/** A number spanning [s, e) (optionally followed by `%` for cpu); NaN if it is not one. */
function numberAt(buf: Uint8Array, s: number, e: number, percent: boolean): number {
  const i = readDecimal(buf, s, e, 0);
  if (i === e || (percent && i + 1 === e && buf[i] === PERCENT)) return numOut[0];
  return NaN;
}

/**
 * A response time spanning [s, e): a number in the definition's unit, or
 * with its own unit (`127ms`, `0.5 s`, `80us`, `80µs`) → ms; NaN otherwise.
 */
function millisecondsAt(buf: Uint8Array, s: number, e: number, factor: number): number {
  let i = readDecimal(buf, s, e, 0);
  if (i < 0) return NaN;
  const v = numOut[0];
  if (i === e) return v * factor;
  while (i < e && (buf[i] === SP || buf[i] === TAB)) i++;
  const n = e - i;
  const u = buf[i] | 0x20;
  if (n === 1 && u === LC_S) return v * 1000;
  if (n === 2 && (buf[i + 1] | 0x20) === LC_S) return u === LC_M ? v : u === LC_U ? v / 1000 : NaN;
  if (n === 3 && buf[i] === MICRO_1 && buf[i + 1] === MICRO_2 && (buf[i + 2] | 0x20) === LC_S) return v / 1000;
  return NaN;
}

/** An HTTP status spanning [s, e): 100–599, else -1. */
function statusAt(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 3) return -1;
  let n = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - D0;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n >= 100 && n <= 599 ? n : -1;
}

/** A verdict with its reason, for the loader's message about a sample. */
type Reading = { ok: true } | { ok: false; why: string };

interface Compiled {
  readonly re: RegExp;
  readonly hasLevel: boolean;
  /** The regex ends with `(?<message>.*)` (or `.+`, `$`): on a match to the line's end the message is the line's tail, read in place. */
  readonly messageLast: boolean;
  readonly levels: LevelMap;
  readonly layout: TimeLayout | undefined;
  readonly rtFactor: number;
  readonly time: string | undefined;
}

/**
 * The latin1 string of a line: one Buffer view per buffer the scanner hands
 * over, decoded by Buffer's latin1Slice (what toString('latin1') calls after
 * checking its arguments: 227 against 153 MB/s on 90-byte lines, measured).
 */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };
let viewOf: Uint8Array | null = null;
let view = Buffer.alloc(0) as Latin1Buffer;
function latin1(buf: Uint8Array, s: number, e: number): string {
  if (buf !== viewOf) {
    view = (Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)) as Latin1Buffer;
    viewOf = buf;
  }
  return view.latin1Slice(s, e);
}

/**
 * A group's latin1 text back to its bytes, for the byte readers (time
 * layouts, levels, numbers). The groups' offsets would give them in place,
 * but the `d` flag that reports them costs 60 % of the match: 88 → 35 MB/s
 * on a log4j-like line (measured, Node 20).
 */
let scratch = new Uint8Array(256);
function toScratch(text: string): number {
  const n = text.length;
  if (n > scratch.length) scratch = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) scratch[i] = text.charCodeAt(i);
  return n;
}

/** Reads one line into rec; with `explain`, a Reading says why it is not an entry (only the loader asks, on samples). */
function readLine(c: Compiled, year: YearGuess | null, buf: Uint8Array, start: number, end: number, rec: LineRecord, explain: boolean): Reading | boolean {
  const line = latin1(buf, start, end);
  c.re.lastIndex = 0;
  const m = c.re.exec(line);
  if (m === null) return explain ? { ok: false, why: "the regex does not match it (it is matched from the line's start)" } : false;
  const g = m.groups as Record<string, string | undefined>;
  const time = g.time;
  if (time === undefined) return explain ? { ok: false, why: 'the time group matched nothing' } : false;
  let n = toScratch(time);
  let ms: number;
  if (c.layout !== undefined) {
    ms = c.layout.parse(scratch, 0, n, year);
    if (layoutEnd !== n) ms = NaN;
  } else ms = timeValueAt(scratch, 0, n);
  if (ms !== ms) {
    if (!explain) return false;
    const how = c.time !== undefined ? `time layout '${c.time}'` : 'an ISO-8601 time or an epoch number; give its layout in "time", e.g. "dd/MMM/yyyy:HH:mm:ss Z"';
    return { ok: false, why: `its time '${time}' does not read as ${how}` };
  }
  rec.ts = ms;
  const level = g.level;
  if (level !== undefined) {
    n = toScratch(level);
    const l = c.levels.levelOf(scratch, 0, n);
    if (l < 0) return explain ? { ok: false, why: `its level '${level}' is not a level; map it in "levels", e.g. "levels": {"${level}": "ERROR"}` } : false;
    rec.level = l;
  }
  const status = g.status;
  if (status !== undefined) {
    const code = statusAt(scratch, 0, toScratch(status));
    if (code >= 0) {
      rec.request = true;
      if (!c.hasLevel) rec.level = code >= 500 ? ERROR : code >= 400 ? WARN : INFO;
    }
  }
  const rt = g.response_time;
  if (rt !== undefined) {
    const v = millisecondsAt(scratch, 0, toScratch(rt), c.rtFactor);
    if (v === v) {
      rec.rt = v;
      rec.request = true;
    }
  }
  const mem = g.memory;
  if (mem !== undefined) rec.mem = megabytesAt(scratch, 0, toScratch(mem));
  const cpu = g.cpu;
  if (cpu !== undefined) rec.cpu = numberAt(scratch, 0, toScratch(cpu), true);
  readMessage(c, m, line.length, buf, start, end, rec);
  return explain ? { ok: true } : true;
}

/**
 * The message: its figures (scanMessage) and, for top errors, its text. In
 * place when its bytes are known (the line's tail: no message group, or a
 * last one), else from the group's text.
 */
function readMessage(c: Compiled, m: RegExpExecArray, length: number, buf: Uint8Array, start: number, end: number, rec: LineRecord): void {
  const msg = (m.groups as Record<string, string | undefined>).message;
  let b: Uint8Array = buf;
  let s: number;
  let e = end;
  if (msg === undefined) s = start + m[0].length;
  else if (c.messageLast && m[0].length === length) s = end - msg.length;
  else {
    b = scratch;
    s = 0;
    e = toScratch(msg);
  }
  while (s < e && (b[s] === SP || b[s] === TAB)) s++;
  while (e > s && (b[e - 1] === SP || b[e - 1] === TAB)) e--;
  if (s < e) scanMessage(b, s, e, rec);
  if (b === buf) {
    rec.msgStart = s;
    rec.msgEnd = e;
  } else if (rec.level >= ERROR) rec.msgText = Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8'); // only an error's text is kept
}

/** The parser of a regex format; `year` for a layout without a year (null: a file written now). */
function parserOf(c: Compiled, year: YearGuess | null): LineParser {
  return function parseRegexLine(buf, start, end, rec) {
    try {
      return readLine(c, year, buf, start, end, rec, false) === true;
    } catch {
      // should the regex engine throw (a RangeError on a pathological pattern), the line is malformed: never a crash
      return false;
    }
  };
}

function checkDefinition(def: FormatDefinition): RegexDefinition {
  if (typeof def.regex !== 'string' || def.regex.trim() === '') throw new DefinitionError('/regex', 'must be a regular expression (a string) with named groups, e.g. "^(?<time>\\\\S+) (?<level>\\\\w+) (?<message>.*)"');
  if (def.time !== undefined && typeof def.time !== 'string') throw new DefinitionError('/time', 'must be a time layout (a string), e.g. "yyyy-MM-dd HH:mm:ss.SSS"');
  if (def.response_time_unit !== undefined && !(typeof def.response_time_unit === 'string' && def.response_time_unit in UNIT_MS)) {
    throw new DefinitionError('/response_time_unit', `'${String(def.response_time_unit)}' is not a unit; use one of ${Object.keys(UNIT_MS).join(', ')}`);
  }
  if (def.levels !== undefined && (typeof def.levels !== 'object' || def.levels === null || Array.isArray(def.levels))) {
    throw new DefinitionError('/levels', 'must be an object mapping level words to levels, e.g. {"SEVERE": "ERROR"}');
  }
  if (def.samples !== undefined && !(Array.isArray(def.samples) && def.samples.every((x) => typeof x === 'string'))) throw new DefinitionError('/samples', 'must be a list of sample lines (strings)');
  if (def.title !== undefined && typeof def.title !== 'string') throw new DefinitionError('/title', 'must be a string');
  return def as RegexDefinition;
}

/** Builds the format a regex definition describes; throws a DefinitionError naming the key at fault. */
export function buildRegexFormat(raw: FormatDefinition): RegexFormat {
  const def = checkDefinition(raw);
  const re = compileRegex(def.regex);
  const names = groupNames(re);
  if (!names.includes('time')) {
    throw new DefinitionError('/regex', 'has no (?<time>...) group; every entry needs a time: name the group that matches it, e.g. "^(?<time>\\\\S+ \\\\S+) (?<message>.*)"');
  }
  let layout: TimeLayout | undefined;
  if (def.time !== undefined) {
    try {
      layout = compileTimeLayout(def.time);
    } catch (err) {
      throw new DefinitionError('/time', (err as Error).message, { cause: err });
    }
  }
  let levels: LevelMap;
  try {
    levels = compileLevelMap(def.levels);
  } catch (err) {
    throw new DefinitionError('/levels', (err as Error).message.replace(/^levels: /, ''), { cause: err });
  }
  const hasLevel = names.includes('level');
  const messageLast = /\(\?<message>\.[*+]\??\)\$?$/.test(def.regex);
  const c: Compiled = { re, hasLevel, messageLast, levels, layout, rtFactor: UNIT_MS[def.response_time_unit ?? 'ms'], time: def.time };
  const yearless = layout !== undefined && !layout.hasYear;
  const parse = parserOf(c, null);
  return {
    name: def.name,
    title: def.title ?? `user-defined: regex ${def.regex.length > 60 ? `${def.regex.slice(0, 57)}...` : def.regex}`,
    parse,
    samples: def.samples ?? [],
    levels: hasLevel || names.includes('status'),
    multiline: true,
    ...(yearless ? { parserFor: (file: FileContext) => parserOf(c, new YearGuess(file)) } : {}),
    fields: names.filter((n) => !FIGURE_GROUPS.includes(n)),
    explain(line) {
      const b = Buffer.from(line, 'utf8');
      const rec = new LineRecord();
      let r: Reading | boolean;
      try {
        r = readLine(c, null, b, 0, b.length, rec, true);
      } catch (err) {
        return `the regex fails on it: ${(err as Error).message}`;
      }
      return typeof r === 'object' && !r.ok ? r.why : undefined;
    },
  };
}

export const regexKind: FormatKind = {
  kind: 'regex',
  build: (def) => buildRegexFormat(def),
};
