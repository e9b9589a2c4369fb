/**
 * Layout inference, the last resort of detection (src/formats/detect.ts):
 * a template definition for a sample no format of the registry reads.
 *
 * 1. The timestamp: each layout of TIME_LAYOUTS is tried at the first few
 *    token positions of the lines (tokens are separated by blanks and `|`;
 *    a token starting with `[` or `(` is also tried inside it), and must end
 *    at a separator. The first position where a layout reads a plausible
 *    time (1990–2100) on at least MIN_SHARE of the lines wins; among the
 *    layouts there, the one that reads most lines.
 * 2. The level: a level word (or letter, or an alias such as BGL's
 *    FAILURE) at a consistent token, bare, `[INFO]`, `(INFO)` or `INFO:`,
 *    before or after the time, on at least MIN_SHARE of the lines.
 *    The aliases are LEVEL_ALIASES, which every template's {level} reads.
 * 3. The message: the rest of the line after the level, or after the time
 *    when there is no level (then the template has no {level}: every entry
 *    INFO, `files[].levels: false`).
 *
 * The result is a template the user can copy (`loga formats --detect FILE`
 * prints it); it is checked on the sample before it is returned. Lines that
 * continue an entry (stack traces) are left out of the counts. No regex per
 * line: candidates come from the first lines, then are counted on all.
 */
import { isContinuation } from '../parsers/continuation.js';
import { LineRecord } from '../parsers/record.js';
import { compileTimeLayout, layoutEnd, TIME_LAYOUTS } from '../parsers/time-layout.js';
import type { FormatDefinition } from './format.js';
import { buildTemplate, TEMPLATE_KIND } from './user/template.js';
import { levelOf, type LevelAlias } from './user/template-matcher.js';
import { writeTemplate, type TemplatePart } from './user/template-syntax.js';

/** The share of the sample's lines the timestamp, the level and the whole layout must hold for. */
const MIN_SHARE = 0.9;
/**
 * Lines the search looks at. Detection then checks the layout on the whole
 * sample (src/formats/detect.ts: INFERRED_SHARE), so these only propose it:
 * with 600 lines inference took 20-37 ms on a new process's first file
 * (loghub's BGL, HPC, HealthApp, Thunderbird), above detection's 20 ms.
 */
const MAX_LINES = 200;
/** Lines whose parses propose candidate time positions and layouts. */
const PROBE_LINES = 8;
/** Token positions tried for the time, and tokens after it (or before it) tried for the level. */
const TIME_TOKENS = 8;
const LEVEL_TOKENS = 10;
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

const SP = 32;
const TAB = 9;
const BAR = 124;
const LBRACKET = 91;
const RBRACKET = 93;
const LPAREN = 40;
const RPAREN = 41;
const COLON = 58;
const COMMA = 44;
const SEMI = 59;

const layouts = TIME_LAYOUTS.map((l) => ({ ...l, compiled: compileTimeLayout(l.pattern) }));

function isSep(b: number): boolean {
  return b === SP || b === TAB || b === BAR;
}

/** Where the tokens of [s, e) start and end, at most max of them: out gets start, end pairs. */
function tokens(buf: Uint8Array, s: number, e: number, max: number, out: number[]): void {
  out.length = 0;
  let i = s;
  while (i < e && out.length < max * 2) {
    while (i < e && isSep(buf[i])) i++;
    if (i >= e) break;
    const t = i;
    while (i < e && !isSep(buf[i])) i++;
    out.push(t, i);
  }
}

/** A time may end at the line's end, a separator, or punctuation (`]`, `)`, `,`, `:`, `;`); inside brackets, at the closing one. */
function endsWell(buf: Uint8Array, at: number, e: number, close: number): boolean {
  if (close !== 0) return at < e && buf[at] === close;
  if (at >= e) return true;
  const b = buf[at];
  return isSep(b) || b === RBRACKET || b === RPAREN || b === COMMA || b === COLON || b === SEMI;
}

