/**
 * A forked process as a supervisor Child: its exit reaches the supervisor at
 * once, but for a death by SIGINT (an actor hit by a terminal's Ctrl-C while
 * it started), reported SIGINT_EXIT_DELAY_MS later so that the supervisor's
 * own SIGINT, from the same keystroke, is handled first.
 */
import test from 'ava';
import { fork } from 'node:child_process';
import { processChild, SIGINT_EXIT_DELAY_MS } from '../../src/internal.js';

/** A child that idles until killed, as a supervisor Child; resolves once it runs. */
async function idleChild(): Promise<{ child: ReturnType<typeof processChild>; kill: (s: NodeJS.Signals) => void }> {
  const proc = fork('-e', ['process.send("up"); setInterval(() => {}, 1000)'], { execArgv: [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  await new Promise<void>((resolve) => proc.once('message', () => resolve()));
  return { child: processChild(proc, 2000), kill: (s) => proc.kill(s) };
}

function exitOf(child: ReturnType<typeof processChild>): Promise<{ signal: string | null; at: number }> {
  return new Promise((resolve) => child.onExit((_code, signal) => resolve({ signal, at: Date.now() })));
}

test('a child killed by SIGKILL or SIGTERM is reported at once', async (t) => {
  for (const s of ['SIGKILL', 'SIGTERM'] as const) {
    const { child, kill } = await idleChild();
    const t0 = Date.now();
    const exit = exitOf(child);
    kill(s);
    const e = await exit;
    t.is(e.signal, s);
    t.true(e.at - t0 < SIGINT_EXIT_DELAY_MS, `${s}: reported after ${e.at - t0} ms`);
  }
});

test('a child that died of SIGINT is reported SIGINT_EXIT_DELAY_MS later, with its signal', async (t) => {
  const { child, kill } = await idleChild();
  const t0 = Date.now();
  const exit = exitOf(child);
  kill('SIGINT');
  const e = await exit;
  t.is(e.signal, 'SIGINT');
  t.true(e.at - t0 >= SIGINT_EXIT_DELAY_MS, `reported after ${e.at - t0} ms`);
  // and stop() on a child already gone resolves
  await child.stop();
  t.pass();
});
