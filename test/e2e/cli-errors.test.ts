/** What a user sees when the input or the flags are wrong (SPEC §1 exit statuses). */
import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Summary } from '../../src/internal.js';
import { loga } from '../helpers/cli.js';
import { vectorPath } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-cli-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('a missing file exits 2 and names the file', async (t) => {
  const missing = join(dir, 'nope.log');
  const r = await loga(['analyze', missing]);
  t.is(r.exitCode, 2);
  t.true(String(r.stderr).includes(missing), String(r.stderr));
  t.regex(String(r.stderr), /no such file/);
  t.is(String(r.stdout), '');
});

test('a directory exits 2 and says what to give instead', async (t) => {
  const r = await loga(['analyze', dir]);
  t.is(r.exitCode, 2);
  t.regex(String(r.stderr), /is a directory/);
  t.true(String(r.stderr).includes(dir));
});

test('a glob that matches nothing exits 2', async (t) => {
  const r = await loga(['analyze', join(dir, '*.nothing')]);
  t.is(r.exitCode, 2);
  t.regex(String(r.stderr), /no file matches/);
});

test('an unknown flag exits 2 and names it', async (t) => {
  const r = await loga(['analyze', vectorPath('normal.log'), '--wokers', '2']);
  t.is(r.exitCode, 2);
  t.regex(String(r.stderr), /--wokers/);
});

for (const [flag, value, pattern] of [
  ['--workers', 'abc', /--workers: 'abc' must be a whole number/],
  ['--workers', '0', /--workers: '0' must be a whole number from 1/],
  ['--chunk-size', '12parsecs', /--chunk-size: '12parsecs' is not a size/],
  ['--format', 'xml', /--format: 'xml' is not a format/],
  ['--log-level', 'loud', /--log-level: 'loud' is not a level/],
  ['--out', '/nonexistent-loga-dir/summary.json', /--out: cannot write \/nonexistent-loga-dir\/summary.json: no directory/],
] as const) {
  test(`a bad value ${flag} ${value} exits 2 with a message naming the flag`, async (t) => {
    const r = await loga(['analyze', vectorPath('normal.log'), flag, value]);
    t.is(r.exitCode, 2);
    t.regex(String(r.stderr), pattern);
    t.is(String(r.stdout), '');
  });
}

test('gen into a missing directory or onto a directory exits 2 naming OUT', async (t) => {
  const missing = await loga(['gen', '/nonexistent-loga-dir/x.log', '--size', '1kb']);
  t.is(missing.exitCode, 2);
  t.regex(String(missing.stderr), /gen OUT: cannot write \/nonexistent-loga-dir\/x.log: no directory/);
  const onDir = await loga(['gen', dir, '--size', '1kb']);
  t.is(onDir.exitCode, 2);
  t.regex(String(onDir.stderr), /is a directory/);
});

test('no command and an unknown command exit 2', async (t) => {
  t.is((await loga([])).exitCode, 2);
  const r = await loga(['analyse', 'x.log']);
  t.is(r.exitCode, 2);
  t.regex(String(r.stderr), /unknown command 'analyse'/);
});

test('an empty file gives zero figures and exit 0', async (t) => {
  const empty = join(dir, 'empty.log');
  writeFileSync(empty, '');
  const r = await loga(['analyze', empty, '--json']);
  t.is(r.exitCode, 0, String(r.stderr));
  const s = JSON.parse(String(r.stdout)) as Summary;
  t.is(s.lines, 0);
  t.is(s.entries, 0);
  t.is(s.total_requests, 0);
  t.is(s.error_rate, 0);
  t.is(s.requests_per_second, 0);
  t.is(s.avg_response_time, null);
  t.deepEqual(s.per_minute, []);
  t.is(s.chunks.total, 0);
});

