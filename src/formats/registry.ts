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
import type { FormatDefinition, FormatKind, LogFormat } from './format.js';
import { json } from './json.js';
import { logfmt } from './logfmt.js';
import { nginx } from './nginx.js';
import { standard } from './standard.js';

/** The formats of this build, in detection order: on a tie the first wins, and it reads a sample no format accepts. */
const BUILT_IN: readonly LogFormat[] = [standard, json, logfmt, nginx];

/** A format name: what `--format` takes and a lease carries (a subject-safe token). */
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** A format name or definition the registry cannot resolve (exit 2 on the command line). */
export class UnknownFormatError extends UsageError {
  override name = 'UnknownFormatError';
}

export class FormatRegistry {
  private readonly byName = new Map<string, LogFormat>();
  private readonly kinds = new Map<string, FormatKind>();
  /** Formats built from definitions, by the definition's JSON (a worker builds each once). */
  private readonly built = new Map<string, LogFormat>();

  constructor(formats: readonly LogFormat[] = BUILT_IN) {
    for (const f of formats) this.register(f);
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

  /** Every format, in detection order. */
  list(): LogFormat[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The names of the formats `loga gen` can write (those with a generator). */
  generated(): string[] {
    return this.list()
      .filter((f) => f.generator !== undefined)
      .map((f) => f.name);
  }

  get(name: string): LogFormat | undefined {
    return this.byName.get(name);
  }

  /** The format of a name, or of a definition when one is given. */
  resolve(name: string, def?: FormatDefinition): LogFormat {
    if (def !== undefined) return this.fromDefinition(def);
    const f = this.byName.get(name);
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
    const f = kind.build(def);
    this.built.set(key, f);
    return f;
  }
}

/** The process's registry: the built-in formats, and whatever is registered at run time. */
export const formats = new FormatRegistry();
