/**
 * User-defined formats as templates: `--format 'template:{time} - {level}
 * [{thread}] - {message}'`, a `--format-file` definition of kind
 * `template`, and the layouts inference finds (src/formats/infer.ts).
 *
 * A definition is data (it travels in leases):
 *   { name, kind: 'template', template, time?, levels?, samples? }
 * `time` is the layout of `{time}` (or `{time:LAYOUT}` in the template);
 * without either, the layout is the first of TIME_LAYOUTS that reads the
 * samples, and a definition without samples is fitted to each file (fit:
 * the layout that reads most of its first lines) and until then tries the
 * catalogue on each line. `levels` maps words of the log to levels
 * (`{"SEVERE": "ERROR", "E": "ERROR"}`, case-insensitive).
 */
import { levelAt } from '../../parsers/levels.js';
import { LEVEL_NAMES, LineRecord } from '../../parsers/record.js';
import { compileTimeLayout, TIME_LAYOUTS, type TimeLayout } from '../../parsers/time-layout.js';
import { YearGuess } from '../../parsers/year.js';
import type { FormatDefinition, FormatKind, LogFormat } from '../format.js';
import { compileMatcher, lineParser, type TemplateMatcher } from './template-matcher.js';
import { parseTemplate, type TemplatePart } from './template-syntax.js';

export const TEMPLATE_KIND = 'template';

/** A template definition, checked. */
export interface TemplateDefinition extends FormatDefinition {
  readonly kind: 'template';
  readonly template: string;
  readonly time?: string;
  readonly levels?: Readonly<Record<string, string>>;
  readonly samples?: readonly string[];
}

/** The lines of a sample a fit looks at (the first of its 64 KiB). */
const FIT_LINES = 200;

const catalogue: readonly TimeLayout[] = TIME_LAYOUTS.map((l) => compileTimeLayout(l.pattern));

/** The definition of an inline template (`--format 'template:…'`). */
export function templateDefinition(body: string, name = TEMPLATE_KIND): TemplateDefinition {
  return { name, kind: TEMPLATE_KIND, template: body };
}

/** Checks a definition's keys; throws an Error naming the key and the fix. */
function checked(def: FormatDefinition): TemplateDefinition {
  const { template, time, levels, samples } = def;
  if (typeof template !== 'string' || template === '') throw new Error(`format '${def.name}': "template" must be a non-empty string such as "{time} {level} {message}"`);
  if (time !== undefined && typeof time !== 'string') throw new Error(`format '${def.name}': "time" must be a time layout string such as "yyyy-MM-dd HH:mm:ss,SSS"`);
  if (levels !== undefined && (typeof levels !== 'object' || levels === null || Array.isArray(levels) || Object.values(levels).some((v) => typeof v !== 'string'))) {
    throw new Error(`format '${def.name}': "levels" must map words to levels, e.g. {"SEVERE": "ERROR", "E": "ERROR"}`);
  }
  if (samples !== undefined && (!Array.isArray(samples) || samples.some((s) => typeof s !== 'string'))) {
    throw new Error(`format '${def.name}': "samples" must be an array of log lines`);
  }
  return def as TemplateDefinition;
}

/** The level map → word → level index; throws on a level that is none. */
function levelMap(def: TemplateDefinition): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, name] of Object.entries(def.levels ?? {})) {
    const b = Buffer.from(name);
    const level = levelAt(b, 0, b.length);
    if (level < 0) throw new Error(`format '${def.name}': "levels": '${word}' → '${name}': '${name}' is not a level; use one of ${LEVEL_NAMES.join(', ')}`);
    if (word === '') throw new Error(`format '${def.name}': "levels": an empty word maps to '${name}'`);
    out.set(word, level);
  }
  return out;
}

function compileLayout(def: TemplateDefinition, pattern: string): TimeLayout {
  try {
    return compileTimeLayout(pattern);
  } catch (err) {
    throw new Error(`format '${def.name}': ${(err as Error).message}`, { cause: err });
  }
}

function reads(m: TemplateMatcher, line: string, rec: LineRecord): boolean {
  const b = Buffer.from(line, 'utf8');
  rec.reset();
  return b.length > 0 && m.parse(b, 0, b.length, rec, null);
}

interface Compiled {
  readonly matcher: TemplateMatcher;
  readonly layout: TimeLayout | null;
}

