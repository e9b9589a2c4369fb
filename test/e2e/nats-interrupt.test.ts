/**
 * Ctrl-C during `loga supervise`'s progress bar, typed on a pseudo-terminal.
 * The first one aborts the job and prints the summary (status 3); a second
 * one while that runs exits at once (130). The bar hides the cursor
 * (`\x1b[?25l`): after the second Ctrl-C it stayed hidden (6 of 6 runs).
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultGenOptions, generate } from '../../src/internal.js';
import { CLI } from '../helpers/cli.js';
import { natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { CTRL_C, runInPty } from '../helpers/pty.js';

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

if (natsTestsEnabled(test, 'nats-interrupt')) {
  const dir = mkdtempSync(join(tmpdir(), 'loga-nats-interrupt-'));
  const file = join(dir, 'app.log');
  let server: NatsServer | undefined;
  test.before(async () => {
    await generate({ ...defaultGenOptions(), out: file, size: 20 * 1024 * 1024, format: 'standard', seed: 4 });
    server = await startNatsServer();
  });
  test.after.always(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const argv = (): string[] => [process.execPath, CLI, 'supervise', file, '--workers', '2', '--chunk-size', '64kb', '--nats', (server as NatsServer).url];

  test.serial('supervise, one Ctrl-C at the bar: the job is abandoned and summarized (3), the cursor shown again', async (t) => {
    t.timeout(60_000);
    const r = await runInPty(argv(), [{ waitFor: HIDE_CURSOR, keys: CTRL_C }], 30_000);
    const where = JSON.stringify(r.output.slice(-600));
    t.false(r.timedOut, where);
    t.is(r.typedAt.length, 1, `the bar never hid the cursor; ${where}`);
    const after = r.output.slice(r.typedAt[0]);
    t.true(after.includes(SHOW_CURSOR), `cursor still hidden after Ctrl-C; ${where}`);
    t.regex(after, /interrupted: giving up/, where);
    t.regex(after, /FAILED chunk \d+ .*: interrupted/, where);
    t.is(r.status, 3, where);
  });

  test.serial('supervise, a second Ctrl-C while it summarizes: exit 130 at once, the cursor shown again', async (t) => {
    t.timeout(60_000);
    const r = await runInPty(
      argv(),
      [
        { waitFor: HIDE_CURSOR, keys: CTRL_C },
        { waitFor: 'interrupted: giving up', keys: CTRL_C },
      ],
      30_000,
    );
    const where = JSON.stringify(r.output.slice(-600));
    t.false(r.timedOut, where);
    t.is(r.typedAt.length, 2, `no bar or no abort; ${where}`);
    t.true(r.output.slice(r.typedAt[0]).includes(SHOW_CURSOR), `cursor still hidden after Ctrl-C; ${where}`);
    t.is(r.status, 130, where);
  });
}
