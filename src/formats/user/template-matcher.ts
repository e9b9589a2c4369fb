/**
 * A template's parts compiled into a byte matcher: a flat Int32Array of
 * steps [op, arg, slot] walked by one loop per line, with the literals as
 * byte arrays and the time layouts compiled once. No regex, no string, no
 * closure per field per line.
 *
 * Literals: a space or tab in the template matches one or more spaces/tabs
 * (padded `%-5level` columns), and also none at the end of the line (a
 * message left empty, its trailing blank trimmed by the writer). A level,
 * message or field ends where the whole literal after it first matches
 * (`[{thread}] - ` keeps the `]` inside `QuorumPeer[myid=1]/…`), or at the
 * end of the line when it is last; numbers and times end by themselves.
 */
import { levelAt, levelFromSeverity, levelLetter } from '../../parsers/levels.js';
import { scanMessage } from '../../parsers/message.js';
import { numOut, readDecimal } from '../../parsers/num.js';
import { ERROR, INFO, WARN, type LineParser, type LineRecord } from '../../parsers/record.js';
import { layoutEnd, type TimeLayout } from '../../parsers/time-layout.js';
import type { YearGuess } from '../../parsers/year.js';
import type { TemplatePart } from './template-syntax.js';

const SP = 32;
const TAB = 9;
const BOM_1 = 0xef;
const BOM_2 = 0xbb;
const BOM_3 = 0xbf;

// Steps: [op, arg, slot].
const S_LIT = 0; // arg: literal index
const S_TIME = 1; // arg: layout index, -1: the first of `auto` that reads
const S_LEVEL = 2; // arg: terminator literal index, -1: the rest of the line, -2: one letter
const S_MESSAGE = 3; // arg: terminator, -1: the rest
const S_FIELD = 4; // arg: terminator, -1: the rest; slot: the field's index
const S_RT = 5; // arg: decimal shift to ms (s: 3, ms: 0, us: -3)
const S_STATUS = 6;
const S_MEMORY = 7; // arg: unit index into MEMORY_FACTORS
const S_CPU = 8;

/** Where a matched literal ended (findLiteral). */
let litEnd = 0;

const RT_SHIFTS: Record<string, number> = { ms: 0, s: 3, us: -3 };
const MEMORY_UNITS = ['MB', 'KB', 'GB', 'B'];
const MEMORY_FACTORS = [1, 1 / 1024, 1024, 1 / (1024 * 1024)];

/** A level map entry: the lowercased key bytes and its canonical level. */
interface LevelAlias {
  readonly key: Uint8Array;
  readonly level: number;
}

export interface MatcherSpec {
  readonly parts: readonly TemplatePart[];
  /** The time layout of `{time}`; `auto` layouts tried in order when null. */
  readonly layout: TimeLayout | null;
  readonly auto: readonly TimeLayout[];
  /** The definition's level map: word → level index. */
  readonly levels: ReadonlyMap<string, number>;
}

export interface TemplateMatcher {
  /** Parses one line (a LineParser) with the year of year-less times from `year` (null: a file written now). */
  parse(buf: Uint8Array, start: number, end: number, rec: LineRecord, year: YearGuess | null): boolean;
  readonly hasLevel: boolean;
  readonly hasStatus: boolean;
  /** The field names ({thread}, {pid}, ...) in template order; their spans after a parse are in `fieldSpans` (start, end per field). */
  readonly fieldNames: readonly string[];
  readonly fieldSpans: Int32Array;
}

function literalBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const b of Buffer.from(text, 'utf8')) {
    const blank = b === SP || b === TAB;
    if (blank && out[out.length - 1] === SP) continue; // a run of blanks is one step
    out.push(blank ? SP : b);
  }
  return Uint8Array.from(out);
}

function isBlank(b: number): boolean {
  return b === SP || b === TAB;
}

/** Literal `lit` at i → the position after it, or -1. */
function matchLiteral(buf: Uint8Array, i: number, end: number, lit: Uint8Array): number {
  for (let k = 0; k < lit.length; k++) {
    const c = lit[k];
    if (c === SP) {
      if (i < end && !isBlank(buf[i])) return -1; // none is fine only at the end of the line
      while (i < end && isBlank(buf[i])) i++;
    } else {
      if (i >= end || buf[i] !== c) return -1;
      i++;
    }
  }
  return i;
}

