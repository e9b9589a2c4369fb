/**
 * A format string as a user pastes it: the bare string, or the directive
 * as it stands in the server's configuration — quoted (`'…'`, `"…"`), in pieces nginx
 * concatenates (`'$remote_addr - ' '[$time_local]'`), after the directive
 * (`log_format main …;`, `LogFormat "…" combined`).
 */

/** The quoted pieces of s joined, with `\"`-style escapes read; undefined when s is not only quoted pieces (and a trailing nickname). */
function unquote(s: string, allowNickname: boolean): string | undefined {
  let out = '';
  let k = 0;
  while (k < s.length) {
    const q = s[k];
    if (q !== "'" && q !== '"') return allowNickname && out !== '' && /^[\w-]+$/.test(s.slice(k)) ? out : undefined;
    k++;
    for (;;) {
      if (k >= s.length) return undefined;
      const c = s[k];
      if (c === q) break;
      if (c === '\\' && k + 1 < s.length) {
        const e = s[k + 1];
        out += e === 't' ? '\t' : e === 'n' ? '\n' : e;
        k += 2;
        continue;
      }
      out += c;
      k++;
    }
    k++;
    while (k < s.length && /\s/.test(s[k])) k++;
  }
  return out;
}

/** The format string of a `--format nginx:…` or `apache:…` value. */
export function formatStringOf(body: string, directive: RegExp): string {
  let s = body.trim();
  const m = directive.exec(s);
  if (m === null) return s; // the bare string: a quote in it is the log's (`"$request"`)
  s = s.slice(m[0].length).trim();
  if (s.endsWith(';')) s = s.slice(0, -1).trimEnd();
  return unquote(s, true) ?? s;
}
