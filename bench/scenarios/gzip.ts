/**
 * Compressed inputs (issue 12): `loga analyze` on a gzip copy of the 1 GiB
 * standard file, side by side with `zcat FILE > /dev/null` (decompressing,
 * nothing else) and `zcat FILE | wc -l` in the same rounds, as ratios; and
 * on the same lines as 8 gzip files, against one `zcat` of the 8: a
 * compressed file is one chunk, so one file is read by one worker and 8 files
 * spread over both cores (its CPU over its wall time says how many it used).
 * And as one BGZF file (bgzip's layout, written here with python3's zlib):
 * cut at its blocks, one file spreads over both cores. Checks: loga's line
 * count on the gzip file is `zcat | wc -l`'s, and the 8 files and the BGZF
 * file give the one file's figures. The gzip copies (`gzip -6`, what
 * logrotate's compress does) are made once and kept in bench/data/.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logaAnalyze, parseLogaSummary } from '../lib/contenders.js';
import { ensureInput, InputUnavailable } from '../lib/data.js';
import { num, renderTable } from '../lib/format.js';
import { DATA_DIR } from '../lib/paths.js';
import { noiseNote, runRounds, type Contender } from '../lib/rounds.js';
import { load1, renderChecks, renderTargets, roundOptions, target, type Check, type Scenario, type Target } from '../lib/scenario.js';
import { GIB, MB, ratio } from '../lib/stats.js';
import { which } from '../lib/which.js';
import { writeBgzf } from '../lib/bgzf.js';
import { coreFigures, disagreements } from './standard-1g.js';

const NAME = 'gzip';
const PARTS = 8;

/** `gzip -6 -c FROM > TO`, through a temporary file (an interrupted run leaves no half archive). */
function gzipFile(from: string, to: string, log: (s: string) => void): void {
  if (existsSync(to)) return;
  log(`compressing ${from} to ${to} with gzip -6…`);
  const tmp = `${to}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    const r = spawnSync('gzip', ['-6', '-c', from], { stdio: ['ignore', fd, 'inherit'] });
    if (r.status !== 0) throw new InputUnavailable(`gzip failed on ${from} (status ${r.status})`);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, to);
}

/** A BGZF copy of the file (bgzip's layout; made with python3, which bgzip's absence on Debian's base does not stop). */
function bgzfFile(from: string, to: string, log: (s: string) => void): void {
  if (existsSync(to)) return;
  log(`writing ${to} (BGZF, as bgzip would) with python3…`);
  try {
    writeBgzf(from, to);
  } catch (err) {
    throw new InputUnavailable((err as Error).message);
  }
}

/** The file cut into `n` parts at line ends, each gzip-compressed; their paths. */
function gzipParts(from: string, n: number, log: (s: string) => void): string[] {
  const paths = Array.from({ length: n }, (_, i) => join(DATA_DIR, `${from.split('/').pop()}.part${i + 1}of${n}.gz`));
  if (paths.every((p) => existsSync(p))) return paths;
  const data = readFileSync(from);
  let start = 0;
  paths.forEach((p, i) => {
    let end = i === n - 1 ? data.length : data.indexOf(10, Math.floor(((i + 1) * data.length) / n)) + 1;
    if (end <= 0) end = data.length;
    const plain = `${p}.plain`;
    writeFileSync(plain, data.subarray(start, end));
    gzipFile(plain, p, log);
    spawnSync('rm', ['-f', plain]);
    start = end;
  });
  return paths;
}

function sh(id: string, label: string, script: string, kind: Contender['kind']): Contender {
  return { id, label, kind, cmd: { file: 'sh', args: ['-c', script], env: { ...process.env, LC_ALL: 'C' } } };
}

export const scenario: Scenario = {
  name: NAME,
  title: 'loga analyze on gzip copies of the 1 GiB standard file (one file, 8 files) vs zcat and zcat | wc -l',
  async run(ctx) {
    if (which('gzip') === null || which('zcat') === null) throw new InputUnavailable('gzip and zcat are not installed');
    const input = await ensureInput({ format: 'standard', size: GIB }, ctx.log);
    const gz = `${input.path}.gz`;
    gzipFile(input.path, gz, ctx.log);
    const parts = gzipParts(input.path, PARTS, ctx.log);
    const bgz = `${input.path}.bgz`;
    bgzfFile(input.path, bgz, ctx.log);
    const quoted = (p: string): string => `'${p.replace(/'/g, "'\\''")}'`;
    const contenders: Contender[] = [
      logaAnalyze([gz], { id: 'loga-gz', label: 'loga analyze FILE.gz' }),
      sh('zcat', 'zcat FILE.gz > /dev/null', `zcat ${quoted(gz)} > /dev/null`, 'floor'),
      sh('zcat-wc', 'zcat FILE.gz | wc -l', `zcat ${quoted(gz)} | wc -l`, 'reference'),
      logaAnalyze(parts, { id: 'loga-parts', label: `loga analyze ${PARTS} .gz files` }),
      sh('zcat-parts', `zcat ${PARTS} .gz files > /dev/null`, `zcat ${parts.map(quoted).join(' ')} > /dev/null`, 'floor'),
      logaAnalyze([bgz], { id: 'loga-bgz', label: 'loga analyze FILE.bgz (BGZF)' }),
      sh('zcat-bgz', 'zcat FILE.bgz > /dev/null', `zcat ${quoted(bgz)} > /dev/null`, 'floor'),
    ];
    const loadBefore = load1();
    const results = await runRounds(contenders, roundOptions(ctx), NAME);
    const [one, zcat, zcatWc, many, zcatMany, blocks, zcatBlocks] = results;
    const gzBytes = readFileSync(gz).length;
    const targets: Target[] = [
      target(NAME, `${PARTS} .gz files use both cores (loga's CPU over its wall time)`, many.error === undefined ? many.cpuSeconds / many.seconds : NaN, '>=', 1.6, ' cores'),
      target(NAME, `${PARTS} .gz files in less time than one zcat of them`, ratio(many.seconds, zcatMany.seconds), '<', 1, '×'),
      target(NAME, 'one BGZF file uses both cores (its blocks are chunks)', blocks.error === undefined ? blocks.cpuSeconds / blocks.seconds : NaN, '>=', 1.6, ' cores'),
    ];
    const checks: Check[] = [];
    if (one.error === undefined && zcatWc.error === undefined && one.runs.length > 0 && zcatWc.runs.length > 0) {
      const s = parseLogaSummary(one.runs[0].stdout);
      const wc = Number(zcatWc.runs[0].stdout.trim());
      checks.push({ what: 'loga lines on FILE.gz = zcat | wc -l', ok: s.lines === wc, detail: `${s.lines} vs ${wc}` });
      if (many.error === undefined && many.runs.length > 0) {
        const diff = disagreements(coreFigures(s), coreFigures(parseLogaSummary(many.runs[0].stdout)));
        checks.push({ what: `the ${PARTS} files give the one file's figures`, ok: diff === '', detail: diff === '' ? 'yes' : diff });
      }
      if (blocks.error === undefined && blocks.runs.length > 0) {
        const diff = disagreements(coreFigures(s), coreFigures(parseLogaSummary(blocks.runs[0].stdout)));
        checks.push({ what: "the BGZF file gives the gzip file's figures", ok: diff === '', detail: diff === '' ? 'yes' : diff });
      }
    }
    for (const r of results) if (r.error !== undefined) checks.push({ what: `${r.label} ran`, ok: false, detail: r.error });
    const rows = [
      { r: one, vs: `${num(ratio(one.seconds, zcat.seconds))}× zcat, ${num(ratio(one.seconds, zcatWc.seconds))}× zcat | wc -l` },
      { r: zcat, vs: '' },
      { r: zcatWc, vs: '' },
      { r: many, vs: `${num(ratio(many.seconds, zcatMany.seconds))}× one zcat of the ${PARTS}` },
      { r: zcatMany, vs: '' },
      { r: blocks, vs: `${num(ratio(blocks.seconds, zcatBlocks.seconds))}× zcat of it` },
      { r: zcatBlocks, vs: '' },
    ];
    const text =
      `1 GiB of standard lines as one gzip file (${num(gzBytes / MB)} MB) and as ${PARTS}; median of ${ctx.runs} runs after a warm-up run\n` +
      renderTable(
        [
          { header: 'command', cell: (x) => x.r.label, left: true },
          { header: 'wall s', cell: (x) => num(x.r.seconds) },
          { header: 'CPU s', cell: (x) => num(x.r.cpuSeconds) },
          { header: 'cores', cell: (x) => num(x.r.cpuSeconds / x.r.seconds) },
          { header: 'ratio', cell: (x) => x.vs, left: true },
        ],
        rows,
      ) +
      renderTargets(targets) +
      renderChecks(checks) +
      `  note: ${noiseNote(results, loadBefore, load1())}\n`;
    return {
      text,
      targets,
      checks,
      notes: [],
      data: { gz_bytes: gzBytes, rows: rows.map((x) => ({ command: x.r.label, seconds: x.r.seconds, cpu_s: x.r.cpuSeconds })) },
    };
  },
};
