/**
 * nginx's `log_format` string (ngx_http_log_module) → an access definition
 * (kind.ts): `--format 'nginx:$remote_addr - $remote_user [$time_local]
 * "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
 * $request_time'`. The variables that carry a figure are read; every other
 * variable is a field loga skips.
 */
import type { AccessDefinition, AccessFieldDef, AccessRole, TimeUnit } from './kind.js';
import { formatStringOf } from './config-string.js';

/** nginx's predefined `combined` format. */
export const NGINX_COMBINED = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

const VARIABLES: Readonly<Record<string, { role: AccessRole; unit?: TimeUnit }>> = {
  time_local: { role: 'time_local' },
  time_iso8601: { role: 'time_iso8601' },
  msec: { role: 'time_epoch', unit: 's' },
  status: { role: 'status' },
  request: { role: 'request' },
  request_uri: { role: 'url' },
  uri: { role: 'url' },
  document_uri: { role: 'url' },
  body_bytes_sent: { role: 'count' },
  bytes_sent: { role: 'count' },
  request_length: { role: 'count' },
  // seconds with ms resolution; the whole request's time wins over the upstream's (access-line.ts)
  request_time: { role: 'response_time', unit: 's' },
  upstream_response_time: { role: 'upstream_response_time', unit: 's' },
};

const NAME_CHAR = /[A-Za-z0-9_]/;

/** The definition of an nginx format string; throws an Error naming what is wrong. */
export function nginxDefinition(body: string, name = 'nginx-log-format'): AccessDefinition {
  const source = formatStringOf(body, /^log_format\s+(escape=\w+\s+)?[\w-]+\s+/);
  if (source === '') throw new Error("the nginx format string is empty; give it as in log_format, e.g. 'nginx:$remote_addr [$time_local] \"$request\" $status'");
  const literals: string[] = [];
  const fields: AccessFieldDef[] = [];
  let lit = '';
  for (let k = 0; k < source.length; ) {
    const c = source[k];
    if (c !== '$') {
      lit += c;
      k++;
      continue;
    }
    let v: string;
    if (source[k + 1] === '{') {
      const close = source.indexOf('}', k + 2);
      if (close < 0) throw new Error(`'\${' at position ${k} has no closing '}'`);
      v = source.slice(k + 2, close);
      k = close + 1;
    } else {
      let e = k + 1;
      while (e < source.length && NAME_CHAR.test(source[e])) e++;
      v = source.slice(k + 1, e);
      k = e;
    }
    if (v === '' || !/^[A-Za-z0-9_]+$/.test(v)) throw new Error(`the '$' at position ${k - v.length - 1} is not followed by a variable name`);
    const known = VARIABLES[v] ?? { role: 'skip' };
    literals.push(lit);
    lit = '';
    fields.push({ name: `$${v}`, ...known });
  }
  literals.push(lit);
  if (fields.length === 0) throw new Error(`the nginx format string '${source}' has no variable`);
  return { name, kind: 'access', syntax: 'nginx', source, literals, fields };
}
