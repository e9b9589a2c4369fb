/**
 * The format registry: every format loga reads is a module (one file here
 * per format, see format.ts), listed once below. The `--format` names, the
 * protocol's format check, detection, the fast lanes and `loga gen --format`
 * all come from it. Formats that are not modules of this build come in at
 * run time: register() (a format made in this process) or a definition
 * (FormatDefinition) built by a registered FormatKind — the form a lease
 * carries to a remote worker.
 */
import { UsageError } from '../errors.js';
import { cri, criKind } from './cri.js';
import { APP_FORMATS } from './app/index.js';
import { apacheDefinition } from './access/apache-string.js';
import { combinedUs } from './access/combined-us.js';
import { accessKind } from './access/kind.js';
import { nginxDefinition } from './access/nginx-string.js';
import { vhostCombined } from './access/vhost-combined.js';
import { alb, elb } from './aws-elb.js';
import { cloudfront } from './cloudfront.js';
import { detectIn } from './detect.js';
import { docker, dockerKind } from './docker.js';
import type { Detected, FormatDefinition, FormatKind, FormatLookup, LogFormat } from './format.js';
import { journald } from './journald.js';
import { haproxy } from './haproxy.js';
import { json } from './json.js';
import { logfmt } from './logfmt.js';
import { nginx } from './nginx.js';
import { standard } from './standard.js';
import { w3c } from './w3c.js';
import { w3cKind } from './w3c-kind.js';
import { syslog } from './syslog/syslog.js';
import { rfc3164 } from './syslog/rfc3164.js';
import { rfc5424 } from './syslog/rfc5424.js';
import { apacheError } from './apache-error.js';
import { klog } from './klog.js';
import { logcat } from './logcat.js';
import { golog } from './golog.js';
import { regexKind } from './user/regex.js';
import { templateDefinition, templateKind } from './user/template.js';

/**
 * The formats of this build, in detection order: on a tie the first wins,
 * so the more specific layouts come first and standard, whose free message
 * reads the lines of many others, comes last (it also reads a sample no
 * format accepts: src/formats/detect.ts). Docker's json-file and journald
 * come before json, which reads Docker's lines too (less well);
 * vhost_combined and combined_us come before nginx, whose lenient fields
 * read their lines too; haproxy comes before any syslog format, which reads
 * its lines as messages; syslog, which reads any `time host text` line, comes
 * after the leveled application layouts, and golog (a date and free text)
 * after any leveled layout with its `yyyy/MM/dd` date.
 */
const BUILT_IN: readonly LogFormat[] = [
  cri,
  docker,
  journald,
  json,
  logfmt,
  alb,
  elb,
  w3c,
  cloudfront,
  haproxy,
  vhostCombined,
  combinedUs,
  nginx,
  rfc5424,
  rfc3164,
  ...APP_FORMATS,
  syslog,
  apacheError,
  klog,
  logcat,
  golog,
  standard,
];
/** The kinds of format definitions this build reads. */
const BUILT_IN_KINDS: readonly FormatKind[] = [criKind, dockerKind, accessKind, w3cKind, templateKind, regexKind];

/** Turns the text after `prefix:` of a `--format` value into a definition; throws an Error saying what is wrong. */
export type FormatSpec = (body: string) => FormatDefinition;

/** The `--format prefix:...` readers of this build. */
const BUILT_IN_SPECS: readonly (readonly [string, FormatSpec])[] = [
  ['template', (body) => templateDefinition(body)],
  // the server's own format string (src/formats/access/)
  ['nginx', (body) => nginxDefinition(body)],
  ['apache', (body) => apacheDefinition(body)],
];

/** A format name: what `--format` takes and a lease carries (a subject-safe token). */
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** A format name or definition the registry cannot resolve (exit 2 on the command line). */
export class UnknownFormatError extends UsageError {
  override name = 'UnknownFormatError';
}

export class FormatRegistry implements FormatLookup {
  private readonly byName = new Map<string, LogFormat>();
  /** User-defined formats (define()), by name: listed before the modules, and shipped as their definitions. */
  private readonly defined = new Map<string, { def: FormatDefinition; format: LogFormat }>();
  private readonly specs = new Map<string, FormatSpec>();
  private readonly kinds = new Map<string, FormatKind>();
  /** Formats built from definitions, by the definition's JSON (a worker builds each once). */
  private readonly built = new Map<string, LogFormat>();

  constructor(formats: readonly LogFormat[] = BUILT_IN, kinds: readonly FormatKind[] = BUILT_IN_KINDS, specs: readonly (readonly [string, FormatSpec])[] = BUILT_IN_SPECS) {
    for (const f of formats) this.register(f);
    for (const k of kinds) this.registerKind(k);
    for (const [prefix, spec] of specs) this.registerSpec(prefix, spec);
  }

