/** Templates and inferred layouts through analyze(): the definition travels in the leases, chunks split anywhere give the same figures. */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/internal.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-templates-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const pad = (n: number): string => String(n).padStart(2, '0');

test("--format 'template:…' on a ZooKeeper log: every line an entry, the levels counted, whatever the chunking", async (t) => {
  // ZooKeeper (loghub, Zookeeper/Zookeeper_2k.log) lines, varied in time, with a stack trace now and then.
  const lines: string[] = [];
  for (let i = 0; i < 900; i++) {
    const level = i % 3 === 0 ? 'WARN ' : i % 50 === 7 ? 'ERROR' : 'INFO ';
    lines.push(`2015-07-29 19:${pad(4 + Math.floor(i / 60))}:${pad(i % 60)},${String(i % 1000).padStart(3, '0')} - ${level} [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread after ${i % 9}ms`);
    if (i % 100 === 50) lines.push('java.io.EOFException', '\tat java.io.DataInputStream.readInt(DataInputStream.java:392)');
  }
  const path = join(dir, 'zookeeper.log');
  writeFileSync(path, lines.join('\n') + '\n');
  for (const chunkSize of [2048, 1 << 20]) {
    const s = await analyze({ files: [path], format: 'template:{time} - {level} [{thread}] - {message}', actors: 'inprocess', workers: 2, chunkSize });
    t.is(s.files[0].format, 'template');
    t.is(s.entries, 900);
    t.is(s.malformed_lines, 0);
    t.is(s.continuation_lines, 18);
    t.is(s.files[0].levels, true);
    t.is(s.errors, 18 - 6, 'ERROR lines: i % 50 === 7 and not i % 3 === 0');
  }
});

test('a file no catalogue format reads is read with an inferred layout (Proxifier: no level field)', async (t) => {
  // Proxifier (loghub, Proxifier/Proxifier_2k.log).
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) lines.push(`[10.30 16:${pad(49 + Math.floor(i / 60))}:${pad(i % 60)}] chrome.exe - proxy.cse.cuhk.edu.hk:5070 close, ${i} bytes sent, 0 bytes received, lifetime <1 sec`);
  const path = join(dir, 'proxifier.log');
  writeFileSync(path, lines.join('\n') + '\n');
  const s = await analyze({ files: [path], actors: 'inprocess', workers: 2, chunkSize: 4096 });
  t.is(s.files[0].format, 'inferred');
  t.is(s.files[0].levels, false);
  t.is(s.entries, 600);
  t.is(s.malformed_lines, 0);
  t.is(s.per_minute.length, 10);
});
