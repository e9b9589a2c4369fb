/**
 * `loga analyze` forks its actors before loading the CLI (src/cli/prefork-argv.ts, src/transport/prefork.ts);
 * the supervisor must then adopt them, not fork again. A guess that does not
 * match what the command line decides (another log level, fewer workers) must
 * not be adopted.
 */
import test from 'ava';
import { adoptPreforked, preforkFromArgv, releasePreforked, WORKER_MAIN } from '../../src/internal.js';

const argv = (...args: string[]): string[] => [process.execPath, 'cli.js', 'analyze', ...args];

test.afterEach.always(() => releasePreforked());

test.serial('the actors forked for `analyze --quiet --workers 2` are adopted with the level the command line gives workers', (t) => {
  preforkFromArgv(argv('app.log', '--quiet', '--workers', '2'));
  const w1 = adoptPreforked('w1', WORKER_MAIN, { LOGA_LOG_LEVEL: 'error' });
  const w2 = adoptPreforked('w2', WORKER_MAIN, { LOGA_LOG_LEVEL: 'error' });
  t.truthy(w1);
  t.truthy(w2);
  t.is(adoptPreforked('w3', WORKER_MAIN, { LOGA_LOG_LEVEL: 'error' }), undefined);
  w1?.worker.process.kill('SIGKILL');
  w2?.worker.process.kill('SIGKILL');
});

test.serial('--log-level=debug and the default level', (t) => {
  preforkFromArgv(argv('app.log', '--log-level=debug', '--workers=1'));
  const a = adoptPreforked('w1', WORKER_MAIN, { LOGA_LOG_LEVEL: 'debug' });
  t.truthy(a);
  a?.worker.process.kill('SIGKILL');
  preforkFromArgv(argv('app.log', '--workers', '1'));
  const b = adoptPreforked('w1', WORKER_MAIN, { LOGA_LOG_LEVEL: 'warn' });
  t.truthy(b);
  b?.worker.process.kill('SIGKILL');
});

test.serial('an actor started with another environment is not adopted (and is killed)', (t) => {
  preforkFromArgv(argv('app.log', '--workers', '1'));
  t.is(adoptPreforked('w1', WORKER_MAIN, { LOGA_LOG_LEVEL: 'error' }), undefined);
  t.is(adoptPreforked('w1', WORKER_MAIN, { LOGA_LOG_LEVEL: 'warn' }), undefined, 'gone from the pool');
});

test.serial('no prefork for other commands, help, or flags the command line will reject', (t) => {
  for (const a of [
    [process.execPath, 'cli.js', 'supervise', 'app.log'],
    argv('--help'),
    argv('app.log', '--workers', '0'),
    argv('app.log', '--workers', 'many'),
    argv('app.log', '--log-level', 'loud'),
    argv(),
  ]) {
    preforkFromArgv(a);
    t.is(adoptPreforked('w1', WORKER_MAIN, { LOGA_LOG_LEVEL: 'warn' }), undefined, a.slice(2).join(' '));
  }
});