interface Line {
  readonly s: number;
  readonly e: number;
  /** The line's first TIME_TOKENS tokens (start, end pairs), cut once: every time position and layout tried reads them. */
  readonly toks: number[];
}

function linesOf(sample: Uint8Array): Line[] {
  const out: Line[] = [];
  let s = 0;
  while (s < sample.length && out.length < MAX_LINES) {
    let nl = sample.indexOf(10, s);
    const next = nl < 0 ? sample.length : nl + 1;
    if (nl < 0) {
      // A last line without '\n' may be cut by the sample's end: leave it out unless it is the only one.
      if (out.length > 0) break;
      nl = sample.length;
    }
    let e = nl;
    if (e > s && sample[e - 1] === 13) e--;
    let b = s;
    while (b < e && (sample[b] === SP || sample[b] === TAB)) b++;
    if (b < e && !isContinuation(sample, s, e)) {
      const toks: number[] = [];
      tokens(sample, s, e, TIME_TOKENS, toks);
      out.push({ s, e, toks });
    }
    s = next;
  }
  return out;
}

/** The lines that propose candidates: the first few and a few spread over the sample (a header or a burst of odd lines at the top misleads less). */
function probes(lines: readonly Line[]): Line[] {
  const half = PROBE_LINES / 2;
  if (lines.length <= PROBE_LINES) return [...lines];
  const out = lines.slice(0, half);
  for (let k = 1; k <= half; k++) out.push(lines[Math.floor((k * (lines.length - 1)) / half)]);
  return out;
}

/** A time position: the token index, and whether the time is inside the token's bracket. */
interface TimeAt {
  readonly token: number;
  /** The closing byte when the time is inside `[...]` or `(...)`, else 0. */
  readonly close: number;
  readonly layout: number;
}

/** The time of a line at `at` → [time start, time end], or null. */
function timeIn(buf: Uint8Array, line: Line, at: TimeAt): [number, number] | null {
  const toks = line.toks;
  if (toks.length < (at.token + 1) * 2) return null;
  let i = toks[at.token * 2];
  if (at.close !== 0) {
    if (buf[i] !== (at.close === RBRACKET ? LBRACKET : LPAREN)) return null;
    i++;
  }
  const ts = layouts[at.layout].compiled.parse(buf, i, line.e, null);
  if (!(ts >= EARLIEST && ts < LATEST)) return null;
  const end = layoutEnd;
  return endsWell(buf, end, line.e, at.close) ? [i, end] : null;
}

/** The best time position: the first token that a layout reads on most lines. */
function findTime(buf: Uint8Array, lines: readonly Line[]): { at: TimeAt; count: number } | undefined {
  const tried = new Set<number>();
  const candidates: TimeAt[] = [];
  for (const line of probes(lines)) {
    for (let token = 0; token < TIME_TOKENS && token * 2 < line.toks.length; token++) {
      const first = buf[line.toks[token * 2]];
      for (const close of [0, RBRACKET, RPAREN]) {
        // a time inside brackets needs the token to open them
        if (close !== 0 && first !== (close === RBRACKET ? LBRACKET : LPAREN)) continue;
        for (let layout = 0; layout < layouts.length; layout++) {
          const key = token * 4096 + close * 32 + layout;
          if (tried.has(key)) continue;
          const at = { token, close, layout };
          if (timeIn(buf, line, at) !== null) {
            tried.add(key);
            candidates.push(at);
          }
        }
      }
    }
  }
  candidates.sort((a, b) => a.token - b.token || a.close - b.close || a.layout - b.layout);
  const need = Math.ceil(lines.length * MIN_SHARE);
  let best: { at: TimeAt; count: number } | undefined;
  for (const at of candidates) {
    if (best !== undefined && at.token !== best.at.token) break; // an earlier position won
    let count = 0;
    for (const line of lines) if (timeIn(buf, line, at) !== null) count++;
    if (count >= need && (best === undefined || count > best.count)) best = { at, count };
  }
  return best;
}

