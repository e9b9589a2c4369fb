/**
 * User-defined formats from JSON files (issue 10, point 3): `--format-file
 * FILE` and every `*.json` of the directory named by LOGA_FORMATS. A file
 * holds one definition or an array of them:
 *
 *   { "name": "myapp", "title"?: "...", "template": "..." | "regex": "...",
 *     "time"?: "<time layout>", "levels"?: {"SEVERE": "ERROR"},
 *     "response_time_unit"?: "ms" | "s" | "us", "samples": ["...", ...] }
 *
 * Checked by the schema of src/protocol/schemas.ts, then built by its kind
 * (`template`, `regex`), then every sample must be an entry; only then are
 * the file's definitions added to the registry (formats.define), so a bad
 * file adds nothing. Every error is a FormatFileError (exit 2) naming the
 * file, the key (a JSON pointer) and the fix.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { FormatDefinition, LogFormat } from '../formats/format.js';
import { formats as processFormats, type FormatRegistry } from '../formats/registry.js';
import { LEVEL_NAMES, LineRecord } from '../parsers/record.js';
import { isFormatFileDefinition } from '../protocol/validate.js';

/** A definition as a file writes it (see the schema). */
interface FileDefinition {
  name: string;
  title?: string;
  template?: string;
  regex?: string;
  time?: string;
  levels?: Record<string, string>;
  response_time_unit?: 'ms' | 's' | 'us';
  samples: string[];
}

/** The keys a definition may have, for the message about one it may not. */
const KEYS = ['name', 'title', 'template', 'regex', 'time', 'levels', 'response_time_unit', 'samples'];
const UNITS = ['ms', 's', 'us'];

