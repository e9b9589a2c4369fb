/**
 * `--follow` (issue 12): files read as they grow until stopped, with the
 * figures of the bytes they gained as one file: appends (a file there at the
 * start from its end, as tail -f; with sinceStart from 0), a line written in
 * two halves (the half waits), rotation by rename + create (the old file read
 * to its end, the new one from its start), copytruncate (read again from 0),
 * a new file matching the pattern; through the CLI, Ctrl-C ends with the
 * final summary after one JSON summary a line while it ran.
 */
import test from 'ava';
import { execa } from 'execa';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { analyze, defaultGenOptions, generate, startWorker, supervise, type Summary, type WorkerNode } from '../../src/internal.js';
import { CLI } from '../helpers/cli.js';
import { CTRL_C, runInPty } from '../helpers/pty.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-follow-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

let lines: string[] = [];
test.before(async () => {
  const src = join(dir, 'source.log');
  await generate({ ...defaultGenOptions(), out: src, size: 600_000, seed: 41, malformed: 0.01 });
  lines = readFileSync(src, 'utf8').split('\n').slice(0, -1);
});

const text = (from: number, to: number): string => lines.slice(from, to).join('\n') + '\n';

/**
 * The figures that must match a reference run: counts, minutes, sketches,
 * examples; not where the examples sit (their file and offset in it differ:
 * a followed file is read from where it was, a rotated one is another file).
 */