/** The template compiled with the layout its definition gives, or chosen from the samples, or none (the catalogue per line). */
function compile(def: TemplateDefinition): Compiled {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(def.template);
  } catch (err) {
    throw new Error(`format '${def.name}': template '${def.template}': ${(err as Error).message}`, { cause: err });
  }
  const times = parts.filter((p) => p.kind === 'placeholder' && p.name === 'time');
  const inline = times.length === 1 && times[0].kind === 'placeholder' ? times[0].arg : undefined;
  if (inline !== undefined && def.time !== undefined && inline !== def.time) {
    throw new Error(`format '${def.name}': the template says {time:${inline}} and "time" says '${def.time}': give the layout once`);
  }
  const pattern = inline ?? def.time;
  const levels = levelMap(def);
  const build = (layout: TimeLayout | null): TemplateMatcher => {
    try {
      return compileMatcher({ parts, layout, auto: catalogue, levels });
    } catch (err) {
      throw new Error(`format '${def.name}': template '${def.template}': ${(err as Error).message}`, { cause: err });
    }
  };
  const samples = def.samples ?? [];
  const rec = new LineRecord();
  if (pattern !== undefined) {
    const layout = compileLayout(def, pattern);
    const matcher = build(layout);
    const bad = samples.find((s) => !reads(matcher, s, rec));
    if (bad !== undefined) throw new Error(`format '${def.name}': the sample '${bad}' does not match the template '${def.template}' with the time layout '${pattern}'`);
    return { matcher, layout };
  }
  const auto = build(null); // checks the template before any layout is tried
  if (samples.length === 0) return { matcher: auto, layout: null };
  for (const layout of catalogue) {
    const matcher = build(layout);
    if (samples.every((s) => reads(matcher, s, rec))) return { matcher, layout };
  }
  throw new Error(
    `format '${def.name}': no time layout of the catalogue makes the template '${def.template}' read the samples; give one as {time:LAYOUT} or "time" (e.g. "yyyy-MM-dd HH:mm:ss,SSS")`,
  );
}

/** The pattern of the catalogue layout that makes the matcher read most lines of a sample; undefined when none reads any. */
function fitLayout(def: TemplateDefinition, sample: Uint8Array): string | undefined {
  const lines: [number, number][] = [];
  for (let s = 0; s < sample.length && lines.length < FIT_LINES; ) {
    let e = sample.indexOf(10, s);
    const next = e < 0 ? sample.length : e + 1;
    if (e < 0) e = sample.length;
    if (e > s && sample[e - 1] === 13) e--;
    let b = s;
    while (b < e && (sample[b] === 32 || sample[b] === 9)) b++;
    if (b < e) lines.push([s, e]);
    s = next;
  }
  const parts = parseTemplate(def.template);
  const levels = levelMap(def);
  let best: string | undefined;
  let bestCount = 0;
  const rec = new LineRecord();
  for (let l = 0; l < catalogue.length; l++) {
    const matcher = compileMatcher({ parts, layout: catalogue[l], auto: catalogue, levels });
    let count = 0;
    for (const [s, e] of lines) {
      rec.reset();
      if (matcher.parse(sample, s, e, rec, null)) count++;
    }
    if (count > bestCount) {
      best = TIME_LAYOUTS[l].pattern;
      bestCount = count;
    }
  }
  return best;
}

/** Builds the format of a template definition; throws an Error saying what is wrong. */
export function buildTemplate(raw: FormatDefinition): LogFormat {
  const def = checked(raw);
  const { matcher, layout } = compile(def);
  const yearless = layout === null || !layout.hasYear;
  const format: LogFormat = {
    name: def.name,
    title: `template ${def.template}`,
    parse: lineParser(matcher, null),
    samples: def.samples ?? [],
    levels: matcher.hasLevel || matcher.hasStatus,
    multiline: true,
    ...(yearless ? { parserFor: (file) => lineParser(matcher, new YearGuess(file)) } : {}),
    // Without a layout, each file gets the one that reads its first lines (the fitted definition travels in its leases).
    ...(layout === null
      ? {
          fit: (sample: Uint8Array): FormatDefinition | undefined => {
            const pattern = fitLayout(def, sample);
            return pattern === undefined ? undefined : { ...def, time: pattern };
          },
        }
      : {}),
  };
  return format;
}

/** The FormatKind of template definitions (registry: BUILT_IN_KINDS). */
export const templateKind: FormatKind = {
  kind: TEMPLATE_KIND,
  build: (def) => buildTemplate(def),
};
