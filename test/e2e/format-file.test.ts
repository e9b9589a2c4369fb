/**
 * User-defined formats end to end: `--format-file` through the built CLI
 * (detected and forced, LOGA_FORMATS, a bad file), and the library's
 * analyze({ formatFiles }) with actor processes that never saw the file:
 * the lease carries each definition.
 */
import test from 'ava';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, formats, type Summary } from '../../src/internal.js';
import { loga } from '../helpers/cli.js';
import { checkUserFormatFigures, fileFigures, writeUserFormatFixtures } from '../helpers/user-formats.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-format-file-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const paths = writeUserFormatFixtures(dir);


test('the library: analyze({ formatFiles }) with actor processes that never read the file', async (t) => {
  t.timeout(60_000);
  const s = await analyze({ files: [paths.myapp, paths.zk], formatFiles: [paths.defs], workers: 2, chunkSize: 1024 });
  checkUserFormatFigures(t, s, paths);
  t.true(s.chunks.total > 4, `${s.chunks.total} chunks`);
  t.truthy(formats.definitionOf('myapp'), 'defined in this process');
  // in-process actors, and the format forced by name
  const forced = await analyze({ files: [paths.myapp], format: 'myapp', actors: 'inprocess', workers: 2, chunkSize: 512 });
  t.is(forced.entries, 240);
  t.is(forced.continuation_lines, 6);
});

test('loga analyze --format-file: both formats detected, exact figures', async (t) => {
  const r = await loga(['analyze', paths.myapp, paths.zk, '--format-file', paths.defs, '--json', '--chunk-size', '1kb', '--workers', '2']);
  t.is(r.exitCode, 0, String(r.stderr));
  checkUserFormatFigures(t, JSON.parse(String(r.stdout)) as Summary, paths);
});

test('loga analyze --format NAME of a --format-file; the name alone, without the file, is refused', async (t) => {
  const r = await loga(['analyze', paths.zk, '--format-file', paths.defs, '--format', 'zk', '--json']);
  t.is(r.exitCode, 0, String(r.stderr));
  t.deepEqual(fileFigures(JSON.parse(String(r.stdout)) as Summary, paths.zk), { format: 'zk', lines: 60, entries: 60, malformed_lines: 0, continuation_lines: 0, levels: true });
  const unknown = await loga(['analyze', paths.zk, '--format', 'zk']);
  t.is(unknown.exitCode, 2);
  t.regex(String(unknown.stderr), /--format: 'zk' is not a format; use one of auto, .*, or define it in a --format-file/);
});

test('LOGA_FORMATS: the definitions of the directory, without --format-file', async (t) => {
  const formatsDir = join(dir, 'formats.d');
  mkdirSync(formatsDir);
  copyFileSync(paths.defs, join(formatsDir, 'mine.json'));
  const r = await loga(['analyze', paths.myapp, '--json'], { env: { LOGA_FORMATS: formatsDir } });
  t.is(r.exitCode, 0, String(r.stderr));
  const s = JSON.parse(String(r.stdout)) as Summary;
  t.is(s.files[0].format, 'myapp');
  t.is(s.errors, 30);
  const missing = await loga(['analyze', paths.myapp], { env: { LOGA_FORMATS: join(dir, 'nope') } });
  t.is(missing.exitCode, 2);
  t.regex(String(missing.stderr), /^loga: LOGA_FORMATS=.*nope: no such directory/);
});

test('a bad --format-file exits 2 naming the file, the key and the fix, before any file is read', async (t) => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ name: 'myapp', regex: '^(?<time>\\S+) (?<level>\\w+)', levels: { SEVERE: 'BAD' }, samples: ['x'] }));
  const r = await loga(['analyze', join(dir, 'no-such.log'), '--format-file', bad]);
  t.is(r.exitCode, 2);
  t.is(String(r.stderr), `loga: ${bad}: /levels/SEVERE: 'BAD' is not a level; use one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL`);
  t.is(String(r.stdout), '');
  const missing = await loga(['supervise', paths.myapp, '--format-file', join(dir, 'none.json')]);
  t.is(missing.exitCode, 2);
  t.regex(String(missing.stderr), /none\.json: \/: no such file; check the path/);
});

test('--help of analyze and supervise lists --format-file', async (t) => {
  for (const cmd of ['analyze', 'supervise']) {
    const r = await loga([cmd, '--help']);
    t.is(r.exitCode, 0);
    t.regex(String(r.stdout), /--format-file <file>\s+User-defined formats: a JSON file of definitions/, cmd);
  }
});
