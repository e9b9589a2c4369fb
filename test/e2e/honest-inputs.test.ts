/**
 * Honest reporting (issue 10 point 6): a binary file is refused (exit 2,
 * naming it), not summed as garbage, and a compressed one is read
 * decompressed (issue 12; test/e2e/compressed.test.ts); a file mostly malformed gets a
 * warning on stderr naming it, the share, the format, two lines and the fix;
 * `loga formats` lists the catalogue and ranks formats on files.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formats, notText } from '../../src/internal.js';
import { loga } from '../helpers/cli.js';
import { vectorPath } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-honest-'));

test('what is not text: binary by its share of control bytes; a log with junk lines is text', (t) => {
  const elf = Buffer.alloc(4096);
  elf.write('\x7fELF', 0, 'latin1');
  t.regex(notText(elf) ?? '', /is binary \(\d+ % of its first 4096 bytes are control bytes\)/);
  t.is(notText(readFileSync(vectorPath('malformed.log'))), null, 'malformed.log has NUL bytes on 5 of 330 lines: still a log');
  t.is(notText(Buffer.from('')), null);
  t.is(notText(Buffer.from('\x1b[31mERROR\x1b[0m colored\tline\r\n')), null);
});

test('loga analyze reads a rotated access.log.2.gz as the access log it holds, and refuses a binary file with exit 2, naming it', async (t) => {
  const gz = join(dir, 'access.log.2.gz');
  writeFileSync(gz, gzipSync('10.0.0.1 - - [24/Jan/2024:10:15:33 +0000] "GET /a HTTP/1.1" 200 512\n'.repeat(50)));
  const r = await loga(['analyze', gz, '--json']);
  t.is(r.exitCode, 0, String(r.stderr));
  const s = JSON.parse(String(r.stdout)) as { entries: number; malformed_lines: number; total_requests: number };
  t.like(s, { entries: 50, malformed_lines: 0, total_requests: 50 });
  const bin = join(dir, 'core.bin');
  writeFileSync(bin, Buffer.alloc(10000, 1));
  const b = await loga(['analyze', bin, '--json']);
  t.is(b.exitCode, 2);
  t.regex(String(b.stderr), /core\.bin.*binary/s);
});

test('a file mostly malformed: a warning naming the file, the share, the format, two of its lines and the fix; exit 0', async (t) => {
  const f = join(dir, 'other.log');
  writeFileSync(f, '2024-01-24 10:15:32.123 INFO ok\n' + 'GARBAGE line one\nGARBAGE line two\n'.repeat(20));
  const r = await loga(['analyze', f, '--json', '--log-level', 'warn']);
  t.is(r.exitCode, 0);
  const err = String(r.stderr);
  t.regex(err, /other\.log: 97\.6 % of its lines \(40 of 41\) are malformed as format 'standard'/);
  t.regex(err, /GARBAGE line one/);
  t.regex(err, /GARBAGE line two/);
  t.regex(err, /--format NAME.*loga formats --detect.*--format-file/s);
  const s = JSON.parse(String(r.stdout)) as { files: { malformed_lines: number; lines: number }[] };
  t.is(s.files[0].malformed_lines, 40);
  const quiet = await loga(['analyze', vectorPath('malformed.log'), '--json', '--log-level', 'warn']);
  t.is(String(quiet.stderr), '', 'malformed.log is 9 % malformed: no warning');
});

test('loga formats lists every registry format with a sample; --json gives the same list', async (t) => {
  const r = await loga(['formats']);
  t.is(r.exitCode, 0);
  for (const f of formats.list()) {
    t.regex(String(r.stdout), new RegExp(`^${f.name} +${f.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'), f.name);
  }
  const j = await loga(['formats', '--json']);
  const list = JSON.parse(String(j.stdout)) as { name: string; sample: string }[];
  t.deepEqual(list.map((f) => f.name), formats.names());
  t.true(list.every((f) => f.sample.length > 0));
});

test('loga formats --detect ranks the formats on each file and names the one detection picks', async (t) => {
  const r = await loga(['formats', '--detect', vectorPath('malformed.log'), vectorPath('normal.log')]);
  t.is(r.exitCode, 0);
  t.regex(String(r.stdout), /malformed\.log: standard \(reads 90\.9 % of 330 lines\)\n {2}standard +90\.9 % +\(300 entries\)/);
  t.regex(String(r.stdout), /normal\.log: standard \(reads 100\.0 % of/);
  const j = await loga(['formats', '--detect', '--json', vectorPath('malformed.log')]);
  const [d] = JSON.parse(String(j.stdout)) as { chosen: { name: string; share: number }; format: string; lines: number }[];
  t.is(d.chosen.name, 'standard');
  t.is(d.format, 'standard');
  t.is(d.lines, 330);
  const none = await loga(['formats', '--detect']);
  t.is(none.exitCode, 2);
  t.regex(String(none.stderr), /give the files/);
  const missing = await loga(['formats', '--detect', join(dir, 'nope.log')]);
  t.is(missing.exitCode, 2);
  t.regex(String(missing.stderr), /nope\.log/);
});
