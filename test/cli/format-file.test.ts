/**
 * `--format-file` and `--format` on the command line, parsed in-process
 * (parseCommandLine: nothing runs): the definitions are loaded before
 * --format is checked, so --format takes their names; `prefix:` values of
 * the registry are kept as typed; bad values are UsageErrors naming the flag.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS, FormatFileError, FormatRegistry, formats, parseCommandLine, UsageError } from '../../src/internal.js';
import { writeUserFormatFixtures } from '../helpers/user-formats.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-cli-defs-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const paths = writeUserFormatFixtures(dir);

const options = (...args: string[]): Record<string, unknown> => {
  const line = parseCommandLine(['node', 'loga', ...args]);
  if (line === null) throw new Error('help or version');
  return line.options;
};

test.serial('--format takes a name only once a --format-file defines it', (t) => {
  t.throws(() => options('analyze', paths.myapp, '--format', 'myapp'), { instanceOf: UsageError, message: /--format: 'myapp' is not a format; use one of auto, .*template:\.\.\., .*or define it in a --format-file/ });
  const o = options('analyze', paths.myapp, '--format', 'myapp', '--format-file', paths.defs);
  t.is(o.format, 'myapp');
  t.deepEqual(
    (o.formatFile as { name: string }[]).map((d) => d.name),
    ['myapp', 'zk'],
  );
  t.deepEqual(formats.names().slice(0, 2), ['myapp', 'zk'], 'in the registry, first');
  // parsed again (supervise, or the same file twice): nothing changes
  t.is(options('supervise', paths.zk, '--format-file', paths.defs, '--format-file', paths.defs, '--format=zk').format, 'zk');
  // the user-defined formats are listed first, then the built-ins
  t.deepEqual(formats.names().slice(0, 2), ['myapp', 'zk']);
  t.is(formats.names()[2], new FormatRegistry().names()[0]);
});

test('--format-file comes before --format in every command that has both (options are parsed in their order)', (t) => {
  for (const c of COMMANDS) {
    const keys = c.options.map((o) => o.key);
    if (!keys.includes('formatFile')) continue;
    t.true(keys.indexOf('formatFile') < keys.indexOf('format'), c.name);
  }
  t.deepEqual(
    COMMANDS.filter((c) => c.options.some((o) => o.key === 'formatFile')).map((c) => c.name.split(' ')[0]),
    ['analyze', 'supervise'],
  );
});

test('--format prefix:... is kept as typed; a bad body says what is wrong', (t) => {
  t.is(options('analyze', paths.zk, '--format', 'template:{time} - {level} [{Thread}] - {message}').format, 'template:{time} - {level} [{Thread}] - {message}');
  t.throws(() => options('analyze', paths.zk, '--format', 'template:{level} {message}'), { instanceOf: UsageError, message: /^--format 'template:\{level\} \{message\}': .*has no \{time\}/ });
  t.throws(() => options('analyze', paths.zk, '--format', 'xml:whatever'), { instanceOf: UsageError, message: /--format: 'xml:whatever' is not a format/ });
});

test('a bad --format-file is a FormatFileError naming it; --format-file without a value a UsageError', (t) => {
  t.throws(() => options('analyze', paths.zk, '--format-file', join(dir, 'nope.json')), { instanceOf: FormatFileError, message: /nope\.json: \/: no such file/ });
  t.throws(() => options('analyze', paths.zk, '--format-file'), { instanceOf: UsageError, message: /--format-file/ });
});

test.serial('LOGA_FORMATS is read with the options', (t) => {
  const was = process.env.LOGA_FORMATS;
  process.env.LOGA_FORMATS = join(dir, 'missing');
  try {
    t.throws(() => options('analyze', paths.zk), { instanceOf: UsageError, message: /^LOGA_FORMATS=.*missing: no such directory/ });
  } finally {
    if (was === undefined) delete process.env.LOGA_FORMATS;
    else process.env.LOGA_FORMATS = was;
  }
});
