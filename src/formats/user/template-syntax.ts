/**
 * The syntax of a template (`{time} - {level} [{thread}] - {message}`): text
 * → literal parts and placeholders, checked once when the template is
 * compiled. `{{` and `}}` are a literal brace. What the parts mean is
 * template-matcher.ts's business.
 */

export interface LiteralPart {
  readonly kind: 'literal';
  readonly text: string;
}

export interface PlaceholderPart {
  readonly kind: 'placeholder';
  /** `time`, `level`, `message`, `response_time`, `status`, `memory`, `cpu`, or a field name (`thread`, `_`). */
  readonly name: string;
  /** After the first ':' (`{time:yyyy-MM-dd}` → `yyyy-MM-dd`), undefined when none. */
  readonly arg: string | undefined;
}

export type TemplatePart = LiteralPart | PlaceholderPart;

/** Placeholders with a meaning of their own; any other name is a field. */
export const KNOWN = ['time', 'level', 'message', 'response_time', 'status', 'memory', 'cpu'] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The parts of a template; throws an Error naming the position and the fix. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      text += c;
      i += 2;
      continue;
    }
    if (c !== '{') {
      text += c;
      i++;
      continue;
    }
    const close = template.indexOf('}', i + 1);
    if (close < 0) throw new Error(`the '{' at ${i + 1} is not closed: write {name}, or {{ for a literal brace`);
    const inner = template.slice(i + 1, close);
    const colon = inner.indexOf(':');
    const name = colon < 0 ? inner : inner.slice(0, colon);
    if (!NAME.test(name)) throw new Error(`'{${inner}}' at ${i + 1}: a placeholder is {name} or {name:arg} with a name of letters, digits and '_' (e.g. {time}, {level}, {thread}); {{ is a literal brace`);
    if (text !== '') parts.push({ kind: 'literal', text });
    text = '';
    parts.push({ kind: 'placeholder', name, arg: colon < 0 ? undefined : inner.slice(colon + 1) });
    i = close + 1;
  }
  if (text !== '') parts.push({ kind: 'literal', text });
  return parts;
}

/** Writes parts back as a template (literal braces doubled): what inference prints. */
export function writeTemplate(parts: readonly TemplatePart[]): string {
  return parts
    .map((p) => (p.kind === 'literal' ? p.text.replace(/[{}]/g, (b) => b + b) : `{${p.name}${p.arg === undefined ? '' : `:${p.arg}`}}`))
    .join('');
}
