/** The benchmark's helpers (bench/lib): statistics, options, /proc parsing, the RSS sampler, the awk reference. */
import test from 'ava';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { median, max, min, parseSizeLabel, ratio, sizeArg, sizeLabel, GIB, MIB } from '../../bench/lib/stats.js';
import { parseBenchOptions, BenchUsageError } from '../../bench/lib/options.js';
import { parseStatPpid, parseStatus, procAvailable, ProcTreeSampler } from '../../bench/lib/proc-tree.js';
import { measure } from '../../bench/lib/measure.js';
import { parseAwkOutput } from '../../bench/lib/contenders.js';
import { renderTable, num } from '../../bench/lib/format.js';
import { target } from '../../bench/lib/scenario.js';
import { which } from '../../bench/lib/which.js';

test('median, max, min, ratio', (t) => {
  t.is(median([3, 1, 2]), 2);
  t.is(median([4, 1, 3, 2]), 2.5);
  t.true(Number.isNaN(median([])));
  t.is(median([NaN, 5]), 5);
  t.is(max([1, NaN, 3]), 3);
  t.is(min([2, NaN, 1]), 1);
  t.is(ratio(6, 3), 2);
  t.true(Number.isNaN(ratio(1, 0)));
  t.true(Number.isNaN(ratio(undefined, 1)));
});

test('sizes: labels, loga --size arguments', (t) => {
  t.is(parseSizeLabel('128mb'), 128 * MIB);
  t.is(parseSizeLabel('4gb'), 4 * GIB);
  t.is(parseSizeLabel('1 GiB'), GIB);
  t.is(parseSizeLabel('1.5g'), 1.5 * GIB);
  t.is(parseSizeLabel('1000'), 1000);
  t.throws(() => parseSizeLabel('big'));
  t.is(sizeArg(256 * MIB), '256mb');
  t.is(sizeArg(GIB), '1gb');
  t.is(sizeLabel(4 * GIB), '4 GiB');
  t.is(sizeLabel(1.5 * GIB), '1.5 GiB');
});

test('options: defaults, flags over environment, --max-size', (t) => {
  const d = parseBenchOptions([], {});
  t.is(d.runs, 3);
  t.deepEqual(d.sizes, [128 * MIB, 256 * MIB, 512 * MIB, GIB, 2 * GIB, 4 * GIB]);
  t.deepEqual(d.workers, [1, 2, 3, 4]);
  const o = parseBenchOptions(['--runs', '5', '--only=standard-1g,nginx', '--max-size', '1gb'], { BENCH_RUNS: '2', BENCH_SKIP: 'parsers-micro' });
  t.is(o.runs, 5);
  t.deepEqual(o.only, ['standard-1g', 'nginx']);
  t.deepEqual(o.skip, ['parsers-micro']);
  t.deepEqual(o.sizes, [128 * MIB, 256 * MIB, 512 * MIB, GIB]);
  t.is(parseBenchOptions([], { BENCH_RUNS: '7' }).runs, 7);
  t.throws(() => parseBenchOptions(['--runs', '0'], {}), { instanceOf: BenchUsageError });
  t.throws(() => parseBenchOptions(['--frobnicate'], {}), { instanceOf: BenchUsageError });
});

test('/proc parsing: ppid after a comm with spaces and parentheses, VmHWM', (t) => {
  t.is(parseStatPpid('1234 (my (odd) name) S 42 1234 1234 0 -1'), 42);
  const s = parseStatus('Name:\tnode\nState:\tS (sleeping)\nVmHWM:\t   75432 kB\nVmRSS:\t   70000 kB\n');
  t.deepEqual(s, { name: 'node', hwmKb: 75432 });
  t.true(Number.isNaN(parseStatus('Name:\tkthreadd\n').hwmKb));
});

test('the table pads and aligns', (t) => {
  const out = renderTable([{ header: 'name', left: true, cell: (r: [string, number]) => r[0] }, { header: 'n', cell: (r) => num(r[1]) }], [
    ['a', 1.2345],
    ['longer', 1234.5],
  ]);
  t.is(out, '  name       n\n  ------  ----\n  a       1.23\n  longer  1235\n');
});

test('targets: PASS, MISS, N/A', (t) => {
  t.is(target('s', 'x', 9, '>=', 8, '×').status, 'PASS');
  t.is(target('s', 'x', 7, '>=', 8, '×').status, 'MISS');
  t.is(target('s', 'x', 120, '<', 100, ' MB').status, 'MISS');
  t.is(target('s', 'x', NaN, '<=', 1.5, '×').status, 'N/A');
});

const linux = procAvailable() ? test : test.skip;

linux('measure: the command and its forked child, each with its peak RSS', async (t) => {
  // a parent (small) forks a child that touches ~120 MB, then both exit
  const script = `
    const { fork } = require('node:child_process');
    if (process.argv[2] === 'child') { const b = Buffer.alloc(120e6, 1); setTimeout(() => process.exit(b[5] - 1), 400); }
    else { const c = fork(process.argv[1], ['child']); c.on('exit', (code) => process.exit(code)); }`;
  const file = resolve('dist', 'test', 'bench', 'sampler-fixture.cjs');
  const { writeFileSync, rmSync } = await import('node:fs');
  writeFileSync(file, script);
  try {
    const r = await measure({ file: process.execPath, args: [file] });
    t.is(r.exitCode, 0);
    t.is(r.children, 1);
    t.true(r.childMaxMb > 120, `child ${r.childMaxMb} MB`);
    t.true(r.primaryMb < r.childMaxMb);
    t.true(r.peakMb >= r.childMaxMb);
    t.true(r.seconds > 0.3);
  } finally {
    rmSync(file, { force: true });
  }
});

linux('the sampler stops with the last sample of a live process', async (t) => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 2000)'], { stdio: 'ignore' });
  const pid = child.pid ?? -1;
  const s = new ProcTreeSampler(pid, 10, 10);
  s.start();
  await new Promise((r) => setTimeout(r, 100));
  const procs = s.stop();
  child.kill();
  t.is(procs.length, 1);
  t.is(procs[0].pid, pid);
  t.true(procs[0].hwmKb > 1000);
});

const withMawk = which('mawk') ? test : test.skip;

withMawk('the mawk reference agrees with loga on the acceptance vectors', async (t) => {
  for (const name of ['normal.log', 'malformed.log']) {
    const file = resolve('test_vectors', 'logs', name);
    const awk = parseAwkOutput((await execa('mawk', ['-f', resolve('bench', 'reference.awk'), file])).stdout);
    const loga = JSON.parse((await execa(process.execPath, [resolve('dist', 'src', 'cli.js'), 'analyze', file, '--json', '--quiet', '--workers', '1'])).stdout) as {
      lines: number;
      entries: number;
      errors: number;
      total_requests: number;
      avg_response_time: number;
      resources: { memory_mb: { avg: number } | null; cpu_pct: { avg: number } | null };
      per_minute: unknown[];
    };
    t.is(awk.lines, loga.lines, name);
    t.is(awk.entries, loga.entries, name);
    t.is(awk.errors, loga.errors, name);
    t.is(awk.requests, loga.total_requests, name);
    t.true(Math.abs(awk.avg_response_time - loga.avg_response_time) < 1e-6, name);
    t.true(Math.abs(awk.memory_mb_avg - (loga.resources.memory_mb?.avg ?? 0)) < 1e-6, name);
    t.true(Math.abs(awk.cpu_pct_avg - (loga.resources.cpu_pct?.avg ?? 0)) < 1e-6, name);
    t.is(awk.minutes, loga.per_minute.length, name);
  }
});
