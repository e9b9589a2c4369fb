/**
 * `loga analyze` on a file that changes under it (issue 11: a file truncated
 * while analyze read it gave exit 0, `bytes` of the old size and a line count
 * of neither version). The file is changed right after the CLI planned it, by
 * a hook in the CLI's process (test/helpers/change-on-plan.ts): no race with
 * the reader. Shrunk or replaced: exit 3, the file and what changed named;
 * appended to: exit 0, the figures of the planned size.
 */
import test from 'ava';
import { copyFileSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loga } from '../helpers/cli.js';
import { vectorPath, truthOf } from '../helpers/vectors.js';

const HOOK = pathToFileURL(resolve('dist/test/helpers/change-on-plan.js')).href;
const NORMAL = vectorPath('normal.log');
const SIZE = statSync(NORMAL).size;

function analyzeChanging(change: string, setup: (dir: string) => string = () => '') {
  const dir = mkdtempSync(join(tmpdir(), 'loga-change-e2e-'));
  const path = join(dir, 'app.log');
  copyFileSync(NORMAL, path);
  const arg = setup(dir);
  return {
    path,
    run: loga(['analyze', path, '--workers', '2', '--chunk-size', '16K', '--json'], {
      env: { NODE_OPTIONS: `--import ${HOOK}`, LOGA_TEST_CHANGE_PATH: path, LOGA_TEST_CHANGE: `${change}${arg}` },
      timeout: 60_000,
    }),
  };
}

interface Out {
  bytes: number;
  lines: number;
  chunks: { failed: number; total: number };
  failed_chunks: { reasons: string[] }[];
}

test('a file truncated under loga analyze: exit 3, and every chunk fails naming the file and both sizes', async (t) => {
  const { path, run } = analyzeChanging('truncate:40960');
  const r = await run;
  t.is(r.exitCode, 3, String(r.stderr));
  const out = JSON.parse(String(r.stdout)) as Out;
  t.is(out.chunks.failed, out.chunks.total);
  for (const f of out.failed_chunks) for (const why of f.reasons) t.true(why.endsWith(`${path} shrank from ${SIZE} to 40960 bytes while it was read; the job's figures would match neither version`), why);
  t.regex(String(r.stderr), /shrank from \d+ to 40960 bytes/);
});

test('a file replaced under loga analyze (another renamed over it): exit 3, naming the file', async (t) => {
  const { path, run } = analyzeChanging('replace:', (dir) => {
    const other = join(dir, 'other.log');
    copyFileSync(NORMAL, other);
    return other;
  });
  const r = await run;
  t.is(r.exitCode, 3, String(r.stderr));
  const out = JSON.parse(String(r.stdout)) as Out;
  t.is(out.chunks.failed, out.chunks.total);
  for (const f of out.failed_chunks) for (const why of f.reasons) t.true(why.endsWith(`${path} was replaced (another file is at that path than when the job was planned)`), why);
});

test('a file appended to under loga analyze: exit 0, the figures of the planned size', async (t) => {
  const { run } = analyzeChanging('append:', (dir) => {
    const more = join(dir, 'more.log');
    writeFileSync(more, '2024-01-24 10:15:32.123 ERROR appended later\n'.repeat(1000));
    return more;
  });
  const r = await run;
  t.is(r.exitCode, 0, String(r.stderr));
  const out = JSON.parse(String(r.stdout)) as Out;
  t.is(out.chunks.failed, 0);
  t.is(out.bytes, SIZE);
  t.is(out.lines, truthOf('normal.log').lines);
});