/** A definition file that cannot be used: names the file and the key at fault (exit 2). */
export class FormatFileError extends UsageError {
  override name = 'FormatFileError';
  constructor(
    readonly file: string,
    readonly key: string,
    what: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${key === '' ? '/' : key}: ${what}`, options);
  }
}

/** The file each definition of this process came from (a name given twice is said with both files). */
const origins = new WeakMap<FormatRegistry, Map<string, string>>();

function escapeKey(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value at a JSON pointer of data (undefined when there is none). */
function at(data: unknown, pointer: string): unknown {
  let v = data;
  for (const part of pointer.split('/').slice(1)) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function shown(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

/** How to write each key right, for a value of the wrong type or shape. */
const FIX: Readonly<Record<string, string>> = {
  name: 'a lowercase word (letters, digits, \'-\', \'_\'), e.g. "myapp"',
  title: 'a line of text, e.g. "My app\'s log"',
  template: 'a template string, e.g. "{time} {level} [{thread}] {message}"',
  regex: 'a regular expression with named groups, e.g. "^(?<time>\\\\S+ \\\\S+) (?<level>\\\\w+) (?<message>.*)"',
  time: 'a time layout, e.g. "yyyy-MM-dd HH:mm:ss,SSS" or "dd/MMM/yyyy:HH:mm:ss Z"',
  levels: `an object of level words to levels, e.g. {"SEVERE": "ERROR", "E": "ERROR"}; the levels are ${LEVEL_NAMES.join(', ')}`,
  response_time_unit: `one of ${UNITS.join(', ')}`,
  samples: 'a list of lines of the log, e.g. ["2024-01-24 10:15:32 INFO started"]; each must parse when the file is loaded',
};

/** The definition's key a pointer is under (`/0/levels/SEVERE` → levels). */
function keyOf(pointer: string, base: string): string {
  return pointer.slice(base.length).split('/')[1] ?? '';
}

/** What the schema's first complaint means, said with its fix. */
function schemaError(file: string, data: unknown, base: string): FormatFileError {
  const errors = isFormatFileDefinition.errors ?? [];
  // "template or regex" rather than its branches' complaints
  const e = errors.find((x) => x.keyword === 'oneOf' && x.instancePath === '') ?? errors[0];
  const pointer = base + (e?.instancePath ?? '');
  const params = e?.params ?? {};
  const value = at(data, pointer);
  const fix = FIX[keyOf(pointer, base)] ?? '';
  switch (e?.keyword) {
    case 'oneOf':
      return (params.passingSchemas as unknown) === null
        ? new FormatFileError(file, pointer, `neither "template" nor "regex"; give one: "template": "{time} {level} {message}" or "regex": "^(?<time>\\\\S+) (?<message>.*)"`)
        : new FormatFileError(file, pointer, 'both "template" and "regex"; a definition is one or the other, keep one');
    case 'required': {
      const key = String(params.missingProperty);
      return new FormatFileError(file, pointer, `no "${key}"; add "${key}": ${FIX[key] ?? 'a value'}`);
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return new FormatFileError(file, `${pointer}/${escapeKey(key)}`, `unknown key '${key}'; a definition has ${KEYS.join(', ')}`);
    }
    case 'enum':
      if (keyOf(pointer, base) === 'levels') return new FormatFileError(file, pointer, `${shown(value)} is not a level; use one of ${LEVEL_NAMES.join(', ')}`);
      return new FormatFileError(file, pointer, `${shown(value)} is not a unit; use one of ${UNITS.join(', ')}`);
    case 'minItems':
      return new FormatFileError(file, pointer, `no sample; give ${FIX.samples}`);
    case 'pattern':
      if (keyOf(pointer, base) === 'name') return new FormatFileError(file, pointer, `${shown(value)} is not a format name; use ${FIX.name}`);
      return new FormatFileError(file, pointer, `is blank; give ${keyOf(pointer, base) === 'samples' ? 'a line of the log' : fix}`);
    case 'propertyNames':
      return new FormatFileError(file, pointer, 'a blank level word; map the words the log writes, e.g. {"SEVERE": "ERROR"}');
    case 'type':
      return new FormatFileError(file, pointer, `${shown(value)} is not ${String(params.type) === 'array' ? 'a list' : `a${/^[aeiou]/.test(String(params.type)) ? 'n' : ''} ${String(params.type)}`}; use ${keyOf(pointer, base) === 'samples' && pointer !== `${base}/samples` ? 'a line of the log (a string)' : fix}`);
    default:
      return new FormatFileError(file, pointer, `${e?.message ?? 'is invalid'}${fix === '' ? '' : `; use ${fix}`}`);
  }
}

/** A file definition as the registry's definition (what a lease carries). */
function toDefinition(d: FileDefinition): FormatDefinition {
  const kind = d.template !== undefined ? 'template' : 'regex';
  const levels = d.levels === undefined ? undefined : Object.fromEntries(Object.entries(d.levels).map(([k, v]) => [k, v.toUpperCase()]));
  return {
    name: d.name,
    kind,
    ...(d.title !== undefined ? { title: d.title } : {}),
    ...(kind === 'template' ? { template: d.template } : { regex: d.regex }),
    ...(d.time !== undefined ? { time: d.time } : {}),
    ...(levels !== undefined ? { levels } : {}),
    ...(d.response_time_unit !== undefined ? { response_time_unit: d.response_time_unit } : {}),
    samples: d.samples,
  };
}

/** Why a sample is not an entry, as the format says it (a regex format explains), else in general. */
function whyNot(format: LogFormat, line: string): string {
  const explain = (format as { explain?: unknown }).explain;
  const why = typeof explain === 'function' ? (explain as (l: string) => string | undefined).call(format, line) : undefined;
  return why ?? 'the definition does not read it';
}

function built(file: string, base: string, def: FormatDefinition, registry: FormatRegistry): LogFormat {
  try {
    return registry.fromDefinition(def);
  } catch (err) {
    const key = (err as { key?: unknown }).key;
    throw new FormatFileError(file, base + (typeof key === 'string' ? key : `/${def.kind}`), (err as Error).message, { cause: err });
  }
}

/**
 * Builds one checked definition and reads its samples; throws a
 * FormatFileError. The samples are read by the format built without them
 * first: a kind that checks samples itself (a template picks its time
 * layout from them) would say which failed less precisely.
 */
function buildChecked(file: string, base: string, def: FormatDefinition, registry: FormatRegistry): void {
  const { samples, ...bare } = def;
  const format = built(file, base, bare as FormatDefinition, registry);
  (samples as string[]).forEach((sample, i) => {
    const line = sample.replace(/\r?\n$/, '');
    if (/[\r\n]/.test(line)) throw new FormatFileError(file, `${base}/samples/${i}`, 'holds a line break; a sample is one line of the log (give each line its own sample)');
    const bytes = Buffer.from(line, 'utf8');
    if (!format.parse(bytes, 0, bytes.length, new LineRecord())) {
      throw new FormatFileError(file, `${base}/samples/${i}`, `this sample is not an entry of '${def.name}': ${whyNot(format, line)}; fix the ${def.kind} or the sample: ${JSON.stringify(line)}`);
    }
  });
  built(file, base, def, registry);
}

/**
 * The definitions of one file, checked (schema, kind, samples) against the
 * registry's names but not added to it. Throws a FormatFileError.
 */
export function readFormatFile(file: string, registry: FormatRegistry = processFormats): FormatDefinition[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file; check the path' : e.code === 'EISDIR' ? 'is a directory; give a .json file (or set LOGA_FORMATS to the directory)' : e.message;
    throw new FormatFileError(file, '', why, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FormatFileError(file, '', `not JSON (${(err as Error).message}); a format file holds a definition object or an array of them`, { cause: err });
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) throw new FormatFileError(file, '', 'an empty array; give at least one definition');
  const defs: FormatDefinition[] = [];
  const names = new Set<string>();
  items.forEach((item, i) => {
    const base = Array.isArray(data) ? `/${i}` : '';
    // said here: the schema's oneOf, checked before its type, would call a number "both template and regex"
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new FormatFileError(file, base, `${shown(item)} is not a definition; a file holds a definition object ({"name": ..., "regex" or "template": ..., "samples": [...]}) or an array of them`);
    }
    if (!isFormatFileDefinition(item)) throw schemaError(file, data, base);
    const d = item as FileDefinition;
    if (d.template !== undefined && d.response_time_unit !== undefined) {
      throw new FormatFileError(file, `${base}/response_time_unit`, 'is for regex definitions; in a template give the unit in the placeholder, e.g. {response_time:s}');
    }
    if (names.has(d.name)) throw new FormatFileError(file, `${base}/name`, `'${d.name}' is defined twice in this file; give each definition its own name`);
    names.add(d.name);
    const def = toDefinition(d);
    const builtIn = registry.get(d.name) !== undefined && registry.definitionOf(d.name) === undefined;
    if (builtIn) throw new FormatFileError(file, `${base}/name`, `'${d.name}' is a built-in format; give the definition another name`);
    const known = registry.definitionOf(d.name);
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(def)) {
      const from = origins.get(registry)?.get(d.name);
      throw new FormatFileError(file, `${base}/name`, `'${d.name}' is defined already${from !== undefined ? ` (by ${from})` : ''}; give this definition another name`);
    }
    buildChecked(file, base, def, registry);
    defs.push(def);
  });
  return defs;
}

/**
 * Reads the definition files and adds their formats to the registry (listed
 * first in detection; `--format NAME` and leases know them). A definition
 * already added from the same text is left as it is, so loading twice (the
 * command line, then the library call) is harmless. Returns every
 * definition of the files. Throws a FormatFileError.
 */
export function loadFormatFiles(files: readonly string[], registry: FormatRegistry = processFormats): FormatDefinition[] {
  const all: FormatDefinition[] = [];
  for (const file of files) {
    const defs = readFormatFile(file, registry);
    let from = origins.get(registry);
    if (from === undefined) origins.set(registry, (from = new Map()));
    for (const def of defs) {
      if (registry.definitionOf(def.name) === undefined) {
        registry.define(def);
        from.set(def.name, file);
      }
    }
    all.push(...defs);
  }
  return all;
}

/** Every `*.json` of the directory LOGA_FORMATS names, sorted; none when it is unset. Throws a UsageError for a directory that is not one. */
export function formatFilesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = env.LOGA_FORMATS;
  if (dir === undefined || dir === '') return [];
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`LOGA_FORMATS=${dir}: not a directory; set it to the directory of your *.json format definitions`);
    names = readdirSync(dir);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`LOGA_FORMATS=${dir}: ${e.code === 'ENOENT' ? 'no such directory' : e.message}; set it to the directory of your *.json format definitions`, { cause: err });
  }
  return names
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .sort()
    .map((n) => join(dir, n));
}
