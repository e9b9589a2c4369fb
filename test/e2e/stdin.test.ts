/**
 * Standard input (issue 12): `loga analyze -`, and `loga analyze` with a
 * pipe and no file argument, give the figures of a run over the same bytes
 * as a file (the summary names the input `-`); a 110 MB pipe goes through
 * while the supervisor's memory stays far below the stream's size (it is
 * spooled to a temporary file, removed after); nothing on stdin (a terminal,
 * /dev/null) with no file is a usage error; `supervise -` over NATS.
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { analyze, defaultGenOptions, generate, startWorker, supervise, type Summary, type WorkerNode } from '../../src/internal.js';
import { CLI, loga } from '../helpers/cli.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-stdin-test-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** The summary's figures with the files' names aside (the stream is `-`, the file its path). */
function figures(s: Summary): unknown {
  return { ...figuresOf(s), files: s.files.map((f) => ({ ...f, path: '' })) };
}

/** A file's summary, and its figures with its path replaced by `-` (what the stream's summary must equal). */
async function fileRun(path: string): Promise<unknown> {
  const s = await analyze({ files: [path], workers: 2, actors: 'inprocess' });
  return JSON.parse(JSON.stringify(figures(s)).split(JSON.stringify(path).slice(1, -1)).join('-')) as unknown;
}

/** Spools in the temporary directory that are loga's: none must be left. */
function spools(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('loga-stdin-') && !n.startsWith('loga-stdin-test-'));
}

/** The VmRSS of a process in kB, sampled until it exits: the largest seen. */
function sampleRss(pid: number, every = 20): { stop: () => number } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // exited
    }
  }, every);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

test.serial('a 110 MB pipe into loga analyze -: the file run’s figures, the supervisor far smaller than the stream, no spool left', async (t) => {
  t.timeout(120_000);
  const path = join(dir, 'big.log');
  await generate({ ...defaultGenOptions(), out: path, size: 110_000_000, seed: 31, malformed: 0.001 });
  const spoolsBefore = spools().length;
  /** The CLI's run and its supervisor's peak RSS (MB). */
  const run = async (args: string[], inputFile?: string): Promise<{ s: Summary; peakMb: number }> => {
    const child = execa(process.execPath, [CLI, 'analyze', ...args, '--json', '--workers', '2'], { reject: false, ...(inputFile !== undefined ? { inputFile } : { stdin: 'ignore' }) });
    const rss = sampleRss(child.pid as number);
    const r = await child;
    const peakMb = rss.stop() / 1024;
    t.is(r.exitCode, 0, String(r.stderr));
    return { s: JSON.parse(String(r.stdout)) as Summary, peakMb };
  };
  const piped = await run(['-'], path);
  const file = await run([path]);
  t.is(piped.s.files[0].path, '-');
  t.deepEqual(figures(piped.s), await fileRun(path));
  // the stream is not held: the supervisor is as big as when it reads the file, far below the stream's 110 MB
  t.log(`supervisor peak RSS: ${piped.peakMb.toFixed(0)} MB with the pipe, ${file.peakMb.toFixed(0)} MB with the file`);
  t.true(piped.peakMb > 0 && piped.peakMb < file.peakMb + 25, `the supervisor's RSS peaked at ${piped.peakMb.toFixed(0)} MB with the pipe, ${file.peakMb.toFixed(0)} MB with the file`);
  t.is(spools().length, spoolsBefore, 'the spool is removed');
});

test.serial('a pipe and no file argument reads standard input; with nothing on it (/dev/null), no file is a usage error naming the fix', async (t) => {
  const path = join(dir, 'small.log');
  await generate({ ...defaultGenOptions(), out: path, size: 400_000, seed: 32 });
  const r = await execa(process.execPath, [CLI, 'analyze', '--json'], { inputFile: path, reject: false });
  t.is(r.exitCode, 0, String(r.stderr));
  t.deepEqual(figures(JSON.parse(String(r.stdout)) as Summary), await fileRun(path));
  const none = await loga(['analyze']); // stdin: /dev/null
  t.is(none.exitCode, 2);
  t.regex(String(none.stderr), /no input files; give log files .*or pipe a log in \(cat app\.log \| loga analyze -\)/);
  // `-` among files, before or after them (cac would drop it and what follows: the CLI keeps it)
  for (const args of [['-', path], [path, '-']]) {
    const both = await execa(process.execPath, [CLI, 'analyze', ...args, '--json'], { inputFile: path, reject: false });
    t.is(both.exitCode, 0, String(both.stderr));
    t.deepEqual(
      (JSON.parse(String(both.stdout)) as Summary).files.map((f) => f.path),
      args,
    );
  }
  const twice = await execa(process.execPath, [CLI, 'analyze', '-', '-'], { inputFile: path, reject: false });
  t.is(twice.exitCode, 2);
  t.regex(String(twice.stderr), /'-' \(standard input\) can be given once/);
});

test.serial('the library: analyze({ files: ["-", file], stdin }) reads the stream beside a file; the format is detected on the stream', async (t) => {
  const path = join(dir, 'nginx.log');
  await generate({ ...defaultGenOptions(), out: path, size: 300_000, seed: 33, format: 'nginx' });
  const s = await analyze({ files: ['-', path], stdin: Readable.from([readFileSync(path)]), workers: 2, actors: 'inprocess' });
  t.deepEqual(
    s.files.map((f) => [f.path, f.format]),
    [
      ['-', 'nginx'],
      [path, 'nginx'],
    ],
  );
  t.is(s.files[0].lines, s.files[1].lines);
  t.is(s.entries, 2 * s.files[1].lines);
});

if (natsTestsEnabled(test, 'stdin')) {
  let server: NatsServer;
  test.before(async () => {
    server = await startNatsServer();
  });
  test.after.always(async () => {
    await server?.stop();
  });

  test.serial('supervise -: a worker that cannot open the spool gets its bytes shipped; the file run’s figures', async (t) => {
    t.timeout(60_000);
    const path = join(dir, 'nats.log');
    await generate({ ...defaultGenOptions(), out: path, size: 2_000_000, seed: 34 });
    const nodes: WorkerNode[] = [];
    try {
      // allowed only the test vectors: the spool (in the temporary directory) is shipped to it
      nodes.push(await startWorker({ id: 'remote', nats: { url: server.url }, allow: [resolve('test_vectors')] }));
      await nodes[0].ready();
      const s = await supervise({ files: ['-'], stdin: Readable.from([readFileSync(path)]), nats: { url: server.url }, chunkSize: 512 * 1024 });
      t.is(s.chunks.done, s.chunks.total);
      t.true(s.chunks.total > 2);
      t.deepEqual(figures(s), await fileRun(path));
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  });
}
