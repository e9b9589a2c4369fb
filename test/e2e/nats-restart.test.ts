/**
 * The NATS server restarted in the middle of a job (same port, same JetStream
 * store): the supervisor and the actors reconnect with backoff, the results
 * already in the stream are kept, and the job ends with exact figures.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { analyze, defaultGenOptions, generate, supervise } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, startNatsServer, type NatsServer } from '../helpers/nats-server.js';

if (natsTestsEnabled(test, 'nats-restart')) {
  const dir = mkdtempSync(join(tmpdir(), 'loga-restart-'));
  const store = join(dir, 'nats');
  const file = join(dir, 'app.log');
  test.after.always(() => rmSync(dir, { recursive: true, force: true }));

  test('nats-server restarted mid-job: clients reconnect, JetStream keeps the results, exact figures', async (t) => {
    t.timeout(120_000);
    await generate({ ...defaultGenOptions(), out: file, size: 48 * 1024 * 1024, format: 'standard', seed: 21 });
    const expected = figuresOf(await analyze({ files: [file], workers: 2 }));
    let server: NatsServer = await startNatsServer({ storeDir: store });
    const port = server.port;
    let restart: Promise<void> | null = null;
    let mergedBefore = 0;
    try {
      const s = await supervise({
        files: [file],
        workers: 2,
        chunkSize: 2 * 1024 * 1024,
        nats: { url: server.url },
        onStart: (job) => {
          job.on('merged', () => {
            if (restart !== null || job.chunkCounts().done < 3) return;
            mergedBefore = job.chunkCounts().done;
            restart = (async () => {
              await server.stop();
              await sleep(700);
              server = await startNatsServer({ port, storeDir: store });
            })();
          });
        },
      });
      t.not(restart, null, 'the server was restarted');
      await restart;
      t.true(mergedBefore >= 3 && mergedBefore < s.chunks.total, `merged before the restart: ${mergedBefore} of ${s.chunks.total}`);
      t.is(s.chunks.failed, 0);
      t.deepEqual(figuresOf(s), expected);
    } finally {
      await server.stop();
    }
  });
}
