/**
 * The `access` FormatKind: an access log described by the fields of its
 * server's format string, in order, with the literals between them — what
 * `--format 'nginx:…'` and `--format 'apache:…'` turn into
 * (nginx-string.ts, apache-string.ts) and what a lease carries. The
 * definition is data (JSON); build() checks it and compiles it into the
 * byte matcher of src/parsers/access-line.ts.
 *
 *   { "name": "nginx-log-format", "kind": "access", "syntax": "nginx", "source": "$remote_addr …",
 *     "literals": ["", " - ", " [", "] \"", …], "fields": [{ "name": "$remote_addr", "role": "skip" }, …] }
 */
import {
  A_COUNT,
  A_REQUEST,
  A_RT,
  A_RT_LIST,
  A_SKIP,
  A_STATUS,
  A_TIME_CLF,
  A_TIME_EPOCH,
  A_TIME_FRAC,
  A_TIME_ISO,
  A_TIME_LAYOUT,
  A_TIME_LOCAL,
  A_TIME_ZONE,
  A_URL,
  type AccessField,
  accessLaneProgram,
  compileAccess,
} from '../../parsers/access-line.js';
import { nginxMinute } from '../../parsers/nginx.js';
import type { FormatDefinition, FormatKind, LogFormat } from '../format.js';
import { compileStrftime } from './strftime.js';

/** What a field of the format string is to loga. */
export type AccessRole =
  | 'skip'
  | 'request'
  | 'url'
  | 'status'
  | 'count'
  | 'time_clf'
  | 'time_local'
  | 'time_iso8601'
  | 'time_epoch'
  | 'time_frac'
  | 'time_strftime'
  | 'response_time'
  | 'upstream_response_time';

export type TimeUnit = 's' | 'ms' | 'us';

export interface AccessFieldDef {
  /** The variable as the format string spells it (`$request_time`, `%>s`): for messages. */
  readonly name: string;
  readonly role: AccessRole;
  /** Of time_epoch, time_frac, response_time, upstream_response_time. */
  readonly unit?: TimeUnit;
  /** Digits only (Apache's `%D`, `%T`). */
  readonly integer?: boolean;
  /** The strftime layout of time_strftime. */
  readonly layout?: string;
}

export interface AccessDefinition extends FormatDefinition {
  readonly kind: 'access';
  /** Whose format string it was: nginx or apache (for the title). */
  readonly syntax?: string;
  /** The format string as given. */
  readonly source?: string;
  readonly literals: readonly string[];
  readonly fields: readonly AccessFieldDef[];
}

const ROLES: Readonly<Record<AccessRole, number>> = {
  skip: A_SKIP,
  request: A_REQUEST,
  url: A_URL,
  status: A_STATUS,
  count: A_COUNT,
  time_clf: A_TIME_CLF,
  time_local: A_TIME_LOCAL,
  time_iso8601: A_TIME_ISO,
  time_epoch: A_TIME_EPOCH,
  time_frac: A_TIME_FRAC,
  time_strftime: A_TIME_LAYOUT,
  response_time: A_RT,
  upstream_response_time: A_RT_LIST,
};
const UNIT_SHIFT: Readonly<Record<TimeUnit, number>> = { s: 3, ms: 0, us: -3 };
const TIMED = new Set<AccessRole>(['time_epoch', 'time_frac', 'response_time', 'upstream_response_time']);
/** The fields that place a line in time (a zone-only layout does not). */
const TIMES = new Set<number>([A_TIME_CLF, A_TIME_LOCAL, A_TIME_ISO, A_TIME_EPOCH, A_TIME_LAYOUT]);
/** Fields that end only where the literal after them starts. */
const FREE = new Set<AccessRole>(['skip', 'request', 'url']);

function fieldOf(f: unknown, at: number): AccessField {
  if (typeof f !== 'object' || f === null) throw new Error(`fields[${at}] is not an object`);
  const d = f as Partial<AccessFieldDef>;
  const label = typeof d.name === 'string' ? `${d.name} (fields[${at}])` : `fields[${at}]`;
  if (typeof d.role !== 'string' || !(d.role in ROLES)) throw new Error(`${label}: role '${String(d.role)}' is not one of ${Object.keys(ROLES).join(', ')}`);
  let shift = 0;
  if (TIMED.has(d.role)) {
    if (d.unit === undefined || !(d.unit in UNIT_SHIFT)) throw new Error(`${label}: a ${d.role} needs a unit, s, ms or us`);
    shift = UNIT_SHIFT[d.unit];
  }
  let layout: Int32Array | undefined;
  let role = ROLES[d.role];
  if (d.role === 'time_strftime') {
    if (typeof d.layout !== 'string') throw new Error(`${label}: a time_strftime needs its layout`);
    const c = compileStrftime(d.layout);
    layout = c.ops;
    if (c.zoneOnly) role = A_TIME_ZONE;
  }
  return { role, shift, integer: d.integer === true, upstream: d.role === 'upstream_response_time', layout };
}

/** The checked definition compiled for the parser; throws an Error saying what is wrong. */
export function accessProgram(def: FormatDefinition): { literals: Uint8Array[]; fields: AccessField[] } {
  const { literals, fields } = def as Partial<AccessDefinition>;
  if (!Array.isArray(fields) || fields.length === 0) throw new Error('an access definition needs its fields, a non-empty list');
  if (!Array.isArray(literals) || literals.length !== fields.length + 1 || !literals.every((l) => typeof l === 'string')) {
    throw new Error(`an access definition needs fields.length + 1 = ${fields.length + 1} literals (strings: before, between and after the fields)`);
  }
  const compiled = fields.map((f, at) => fieldOf(f, at));
  const roles = (fields as AccessFieldDef[]).map((f) => f.role);
  if (!compiled.some((f) => TIMES.has(f.role))) {
    throw new Error('the format string has no time (nginx $time_local, $time_iso8601 or $msec; Apache %t or %{…}t); loga needs one to place each request');
  }
  for (let f = 0; f + 1 < fields.length; f++) {
    if (literals[f + 1] === '' && FREE.has(roles[f])) {
      throw new Error(`${fields[f].name} and ${fields[f + 1].name} have nothing between them, so loga cannot tell where one ends; put a space or another character between them`);
    }
  }
  return { literals: literals.map((l) => Buffer.from(l, 'utf8')), fields: compiled };
}

/** The format of an access definition (also the catalogue modules vhost_combined and combined_us). */
export function buildAccess(def: FormatDefinition): LogFormat {
  const d = def as Partial<AccessDefinition>;
  const program = accessProgram(def);
  const parse = compileAccess(program);
  const laneProgram = accessLaneProgram(program);
  const source = typeof d.source === 'string' ? d.source : (d.fields ?? []).map((f) => f.name).join(' ');
  return {
    name: def.name,
    title: `access log by ${typeof d.syntax === 'string' ? `the ${d.syntax} ` : 'a '}format string '${source}'`,
    parse,
    // the format string run in WebAssembly (assembly/access-lane.ts), for the programs it runs
    ...(laneProgram !== undefined ? { lane: { wasm: 'access-lane.wasm', program: laneProgram, minuteAt: nginxMinute } } : {}),
    samples: [],
  };
}

export const accessKind: FormatKind = { kind: 'access', build: buildAccess };
