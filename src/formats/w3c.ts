/**
 * W3C extended log files — IIS's default log, CloudFront's standard logs:
 * the columns come from the file's `#Fields:` directive (fit), and a file
 * without one is read with IIS's default fields (parse). Directive lines
 * (`#Software:`, `#Version:`, `#Date:`, `#Fields:`) are markers, neither
 * entries nor malformed.
 *
 * time-taken is ms in IIS's logs and seconds in CloudFront's. The fitted
 * definition says which: seconds when the fields are CloudFront's (an
 * `x-edge-` field) or `#Software:` names Amazon CloudFront, ms when
 * `#Software:` names Microsoft; otherwise (another writer) seconds when the
 * first line's time-taken has a fraction — W3C defines it in seconds — and
 * ms when it is an integer, as IIS writes it. A CloudFront file's format is
 * called cloudfront (files[].format), any other w3c.
 */
import { isW3cDirective } from '../parsers/w3c.js';
import type { FormatDefinition, LogFormat } from './format.js';
import { buildW3c, IIS_FIELDS, type W3cDefinition } from './w3c-kind.js';

const LF = 10;
const FIELDS = Buffer.from('#Fields:');
const SOFTWARE = Buffer.from('#Software:');

/** The text of the directive line starting with `key` (at a line start of the sample), or undefined. */
function directive(sample: Buffer, key: Buffer): string | undefined {
  for (let at = sample.indexOf(key); at >= 0; at = sample.indexOf(key, at + 1)) {
    if (at > 0 && sample[at - 1] !== LF) continue;
    let nl = sample.indexOf(LF, at);
    if (nl < 0) nl = sample.length;
    return sample.toString('latin1', at + key.length, nl).trim();
  }
  return undefined;
}

/** The first line after the `#Fields:` line that is not a directive. */
function firstEntry(sample: Buffer): string | undefined {
  let at = sample.indexOf(FIELDS);
  while (at >= 0 && at < sample.length) {
    const nl = sample.indexOf(LF, at);
    if (nl < 0) return undefined;
    at = nl + 1;
    if (at < sample.length && sample[at] !== 0x23) {
      const next = sample.indexOf(LF, at);
      return sample.toString('latin1', at, next < 0 ? sample.length : next).replace(/\r$/, '');
    }
  }
  return undefined;
}

/** The definition of a sample's `#Fields:` header, or undefined when it has none that loga can read. */
export function fitW3c(bytes: Uint8Array): W3cDefinition | undefined {
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const list = directive(sample, FIELDS);
  if (list === undefined) return undefined;
  const fields = list.split(/\s+/).filter((f) => f !== '');
  if (!fields.includes('date') || !fields.includes('time')) return undefined;
  const entry = firstEntry(sample);
  const separator = entry?.includes('\t') === true ? '\t' : ' ';
  const software = directive(sample, SOFTWARE) ?? '';
  const cloudfront = fields.some((f) => f.startsWith('x-edge-')) || /cloudfront/i.test(software);
  let timeTaken: 'ms' | 's' = 'ms';
  if (cloudfront) timeTaken = 's';
  else if (!/microsoft/i.test(software)) {
    const at = fields.indexOf('time-taken');
    const value = at >= 0 ? entry?.split(separator)[at] : undefined;
    if (value?.includes('.') === true) timeTaken = 's';
  }
  return { name: cloudfront ? 'cloudfront' : 'w3c', kind: 'w3c', fields, separator, timeTaken };
}

const iis = buildW3c({ name: 'w3c', kind: 'w3c', fields: IIS_FIELDS, separator: ' ', timeTaken: 'ms' } satisfies W3cDefinition);

export const w3c: LogFormat = {
  ...iis,
  title: 'W3C extended log (IIS, CloudFront): columns from the #Fields: header, else IIS defaults',
  samples: [
    // IIS 10 with its default fields, in the layout of Microsoft's docs (W3C Logging): an anonymous GET, a 404, a 500
    '2024-01-24 10:15:32 10.0.0.4 GET /index.html - 443 - 203.0.113.7 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 15',
    '2024-01-24 10:15:33 10.0.0.4 GET /missing.aspx id=7 443 - 203.0.113.8 curl/8.5.0 https://www.example.com/ 404 0 2 3',
    '2024-01-24 10:15:34 ::1 POST /api/orders - 80 alice ::1 Mozilla/5.0+(X11;+Linux+x86_64) - 500 19 0 1227',
  ],
  lookalikes: [
    // the IIS 6 default fields (no time-taken), under the IIS 10 reading; and a line cut short
    '2002-05-02 17:42:15 172.22.255.255 - 172.30.255.255 80 GET /images/picture.jpg - 200 Mozilla/4.0+(compatible;MSIE+5.5;+Windows+2000+Server)',
    '2024-01-24 10:15:32 10.0.0.4 GET /index.html - 443 - 203.0.113.7',
  ],
  marker: isW3cDirective,
  fit: (sample): FormatDefinition | undefined => fitW3c(sample),
};