/** A level token's form: bare, `[X]`, `(X)`, `X:`. */
const BARE = 0;
const SQUARE = 1;
const ROUND = 2;
const COLONED = 3;

/** The level of token [s, e) in form `form` (what a template's {level} reads, LEVEL_ALIASES included), or -1. */
function levelOfToken(buf: Uint8Array, s: number, e: number, form: number): number {
  if (form === SQUARE || form === ROUND) {
    if (e - s < 3 || buf[s] !== (form === SQUARE ? LBRACKET : LPAREN) || buf[e - 1] !== (form === SQUARE ? RBRACKET : RPAREN)) return -1;
    s++;
    e--;
  } else if (form === COLONED) {
    if (e - s < 2 || buf[e - 1] !== COLON) return -1;
    e--;
  }
  // A lone digit is no level here: a flag or count column (HPC's) would pass for a syslog severity.
  if (e - s === 1 && buf[s] >= 0x30 && buf[s] <= 0x39) return -1;
  return levelOf(buf, s, e, NO_MAP);
}

const NO_MAP: readonly LevelAlias[] = [];

interface LevelAt {
  /** Token index, counted after the time (after = true) or from the line start. */
  readonly token: number;
  readonly after: boolean;
  readonly form: number;
}

/** The separators and tokens of one line around its time. */
interface Cut {
  readonly before: number[];
  readonly time: [number, number];
  readonly after: number[];
}

function cutLine(buf: Uint8Array, line: Line, at: TimeAt): Cut | null {
  const time = timeIn(buf, line, at);
  if (time === null) return null;
  const before = line.toks.slice(0, at.token * 2);
  const after: number[] = [];
  tokens(buf, at.close !== 0 ? time[1] + 1 : time[1], line.e, LEVEL_TOKENS, after);
  return { before, time, after };
}

/** The level position found on most lines (at least MIN_SHARE of them). */
function findLevel(buf: Uint8Array, cuts: readonly Cut[], need: number): LevelAt | undefined {
  const options: LevelAt[] = [];
  const first = cuts[0];
  for (let t = 0; t < first.before.length / 2; t++) for (let form = BARE; form <= COLONED; form++) options.push({ token: t, after: false, form });
  for (let t = 0; t < LEVEL_TOKENS; t++) for (let form = BARE; form <= COLONED; form++) options.push({ token: t, after: true, form });
  let best: { at: LevelAt; count: number } | undefined;
  for (const at of options) {
    let count = 0;
    for (const c of cuts) {
      const toks = at.after ? c.after : c.before;
      if (toks.length >= (at.token + 1) * 2 && levelOfToken(buf, toks[at.token * 2], toks[at.token * 2 + 1], at.form) >= 0) count++;
    }
    if (count >= need && (best === undefined || count > best.count)) best = { at, count };
  }
  return best?.at;
}

/** The text between two tokens as a template literal: blanks as one space (a template space matches a run). */
function separator(buf: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) {
    const b = buf[i];
    if (b === SP || b === TAB) {
      if (!out.endsWith(' ')) out += ' ';
    } else out += String.fromCharCode(b);
  }
  return out;
}

function lit(text: string): TemplatePart {
  return { kind: 'literal', text };
}

function field(name: string, arg?: string): TemplatePart {
  return { kind: 'placeholder', name, arg };
}

