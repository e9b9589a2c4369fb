/**
 * Apache httpd's `LogFormat` string (mod_log_config) → an access definition
 * (kind.ts): `--format 'apache:%h %l %u %t "%r" %>s %b %D'`. The directives
 * that carry a figure are read (`%t` and `%{…}t`, `%s`/`%>s`, `%D` µs, `%T`
 * s or `%{ms}T`/`%{us}T`, `%r`, `%U`, the byte counts); every other known
 * directive is a field loga skips; an unknown one is an Error naming it.
 */
import type { AccessDefinition, AccessFieldDef } from './kind.js';
import { formatStringOf } from './config-string.js';

/** httpd's `combined` nickname (as in its default httpd.conf). */
export const APACHE_COMBINED = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"';

/** Directives whose value is not a figure (mod_log_config's table, and mod_logio's `^ti`/`^to`). */
const SKIPPED = new Set('aAcCefhHiklLmnopPqRuvVX'.split(''));
const COUNTS = new Set('bBIOS'.split(''));

function timeField(name: string, arg: string | undefined): AccessFieldDef {
  if (arg === undefined) return { name, role: 'time_clf' };
  // `begin:` / `end:` say which moment of the request; loga places it either way
  const what = arg.replace(/^(begin|end):/, '');
  switch (what) {
    case 'sec':
      return { name, role: 'time_epoch', unit: 's' };
    case 'msec':
      return { name, role: 'time_epoch', unit: 'ms' };
    case 'usec':
      return { name, role: 'time_epoch', unit: 'us' };
    case 'msec_frac':
      return { name, role: 'time_frac', unit: 'ms' };
    case 'usec_frac':
      return { name, role: 'time_frac', unit: 'us' };
    default:
      return { name, role: 'time_strftime', layout: what };
  }
}

function durationField(name: string, arg: string | undefined, conditional: boolean): AccessFieldDef {
  const unit = arg === undefined || arg === 's' ? 's' : arg === 'ms' ? 'ms' : arg === 'us' ? 'us' : undefined;
  if (unit === undefined) throw new Error(`${name}: the unit of %T is s, ms or us`);
  // a directive limited to some statuses logs '-' for the others
  return { name, role: 'response_time', unit, integer: !conditional };
}

/** The definition of an Apache format string; throws an Error naming what is wrong. */
export function apacheDefinition(body: string, name = 'apache-log-format'): AccessDefinition {
  const source = formatStringOf(body, /^LogFormat\s+/i);
  if (source === '') throw new Error("the Apache format string is empty; give it as in LogFormat, e.g. 'apache:%h %l %u %t \"%r\" %>s %b'");
  const literals: string[] = [];
  const fields: AccessFieldDef[] = [];
  let lit = '';
  for (let k = 0; k < source.length; ) {
    const c = source[k];
    if (c === '\\' && k + 1 < source.length) {
      // mod_log_config's escapes: \n, \t, and \x for x
      const e = source[k + 1];
      lit += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      k += 2;
      continue;
    }
    if (c !== '%') {
      lit += c;
      k++;
      continue;
    }
    const at = k;
    k++;
    if (source[k] === '%') {
      lit += '%';
      k++;
      continue;
    }
    // modifiers: < > (original or final request), a status list (400,501 or !200,304)
    let conditional = false;
    while (k < source.length && /[<>!0-9,]/.test(source[k])) {
      if (source[k] !== '<' && source[k] !== '>') conditional = true;
      k++;
    }
    let arg: string | undefined;
    if (source[k] === '{') {
      const close = source.indexOf('}', k + 1);
      if (close < 0) throw new Error(`'%{' at position ${at} has no closing '}'`);
      arg = source.slice(k + 1, close);
      k = close + 1;
    }
    while (k < source.length && (source[k] === '<' || source[k] === '>')) k++;
    let letter = source[k];
    if (letter === undefined) throw new Error(`the format string ends with an unfinished directive '${source.slice(at)}'`);
    if (letter === '^') {
      letter = source.slice(k, k + 3);
      if (letter !== '^ti' && letter !== '^to') throw new Error(`'%${letter}' (at position ${at}) is not an Apache LogFormat directive loga knows`);
      k += 3;
    } else k++;
    const spelled = source.slice(at, k);
    let field: AccessFieldDef;
    if (letter === 't') field = timeField(spelled, arg);
    else if (letter === 's') field = { name: spelled, role: conditional ? 'skip' : 'status' };
    else if (letter === 'D') field = { name: spelled, role: 'response_time', unit: 'us', integer: !conditional };
    else if (letter === 'T') field = durationField(spelled, arg, conditional);
    else if (letter === 'r') field = { name: spelled, role: 'request' };
    else if (letter === 'U') field = { name: spelled, role: 'url' };
    else if (COUNTS.has(letter)) field = { name: spelled, role: 'count' };
    else if (SKIPPED.has(letter) || letter === '^ti' || letter === '^to') field = { name: spelled, role: 'skip' };
    else throw new Error(`'${spelled}' (at position ${at}) is not an Apache LogFormat directive loga knows`);
    literals.push(lit);
    lit = '';
    fields.push(field);
  }
  literals.push(lit);
  if (fields.length === 0) throw new Error(`the Apache format string '${source}' has no directive`);
  return { name, kind: 'access', syntax: 'apache', source, literals, fields };
}