test('--json writes nothing but the JSON on stdout, and --out writes the same JSON', async (t) => {
  const out = join(dir, 'summary.json');
  const r = await loga(['analyze', vectorPath('malformed.log'), '--json', '--out', out, '--log-level', 'debug']);
  t.is(r.exitCode, 0);
  const s = JSON.parse(String(r.stdout)) as Summary;
  t.is(s.malformed_lines, 30);
  const { readFileSync } = await import('node:fs');
  t.deepEqual(JSON.parse(readFileSync(out, 'utf8')), s);
});

test('the default output is the summary table', async (t) => {
  const r = await loga(['analyze', vectorPath('malformed.log')]);
  t.is(r.exitCode, 0);
  const out = String(r.stdout);
  t.regex(out, /requests\s+200 /);
  t.regex(out, /2024-01-24T10:15\s+273\s+12/);
  t.regex(out, /Upstream returned #/);
  t.regex(out, /malformed 30/);
});

test('help lists the commands', async (t) => {
  const r = await loga(['--help']);
  t.is(r.exitCode, 0);
  t.regex(String(r.stdout), /analyze \[\.\.\.files\]/);
  t.regex(String(r.stdout), /gen <out>/);
});

test('loga help [command] prints the help and exits 0; --version prints the package version', async (t) => {
  const all = await loga(['help']);
  t.is(all.exitCode, 0);
  t.regex(String(all.stdout), /analyze \[\.\.\.files\]/);
  const one = await loga(['help', 'analyze']);
  t.is(one.exitCode, 0);
  t.regex(String(one.stdout), /--chunk-size <size> .*\(default 32mb\)/);
  const v = await loga(['--version']);
  t.is(v.exitCode, 0);
  const { readFileSync } = await import('node:fs');
  t.true(String(v.stdout).includes(`loga/${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}`), String(v.stdout));
});

test('globs: ** and {a,b} expand, sorted, hidden files only where named; a missing base directory is said; a file named like a pattern is read as it is', async (t) => {
  const root = join(dir, 'globs');
  for (const p of ['a/b', 'c', '.h']) mkdirSync(join(root, p), { recursive: true });
  const line = readFileSync(vectorPath('normal.log'), 'utf8').split('\n')[0] + '\n';
  for (const f of ['x.log', 'a/y.log', 'a/b/z.log', 'c/w.log', 'c/v.txt', '.h/q.log', 'odd[1].log']) writeFileSync(join(root, f), line);
  const paths = async (pattern: string): Promise<string[]> => {
    const r = await loga(['analyze', pattern, '--json']);
    t.is(r.exitCode, 0, String(r.stderr));
    return (JSON.parse(String(r.stdout)) as { files: { path: string }[] }).files.map((f) => f.path.slice(root.length + 1));
  };
  t.deepEqual(await paths(join(root, '**/*.log')), ['a/b/z.log', 'a/y.log', 'c/w.log', 'odd[1].log', 'x.log']);
  t.deepEqual(await paths(join(root, '{a,c}/*.log')), ['a/y.log', 'c/w.log']);
  t.deepEqual(await paths(join(root, '.h/*.log')), ['.h/q.log']);
  t.deepEqual(await paths(join(root, 'odd[1].log')), ['odd[1].log'], 'an existing file is not a pattern');
  const missing = await loga(['analyze', join(root, 'nope/**/*.log')]);
  t.is(missing.exitCode, 2);
  t.regex(String(missing.stderr), /nope\/\*\*\/\*\.log: no such directory .*nope/);
});

test('an empty file and one of blank lines get a warning naming them; the others are counted', async (t) => {
  const empty = join(dir, 'empty.log');
  const blank = join(dir, 'blank.log');
  writeFileSync(empty, '');
  writeFileSync(blank, '\n  \n\t\n');
  const r = await loga(['analyze', empty, blank, vectorPath('normal.log'), '--json']);
  t.is(r.exitCode, 0, String(r.stderr));
  t.regex(String(r.stderr), /empty\.log: the file is empty; there is nothing to count/);
  t.regex(String(r.stderr), /blank\.log: the file has only blank lines; there is nothing to count/);
  t.notRegex(String(r.stderr), /normal\.log: the file/);
  t.true((JSON.parse(String(r.stdout)) as { entries: number }).entries > 0);
});