/** The template of a line cut at its time, with the level at `level` (or none). */
function templateOf(buf: Uint8Array, line: Line, cut: Cut, at: TimeAt, level: LevelAt | undefined): string {
  const parts: TemplatePart[] = [];
  const push = (p: TemplatePart): void => {
    const last = parts[parts.length - 1];
    if (p.kind === 'literal' && last?.kind === 'literal') parts[parts.length - 1] = lit(last.text + p.text);
    else if (p.kind !== 'literal' || p.text !== '') parts.push(p);
  };
  const levelPart = (form: number): void => {
    if (form === SQUARE) push(lit('['));
    if (form === ROUND) push(lit('('));
    push(field('level'));
    if (form === SQUARE) push(lit(']'));
    if (form === ROUND) push(lit(')'));
    if (form === COLONED) push(lit(':'));
  };
  // The tokens before the time: fields, or the level.
  let pos = line.s;
  const b = cut.before;
  for (let t = 0; t < b.length / 2; t++) {
    push(lit(separator(buf, pos, b[t * 2])));
    if (level !== undefined && !level.after && level.token === t) levelPart(level.form);
    else push(field('_'));
    pos = b[t * 2 + 1];
  }
  const timeStart = at.close !== 0 ? cut.time[0] - 1 : cut.time[0];
  push(lit(separator(buf, pos, timeStart)));
  if (at.close !== 0) push(lit(at.close === RBRACKET ? '[' : '('));
  push(field('time', TIME_LAYOUTS[at.layout].pattern));
  pos = cut.time[1];
  if (at.close !== 0) {
    push(lit(at.close === RBRACKET ? ']' : ')'));
    pos++;
  }
  // After the time: fields up to the level, then the message.
  const a = cut.after;
  if (level !== undefined && level.after) {
    for (let t = 0; t <= level.token; t++) {
      push(lit(separator(buf, pos, a[t * 2])));
      if (t === level.token) levelPart(level.form);
      else push(field('_'));
      pos = a[t * 2 + 1];
    }
  }
  const rest = a.length > 0 ? a.findIndex((x, k) => k % 2 === 0 && x >= pos) : -1;
  const msgStart = rest >= 0 ? a[rest] : line.e;
  push(lit(separator(buf, pos, msgStart === line.e ? pos : msgStart) || ' '));
  push(field('message'));
  return writeTemplate(parts);
}

/** The share of lines a template definition reads. */
function shareRead(def: FormatDefinition, buf: Uint8Array, lines: readonly Line[]): number {
  let format;
  try {
    format = buildTemplate(def);
  } catch {
    return 0;
  }
  const rec = new LineRecord();
  let n = 0;
  for (const l of lines) {
    rec.reset();
    if (format.parse(buf, l.s, l.e, rec)) n++;
  }
  return n / lines.length;
}

/** A template definition for the sample, or undefined when no layout holds for MIN_SHARE of its lines. */
export function inferLayout(sample: Uint8Array): FormatDefinition | undefined {
  const lines = linesOf(sample);
  if (lines.length === 0) return undefined;
  const time = findTime(sample, lines);
  if (time === undefined) return undefined;
  const cuts: Cut[] = [];
  const cutLines: Line[] = [];
  for (const line of lines) {
    const c = cutLine(sample, line, time.at);
    if (c !== null) {
      cuts.push(c);
      cutLines.push(line);
    }
  }
  const need = Math.ceil(lines.length * MIN_SHARE);
  const level = findLevel(sample, cuts, need);
  // The template is written from the first line that has the level (or the time) where the others have it.
  const tries: (LevelAt | undefined)[] = level !== undefined ? [level, undefined] : [undefined];
  for (const t of tries) {
    for (let k = 0; k < Math.min(cuts.length, PROBE_LINES); k++) {
      const cut = cuts[k];
      if (t !== undefined) {
        const toksAt = t.after ? cut.after : cut.before;
        if (toksAt.length < (t.token + 1) * 2 || levelOfToken(sample, toksAt[t.token * 2], toksAt[t.token * 2 + 1], t.form) < 0) continue;
      }
      const template = templateOf(sample, cutLines[k], cut, time.at, t);
      const def: FormatDefinition = { name: 'inferred', kind: TEMPLATE_KIND, template };
      if (shareRead(def, sample, lines) >= MIN_SHARE) return def;
    }
  }
  return undefined;
}

/** What `loga formats --detect` prints for an inferred layout: the `--format` value that reads the file. */
export function describeTemplate(def: FormatDefinition): string {
  const levels = def.levels !== undefined ? ` (levels: ${JSON.stringify(def.levels)})` : '';
  return `template:${String(def.template)}${levels}`;
}