/** The first position from i where literal `lit` matches (litEnd: after it), or -1. */
function findLiteral(buf: Uint8Array, i: number, end: number, lit: Uint8Array): number {
  const first = lit[0];
  if (first === SP) {
    for (let p = i; p <= end; p++) {
      if (p < end && !isBlank(buf[p])) continue;
      const e = matchLiteral(buf, p, end, lit);
      if (e >= 0) {
        litEnd = e;
        return p;
      }
      // Past a run of blanks the literal cannot start again before the next one.
      while (p < end && isBlank(buf[p])) p++;
    }
    return -1;
  }
  for (let p = i; p < end; p++) {
    if (buf[p] !== first) continue;
    const e = matchLiteral(buf, p + 1, end, lit.subarray(1));
    if (e >= 0) {
      litEnd = e;
      return p;
    }
  }
  return -1;
}

function lowerAscii(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/** The level of bytes [s, e): the level map first, then level words, letters, syslog severities 0–7; -1 if none. */
function levelOf(buf: Uint8Array, s: number, e: number, aliases: readonly LevelAlias[]): number {
  const n = e - s;
  if (n <= 0) return -1;
  for (let a = 0; a < aliases.length; a++) {
    const key = aliases[a].key;
    if (key.length !== n) continue;
    let k = 0;
    while (k < n && lowerAscii(buf[s + k]) === key[k]) k++;
    if (k === n) return aliases[a].level;
  }
  const l = levelAt(buf, s, e);
  if (l >= 0 || n !== 1) return l;
  const c = buf[s];
  return c >= 0x30 && c <= 0x37 ? levelFromSeverity(c - 0x30) : levelLetter(c);
}

/** Blanks before e trimmed: the new end. */
function trimEnd(buf: Uint8Array, s: number, e: number): number {
  while (e > s && isBlank(buf[e - 1])) e--;
  return e;
}

function levelOfStatus(status: number): number {
  return status >= 500 ? ERROR : status >= 400 ? WARN : INFO;
}

const SELF_ENDING = new Set(['time', 'response_time', 'status', 'memory', 'cpu']);

/** Compiles the parts; throws an Error saying what is wrong with the template. */
export function compileMatcher(spec: MatcherSpec): TemplateMatcher {
  const { parts } = spec;
  const steps: number[] = [];
  const literals: Uint8Array[] = [];
  const fieldNames: string[] = [];
  const seen = new Set<string>();
  let hasLevel = false;
  let hasStatus = false;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (part.kind === 'literal') {
      literals.push(literalBytes(part.text));
      steps.push(S_LIT, literals.length - 1, 0);
      continue;
    }
    const { name, arg } = part;
    if (name !== '_' && seen.has(name)) throw new Error(`{${name}} appears twice`);
    seen.add(name);
    const next = parts[p + 1];
    if (next !== undefined && next.kind === 'placeholder' && !SELF_ENDING.has(name) && name !== 'level') {
      throw new Error(`{${name}} is followed by {${next.name}} with nothing between: put the text that separates them (a space, ' - ', '|')`);
    }
    // The terminator of a span: the next literal (its step comes next), the end, or for a level one letter.
    const term = next === undefined ? -1 : next.kind === 'literal' ? literals.length : -2;
    if (arg !== undefined && name !== 'time' && name !== 'response_time' && name !== 'memory') {
      throw new Error(`{${name}:${arg}}: only {time:LAYOUT}, {response_time:ms|s|us} and {memory:MB|KB|GB|B} take an argument`);
    }
    switch (name) {
      case 'time':
        steps.push(S_TIME, spec.layout === null ? -1 : 0, 0);
        break;
      case 'level':
        hasLevel = true;
        steps.push(S_LEVEL, term, 0);
        break;
      case 'message':
        steps.push(S_MESSAGE, term, 0);
        break;
      case 'response_time': {
        const shift = RT_SHIFTS[arg ?? 'ms'];
        if (shift === undefined) throw new Error(`{response_time:${arg}}: the unit is ms, s or us`);
        steps.push(S_RT, shift, 0);
        break;
      }
      case 'status':
        hasStatus = true;
        steps.push(S_STATUS, 0, 0);
        break;
      case 'memory': {
        const unit = MEMORY_UNITS.indexOf(arg ?? 'MB');
        if (unit < 0) throw new Error(`{memory:${arg}}: the unit is MB, KB, GB or B`);
        steps.push(S_MEMORY, unit, 0);
        break;
      }
      case 'cpu':
        steps.push(S_CPU, 0, 0);
        break;
      default:
        fieldNames.push(name);
        steps.push(S_FIELD, term, fieldNames.length - 1);
    }
  }
  if (!seen.has('time')) throw new Error('the template has no {time}: every entry needs a time (e.g. {time} {level} {message})');
  const code = Int32Array.from(steps);
  const layout = spec.layout;
  const auto = spec.auto;
  const aliases: LevelAlias[] = [...spec.levels].map(([word, level]) => ({ key: literalBytes(word.toLowerCase()), level }));
  const fieldSpans = new Int32Array(fieldNames.length * 2);

  function parse(buf: Uint8Array, start: number, end: number, rec: LineRecord, year: YearGuess | null): boolean {
    let i = start;
    if (i + 3 <= end && buf[i] === BOM_1 && buf[i + 1] === BOM_2 && buf[i + 2] === BOM_3) i += 3;
    let level = -1;
    let status = -1;
    let ms = -1; // message span
    let me = -1;
    let ts = NaN;
    const n = code.length;
    for (let k = 0; k < n; k += 3) {
      const arg = code[k + 1];
      switch (code[k]) {
        case S_LIT:
          i = matchLiteral(buf, i, end, literals[arg]);
          if (i < 0) return false;
          break;
        case S_TIME:
          if (layout !== null) ts = layout.parse(buf, i, end, year);
          else for (let a = 0; a < auto.length && ts !== ts; a++) ts = auto[a].parse(buf, i, end, year);
          if (ts !== ts) return false;
          i = layoutEnd;
          break;
        case S_LEVEL:
        case S_MESSAGE:
        case S_FIELD: {
          // The span [i, e), then past the terminator literal (its step skipped).
          let e: number;
          if (arg >= 0) {
            e = findLiteral(buf, i, end, literals[arg]);
            if (e < 0) return false;
          } else e = arg === -2 ? Math.min(i + 1, end) : end;
          const op = code[k];
          if (op === S_LEVEL) {
            level = levelOf(buf, i, trimEnd(buf, i, e), aliases);
            if (level < 0) return false;
          } else if (op === S_MESSAGE) {
            ms = i;
            me = trimEnd(buf, i, e);
          } else {
            const slot = code[k + 2] * 2;
            fieldSpans[slot] = i;
            fieldSpans[slot + 1] = trimEnd(buf, i, e);
          }
          if (arg >= 0) {
            i = litEnd;
            k += 3;
          } else i = e;
          break;
        }
        case S_RT:
          if (i < end && buf[i] === 0x2d && (i + 1 >= end || !isDigitByte(buf[i + 1]))) {
            i++; // '-': no response time
            break;
          }
          i = readDecimal(buf, i, end, arg);
          if (i < 0) return false;
          rec.rt = numOut[0];
          rec.request = true;
          break;
        case S_STATUS: {
          if (i + 3 > end || !isDigitByte(buf[i]) || !isDigitByte(buf[i + 1]) || !isDigitByte(buf[i + 2])) return false;
          status = (buf[i] - 0x30) * 100 + (buf[i + 1] - 0x30) * 10 + (buf[i + 2] - 0x30);
          if (status < 100 || status > 599 || (i + 3 < end && isDigitByte(buf[i + 3]))) return false;
          i += 3;
          rec.request = true;
          break;
        }
        case S_MEMORY:
          i = readDecimal(buf, i, end, 0);
          if (i < 0) return false;
          rec.mem = numOut[0] * MEMORY_FACTORS[arg];
          break;
        case S_CPU:
          i = readDecimal(buf, i, end, 0);
          if (i < 0) return false;
          rec.cpu = numOut[0];
          break;
        default:
          return false;
      }
    }
    while (i < end && isBlank(buf[i])) i++;
    if (i !== end) return false;
    rec.ts = ts;
    rec.level = level >= 0 ? level : status >= 0 ? levelOfStatus(status) : INFO;
    if (ms >= 0) {
      rec.msgStart = ms;
      rec.msgEnd = me;
      if (ms < me) scanMessage(buf, ms, me, rec);
    } else {
      rec.msgStart = end;
      rec.msgEnd = end;
    }
    return true;
  }

  return { parse, hasLevel, hasStatus, fieldNames, fieldSpans };
}

function isDigitByte(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** A parser of the matcher for one file's year guess. */
export function lineParser(m: TemplateMatcher, year: YearGuess | null): LineParser {
  return (buf, start, end, rec) => m.parse(buf, start, end, rec, year);
}
