/**
 * A worker without the file gets its chunks' bytes over NATS, and its actor
 * stays under the SPEC's 100 MB (issue 11: shipping actors peaked at 137-147
 * MB, then 103 MB on 256 MiB with a GC every 16 MB shipped). A real `loga
 * worker` process (its actor forked as in production, with the NATS actors'
 * malloc setting) reads nothing itself: 256 MiB of the standard format come
 * over the bus, the actor's peak RSS (VmHWM, polled) is under 100 MB, and
 * the figures are those of `analyze` on the same file.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, defaultGenOptions, generate, supervise } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, spawnWorkerProcess, startNatsServer, type NatsServer } from '../helpers/nats-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-ship-mem-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** Peak RSS (VmHWM) of a live process in MB, or 0 once it is gone. */
function peakMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

if (natsTestsEnabled(test, 'nats-shipping-memory')) {
  let server: NatsServer;
  test.before(async () => {
    server = await startNatsServer();
  });
  test.after.always(async () => {
    await server?.stop();
  });

  test('an actor shipping 256 MiB over NATS stays under 100 MB of RSS, figures exact', async (t) => {
    t.timeout(120_000);
    const data = join(dir, 'data');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(data, { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    const file = join(data, 'app.log');
    await generate({ ...defaultGenOptions(), out: file, size: 256 * 1024 * 1024, seed: 11 });
    const w = await spawnWorkerProcess({ id: 'far', nats: { url: server.url }, allow: [elsewhere] });
    const pids = Object.values(w.actors);
    t.is(pids.length, 1);
    let peak = 0;
    const poll = setInterval(() => {
      for (const pid of pids) peak = Math.max(peak, peakMb(pid));
    }, 20);
    try {
      const s = await supervise({ files: [file], nats: { url: server.url } });
      for (const pid of pids) peak = Math.max(peak, peakMb(pid));
      t.is(s.chunks.failed, 0);
      t.deepEqual(figuresOf(s), figuresOf(await analyze({ files: [file], workers: 1 })));
    } finally {
      clearInterval(poll);
      await w.stop();
    }
    t.log(`shipping actor peak RSS ${peak.toFixed(1)} MB`);
    t.true(peak > 30, 'the actor was measured');
    t.true(peak < 100, `peak RSS ${peak.toFixed(1)} MB`);
    t.regex(w.stderr(), /so it is not read here: the bytes of its chunks come over NATS/, 'the chunks were shipped');
  });
}
