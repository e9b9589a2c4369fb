/**
 * An Apache `%{…}t` strftime layout compiled into the time operations of
 * src/parsers/access-line.ts. Only the conversions a log time is written
 * with are read; any other is refused by name, not guessed at.
 */
import {
  TL_DAY,
  TL_DAY_SPACE,
  TL_HOUR,
  TL_LIT,
  TL_MINUTE,
  TL_MONTH,
  TL_MONTH_ABBR,
  TL_SECOND,
  TL_WEEKDAY,
  TL_YEAR2,
  TL_YEAR4,
  TL_ZONE,
} from '../../parsers/access-line.js';

const CONVERSIONS: Readonly<Record<string, readonly number[] | string>> = {
  Y: [TL_YEAR4],
  y: [TL_YEAR2],
  m: [TL_MONTH],
  d: [TL_DAY],
  e: [TL_DAY_SPACE],
  b: [TL_MONTH_ABBR],
  h: [TL_MONTH_ABBR],
  H: [TL_HOUR],
  M: [TL_MINUTE],
  S: [TL_SECOND],
  z: [TL_ZONE],
  a: [TL_WEEKDAY],
  // the composite ones, as what they stand for
  T: '%H:%M:%S',
  R: '%H:%M',
  F: '%Y-%m-%d',
  D: '%m/%d/%y',
};

export const STRFTIME_CONVERSIONS = '%Y %y %m %d %e %b %h %H %M %S %z %a %T %R %F %D %%';

/**
 * The operations of a layout, and whether it is a zone only (`%{%z}t`, the
 * httpd docs' way to log milliseconds: `%{%d/%b/%Y %T}t.%{msec_frac}t
 * %{%z}t`), which shifts the line's time. Throws an Error naming what loga
 * does not read.
 */
export function compileStrftime(layout: string): { ops: Int32Array; zoneOnly: boolean } {
  const ops: number[] = [];
  const seen = new Set<number>();
  const walk = (s: string): void => {
    for (let k = 0; k < s.length; k++) {
      const c = s[k];
      if (c !== '%') {
        for (const b of Buffer.from(c, 'utf8')) ops.push(TL_LIT | (b << 8));
        continue;
      }
      const conv = s[++k];
      if (conv === undefined) throw new Error(`the time layout '${layout}' ends with a lone '%'`);
      if (conv === '%') {
        ops.push(TL_LIT | (37 << 8));
        continue;
      }
      const what = CONVERSIONS[conv];
      if (what === undefined) throw new Error(`strftime conversion '%${conv}' in the time layout '${layout}' is not supported; loga reads ${STRFTIME_CONVERSIONS}`);
      if (typeof what === 'string') walk(what);
      else
        for (const op of what) {
          ops.push(op);
          seen.add(op);
        }
    }
  };
  walk(layout);
  const has = (...alt: number[]): boolean => alt.some((op) => seen.has(op));
  if (seen.size === 1 && has(TL_ZONE)) return { ops: Int32Array.from(ops), zoneOnly: true };
  if (!has(TL_YEAR4, TL_YEAR2) || !has(TL_MONTH, TL_MONTH_ABBR) || !has(TL_DAY, TL_DAY_SPACE) || !has(TL_HOUR) || !has(TL_MINUTE)) {
    throw new Error(`the time layout '${layout}' does not give a whole date and time (year, month, day, hour, minute) nor only a zone; loga cannot place a request by it`);
  }
  return { ops: Int32Array.from(ops), zoneOnly: false };
}
