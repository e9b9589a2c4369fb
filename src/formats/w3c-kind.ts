/**
 * The `w3c` FormatKind: a W3C extended log (IIS, CloudFront) whose columns a
 * file's `#Fields:` directive names — the definition a lease carries, so a
 * worker reading a chunk from the middle of the file knows the columns:
 *
 *   { "name": "w3c", "kind": "w3c", "fields": ["date", "time", "s-ip", …], "separator": " ", "timeTaken": "ms" }
 *
 * fitW3c reads that definition from a file's first bytes (src/formats/w3c.ts).
 */
import { compileW3c, isW3cDirective, W_DATE, W_METHOD, W_SKIP, W_STATUS, W_TIME, W_TIME_TAKEN, W_URI, W_URI_STEM } from '../parsers/w3c.js';
import type { FormatDefinition, FormatKind, LogFormat } from './format.js';

export interface W3cDefinition extends FormatDefinition {
  readonly kind: 'w3c';
  /** The `#Fields:` names, in order. */
  readonly fields: readonly string[];
  /** `' '` (IIS) or `'\t'` (CloudFront). */
  readonly separator: string;
  /** The unit of time-taken: ms (IIS), s (CloudFront, and W3C's own definition). */
  readonly timeTaken: 'ms' | 's';
}

/** IIS's default fields (IIS 8.5 and later). */
export const IIS_FIELDS = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'.split(' ');

/** CloudFront's standard (legacy) log fields, AWS docs "Standard log file fields". */
export const CLOUDFRONT_FIELDS = (
  'date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) ' +
  'x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher ' +
  'x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type ' +
  'sc-content-type sc-content-len sc-range-start sc-range-end'
).split(' ');

const ROLES: Readonly<Record<string, number>> = {
  date: W_DATE,
  time: W_TIME,
  'sc-status': W_STATUS,
  'time-taken': W_TIME_TAKEN,
  'cs-method': W_METHOD,
  'cs-uri-stem': W_URI_STEM,
  'cs-uri': W_URI,
};

/** The format of a W3C definition; throws an Error saying what is wrong with it. */
export function buildW3c(def: FormatDefinition): LogFormat {
  const { fields, separator, timeTaken } = def as Partial<W3cDefinition>;
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string' && f !== '')) {
    throw new Error(`W3C format '${def.name}': fields must be the non-empty list of the #Fields: names`);
  }
  if (separator !== ' ' && separator !== '\t') throw new Error(`W3C format '${def.name}': separator must be ' ' or '\\t'`);
  if (timeTaken !== 'ms' && timeTaken !== 's') throw new Error(`W3C format '${def.name}': timeTaken must be 'ms' or 's'`);
  for (const need of ['date', 'time']) {
    if (!fields.includes(need)) throw new Error(`W3C format '${def.name}': the fields have no '${need}' column, which loga needs to place each request`);
  }
  const roles = fields.map((f) => ROLES[f] ?? W_SKIP);
  return {
    name: def.name,
    title: `W3C extended log, ${fields.length} columns from #Fields: (time-taken in ${timeTaken})`,
    parse: compileW3c(roles, separator.charCodeAt(0), timeTaken === 's' ? 3 : 0),
    samples: [],
    marker: isW3cDirective,
  };
}

export const w3cKind: FormatKind = { kind: 'w3c', build: buildW3c };
