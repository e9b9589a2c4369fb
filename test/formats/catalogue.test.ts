/** The built-in format modules (src/formats/), each held to what a format module promises, and the registry itself. */
import test from 'ava';
import { type FormatDefinition, FormatRegistry, formats, GEN_FORMATS, type LogFormat, UnknownFormatError } from '../../src/internal.js';
import { formatModuleTests } from './helpers.js';

for (const format of formats.list()) formatModuleTests(test, format, formats);

test('the built-in formats, in detection order (standard, the catch-all, last: the earlier wins ties)', (t) => {
  t.is(formats.names().at(-1), 'standard');
  for (const name of ['json', 'logfmt', 'nginx']) t.true(formats.names().includes(name), name);
});

test('loga gen writes every built-in format that has a generator', (t) => {
  t.deepEqual([...GEN_FORMATS], formats.list().filter((f) => f.generator !== undefined).map((f) => f.name));
  t.true(GEN_FORMATS.includes('standard'));
});

test('an unknown name is refused, naming the formats there are', (t) => {
  const err = t.throws(() => formats.resolve('xml'), { instanceOf: UnknownFormatError });
  t.regex(err?.message ?? '', /unknown format 'xml'; this loga knows [a-z0-9_, -]*\bjson, logfmt, [a-z0-9_, -]*\bnginx, [a-z0-9_, -]*\bstandard$/);
});

test('a name taken, or not a lowercase word, cannot be registered', (t) => {
  const r = new FormatRegistry();
  const copy: LogFormat = { ...(formats.get('json') as LogFormat) };
  t.throws(() => r.register(copy), { message: /registered already/ });
  t.throws(() => r.register({ ...copy, name: 'Not A Name' }), { message: /lowercase word/ });
});

test('a definition is built by its kind, once per definition; an unknown kind is refused', (t) => {
  const r = new FormatRegistry();
  let builds = 0;
  const base = formats.get('standard') as LogFormat;
  r.registerKind({
    kind: 'alias',
    build: (def) => {
      builds++;
      return { ...base, name: def.name };
    },
  });
  const def: FormatDefinition = { name: 'mine', kind: 'alias' };
  t.is(r.resolve('mine', def).name, 'mine');
  t.is(r.resolve('mine', { ...def }), r.resolve('mine', def));
  t.is(builds, 1);
  t.throws(() => r.resolve('x', { name: 'x', kind: 'nonesuch' }), { instanceOf: UnknownFormatError, message: /unknown definition kind 'nonesuch'; this loga knows (\w+, )*alias$/ });
});
