/**
 * User-defined formats over NATS: `loga supervise --format-file defs.json`
 * served by a `loga worker` started without the file (nor LOGA_FORMATS):
 * the lease carries each definition and the worker builds the formats from
 * it; the figures are exact.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Summary } from '../../src/internal.js';
import { CLI, loga } from '../helpers/cli.js';
import { natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { checkUserFormatFigures, writeUserFormatFixtures } from '../helpers/user-formats.js';

if (natsTestsEnabled(test, 'nats-format-file')) {
  let server: NatsServer;
  const dir = mkdtempSync(join(tmpdir(), 'loga-nats-defs-'));
  const paths = writeUserFormatFixtures(dir);
  // a root of the worker's that holds no log: their chunks' bytes come over NATS
  mkdirSync(join(dir, 'elsewhere'));
  test.before(async () => {
    server = await startNatsServer();
  });
  test.after.always(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [how, allow] of [
    ['reading the files', [dir]],
    ['sent their bytes', [join(dir, 'elsewhere')]],
  ] as const) {
    test.serial(`supervise --format-file, a worker without the file (${how}): the lease carries the definitions, exact figures`, async (t) => {
      t.timeout(60_000);
      const env = { LOGA_FORMATS: '' };
      const worker = execa(process.execPath, [CLI, 'worker', '--id', 'nofile', '--nats', server.url, ...allow.flatMap((d) => ['--allow', d])], { reject: false, timeout: 50_000, stdin: 'ignore', env });
      try {
        const r = await loga(['supervise', paths.myapp, paths.zk, '--format-file', paths.defs, '--json', '--chunk-size', '1kb', '--nats', server.url], { env });
        t.is(r.exitCode, 0, String(r.stderr));
        const s = JSON.parse(String(r.stdout)) as Summary;
        checkUserFormatFigures(t, s, paths);
        t.true(s.chunks.total > 4, `${s.chunks.total} chunks`);
        t.deepEqual(
          s.workers.map((w) => [w.id, w.chunks]),
          [['nofile', s.chunks.total]],
          'every chunk read by the worker that never saw the file',
        );
      } finally {
        worker.kill('SIGTERM');
        const w = await worker;
        t.regex(String(w.stderr), /loga worker nofile: serving/);
        t.notRegex(String(w.stderr), /does not know/);
      }
    });
  }
}