  /** Adds a format; its name must be new. */
  register(format: LogFormat): void {
    if (!NAME.test(format.name)) throw new TypeError(`format name '${format.name}' must be a lowercase word (letters, digits, '-', '_')`);
    if (this.byName.has(format.name)) throw new TypeError(`format '${format.name}' is registered already`);
    this.byName.set(format.name, format);
  }

  /** Adds a kind of format definition. */
  registerKind(kind: FormatKind): void {
    if (this.kinds.has(kind.kind)) throw new TypeError(`format kind '${kind.kind}' is registered already`);
    this.kinds.set(kind.kind, kind);
  }

  /**
   * Adds a user-defined format (a `--format-file` definition): built by its
   * kind now (an Error says what is wrong), listed first (a user who defines
   * a format wants it), carried by leases as its definition.
   */
  define(def: FormatDefinition): LogFormat {
    if (!NAME.test(def.name)) throw new TypeError(`format name '${def.name}' must be a lowercase word (letters, digits, '-', '_')`);
    if (this.byName.has(def.name) || this.defined.has(def.name)) throw new TypeError(`format '${def.name}' exists already; give the definition another name`);
    const format = this.fromDefinition(def);
    this.defined.set(def.name, { def, format });
    return format;
  }

  /** The definition of a user-defined format (what a lease carries), undefined for a module. */
  definitionOf(name: string): FormatDefinition | undefined {
    return this.defined.get(name)?.def;
  }

  /** Adds a `--format prefix:...` reader (`template:`, `nginx:`, `apache:`). */
  registerSpec(prefix: string, spec: FormatSpec): void {
    if (this.specs.has(prefix)) throw new TypeError(`format spec '${prefix}:' is registered already`);
    this.specs.set(prefix, spec);
  }

  /** The prefixes of registerSpec. */
  specPrefixes(): string[] {
    return [...this.specs.keys()];
  }

  /**
   * The definition of a `--format` value `prefix:body`; undefined when the
   * value has no registered prefix. Throws an UnknownFormatError saying what
   * is wrong with the body.
   */
  fromSpec(value: string): FormatDefinition | undefined {
    const colon = value.indexOf(':');
    if (colon < 0) return undefined;
    const spec = this.specs.get(value.slice(0, colon));
    if (spec === undefined) return undefined;
    let def: FormatDefinition;
    try {
      def = spec(value.slice(colon + 1));
      this.fromDefinition(def);
    } catch (err) {
      throw new UnknownFormatError(`--format '${value}': ${(err as Error).message}`, { cause: err });
    }
    return def;
  }

  /** Every format, in detection order. */
  list(): LogFormat[] {
    return [...[...this.defined.values()].map((d) => d.format), ...this.byName.values()];
  }

  names(): string[] {
    return [...this.defined.keys(), ...this.byName.keys()];
  }

  /** The format detection picks for a sample of a file (src/formats/detect.ts). */
  detect(sample: Uint8Array): Detected {
    const found = detectIn(sample, this.list(), this);
    // a user-defined format is detected as itself: its definition is what the lease carries
    const def = found.def ?? this.definitionOf(found.name);
    return def === found.def ? found : { ...found, def };
  }

  /** The names of the formats `loga gen` can write (those with a generator). */
  generated(): string[] {
    return this.list()
      .filter((f) => f.generator !== undefined)
      .map((f) => f.name);
  }

  get(name: string): LogFormat | undefined {
    return this.byName.get(name) ?? this.defined.get(name)?.format;
  }

  /** The format of a name, or of a definition when one is given. */
  resolve(name: string, def?: FormatDefinition): LogFormat {
    if (def !== undefined) return this.fromDefinition(def);
    const f = this.get(name);
    if (f === undefined) throw new UnknownFormatError(`unknown format '${name}'; this loga knows ${this.names().join(', ')}`);
    return f;
  }

  /** Builds (once) the format a definition describes. */
  fromDefinition(def: FormatDefinition): LogFormat {
    const key = JSON.stringify(def);
    const known = this.built.get(key);
    if (known !== undefined) return known;
    const kind = this.kinds.get(def.kind);
    if (kind === undefined) {
      const kinds = [...this.kinds.keys()];
      throw new UnknownFormatError(`format '${def.name}': unknown definition kind '${def.kind}'${kinds.length > 0 ? `; this loga knows ${kinds.join(', ')}` : ''}`);
    }
    const f = kind.build(def, this);
    this.built.set(key, f);
    return f;
  }
}

/** The process's registry: the built-in formats, and whatever is registered at run time. */
export const formats = new FormatRegistry();

/** The name of the format detection picks for `sample`, among `candidates` (default: every format of the process's registry). */
export function detectFormat(sample: Uint8Array, candidates?: readonly LogFormat[]): string {
  return (candidates === undefined ? formats.detect(sample) : detectIn(sample, candidates, formats)).name;
}