function counts(s: Summary): unknown {
  const { files: _f, bytes: _b, ...rest } = figuresOf(s) as Summary & Record<string, unknown>;
  const json = JSON.stringify(rest).replace(/"file":("[^"]*"|\d+)/g, '"file":0').replace(/"offset":\d+/g, '"offset":0');
  return JSON.parse(json) as unknown;
}

/** The figures of `content` analyzed as one file. */
async function reference(content: string): Promise<unknown> {
  const p = join(dir, `ref-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(p, content);
  return counts(await analyze({ files: [p], workers: 1, actors: 'inprocess' }));
}

/** Runs analyze --follow on patterns while `act` changes the files, then stops it. */
async function following(patterns: string[], act: () => Promise<void>, sinceStart = false): Promise<Summary> {
  const stop = new AbortController();
  const run = analyze({ files: patterns, workers: 2, actors: 'inprocess', follow: { stop: stop.signal, sinceStart } });
  await sleep(400);
  await act();
  await sleep(700); // two polls
  stop.abort();
  return run;
}

test.serial('appends to a file followed from its end: exactly the appended lines, the half line waiting for its end', async (t) => {
  const f = join(dir, 'app.log');
  writeFileSync(f, text(0, 500));
  const s = await following([f], async () => {
    appendFileSync(f, text(500, 1500));
    await sleep(300);
    appendFileSync(f, text(1500, 2000) + lines[2000].slice(0, 25)); // half a line
    await sleep(600);
    appendFileSync(f, lines[2000].slice(25) + '\n' + text(2001, 2500));
  });
  t.is(s.files.length, 1);
  t.true(s.chunks.total >= 2, `${s.chunks.total} chunks`);
  t.deepEqual(counts(s), await reference(text(500, 2500)));
});

test.serial('since the start, rename + create, copytruncate and a new file: every line once, each file generation its own', async (t) => {
  const sub = mkdtempSync(join(dir, 'rot-'));
  const f = join(sub, 'app.log');
  writeFileSync(f, text(0, 400));
  const s = await following(
    [join(sub, '*.log')],
    async () => {
      appendFileSync(f, text(400, 800));
      await sleep(400);
      renameSync(f, join(sub, 'app.log.1')); // logrotate's rename: not *.log any more
      appendFileSync(join(sub, 'app.log.1'), text(800, 900)); // the writer still had it open
      writeFileSync(f, text(900, 1200));
      await sleep(700);
      truncateSync(f, 0); // copytruncate (the copy is elsewhere)
      await sleep(400);
      appendFileSync(f, text(1200, 1300));
      writeFileSync(join(sub, 'new.log'), text(1300, 1400));
    },
    true,
  );
  t.deepEqual(
    s.files.map((x) => [x.path.slice(sub.length + 1), x.lines]),
    [
      ['app.log', 900],
      ['app.log', 300],
      ['app.log', 100],
      ['new.log', 100],
    ],
  );
  t.is(s.chunks.failed, 0);
  t.deepEqual(counts(s), await reference(text(0, 1400)));
});

test.serial('a pattern that matches the rotated names too (app.log*): the renamed file is not read again, nor its compressed copy', async (t) => {
  const sub = mkdtempSync(join(dir, 'star-'));
  const f = join(sub, 'app.log');
  writeFileSync(f, text(0, 300));
  const s = await following(
    [join(sub, 'app.log*')],
    async () => {
      appendFileSync(f, text(300, 600));
      await sleep(400);
      renameSync(f, join(sub, 'app.log.1'));
      writeFileSync(f, text(600, 800));
      await sleep(1200); // past a look for new files: app.log.1 is the file read already
      writeFileSync(join(sub, 'app.log.2.gz'), gzipSync(text(0, 300))); // logrotate compressing an old one
      await sleep(1200);
    },
    true,
  );
  t.deepEqual(
    s.files.map((x) => [x.path.slice(sub.length + 1), x.lines]),
    [
      ['app.log', 600],
      ['app.log', 200],
    ],
  );
  t.deepEqual(counts(s), await reference(text(0, 800)));
});

test.serial('the CLI: -f --json prints a summary a line while it runs, and Ctrl-C the final one; exit 0', async (t) => {
  const f = join(dir, 'cli.log');
  writeFileSync(f, '');
  const child = execa(process.execPath, [CLI, 'analyze', '-f', f, '--json', '--workers', '2'], { reject: false });
  await sleep(600);
  for (let i = 0; i < 5; i++) {
    appendFileSync(f, text(i * 300, (i + 1) * 300));
    await sleep(450);
  }
  child.kill('SIGINT');
  const r = await child;
  t.is(r.exitCode, 0, String(r.stderr));
  const summaries = String(r.stdout)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Summary);
  t.true(summaries.length >= 2, `${summaries.length} summaries`);
  t.true(summaries.slice(0, -1).every((x) => x.final === false));
  const last = summaries[summaries.length - 1];
  t.true(last.final);
  t.is(last.entries + last.malformed_lines, 1500);
  t.true(summaries[0].lines < last.lines, 'the summaries grew as the file did');
});

if (natsTestsEnabled(test, 'follow')) {
  let server: NatsServer;
  test.before(async () => {
    server = await startNatsServer();
  });
  test.after.always(async () => {
    await server?.stop();
  });

  test.serial('supervise --follow: a worker over NATS gets the followed bytes shipped; the appended lines’ figures', async (t) => {
    t.timeout(60_000);
    const f = join(dir, 'nats.log');
    writeFileSync(f, text(0, 100));
    const nodes: WorkerNode[] = [];
    try {
      nodes.push(await startWorker({ id: 'far', nats: { url: server.url }, allow: [resolve('test_vectors')] }));
      await nodes[0].ready();
      const stop = new AbortController();
      const run = supervise({ files: [f], nats: { url: server.url }, follow: { stop: stop.signal } });
      await sleep(500);
      appendFileSync(f, text(100, 700));
      await sleep(400);
      appendFileSync(f, text(700, 1000));
      await sleep(700);
      stop.abort();
      const s = await run;
      t.is(s.chunks.failed, 0);
      t.deepEqual(counts(s), await reference(text(100, 1000)));
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  });
}

test.serial('on a terminal: the table redrawn while lines come, Ctrl-C prints the final one; exit 0', async (t) => {
  t.timeout(60_000);
  const f = join(dir, 'tty.log');
  writeFileSync(f, '');
  let k = 0;
  const writer = setInterval(() => {
    if (k < 10) appendFileSync(f, text(k * 200, ++k * 200));
  }, 300);
  try {
    const r = await runInPty([process.execPath, CLI, 'analyze', '-f', f, '--workers', '2'], [{ waitFor: '(following; Ctrl-C for the final summary)', keys: CTRL_C }], 30_000);
    t.false(r.timedOut, r.output.slice(-500));
    t.is(r.status, 0, r.output.slice(-500));
    const live = r.output.slice(0, r.typedAt[0]);
    t.true(live.includes('\x1b[H\x1b[2J'), 'the screen cleared for each redraw');
    t.regex(live, /entries/, 'a table while following');
    t.regex(r.output.slice(r.typedAt[0]), /entries/, 'the final table after Ctrl-C');
  } finally {
    clearInterval(writer);
  }
});
