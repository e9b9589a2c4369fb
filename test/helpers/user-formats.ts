/**
 * A `--format-file` and logs of its formats, with the figures loga must
 * report for them: a regex definition (`myapp`, a level map with
 * java.util.logging's SEVERE and a letter) and a template one (`zk`, the
 * issue's ZooKeeper example), for the CLI, library and NATS tests.
 */
import type { ExecutionContext } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../src/internal.js';

export const MYAPP_DEF = {
  name: 'myapp',
  title: 'my app: time | level | message',
  regex: '^(?<time>\\S+ \\S+) \\| (?<level>\\w+) \\| (?<message>.*)$',
  time: 'yyyy-MM-dd HH:mm:ss.SSS',
  levels: { SEVERE: 'ERROR' },
  samples: ['2024-01-24 10:15:32.123 | INFO | Request processed in 127ms', '2024-01-24 10:15:33.001 | SEVERE | Database connection failed', '2024-01-24 10:15:34.500 | I | cache warm'],
};

// ZooKeeper's log4j layout, lines of loghub's Zookeeper_2k.log
export const ZK_DEF = {
  name: 'zk',
  template: '{time} - {level} [{thread}] - {message}',
  samples: [
    '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
    '2015-07-29 19:04:29,071 - ERROR [LearnerHandler-/10.10.34.12:35276:LearnerHandler@562] - Unexpected exception causing shutdown while sock still open',
  ],
};

const two = (n: number): string => String(n).padStart(2, '0');

/** The figures of myapp.log and zk.log that every run mode must give. */
export const EXPECTED = {
  myapp: { lines: 248, entries: 240, malformed_lines: 2, continuation_lines: 6, errors: 30, levels: { ERROR: 30, WARN: 30, INFO: 180 }, total_requests: 120, top: 'Upstream returned #' },
  zk: { lines: 60, entries: 60, malformed_lines: 0, continuation_lines: 0, errors: 12, levels: { ERROR: 12, WARN: 12, INFO: 36 }, total_requests: 0 },
};

/** The mean response time of myapp.log (its requests: 100 + i % 7 ms for each odd i). */
export function myappAvgResponseTime(): number {
  let sum = 0;
  for (let i = 1; i < 240; i += 2) sum += 100 + (i % 7);
  return sum / 120;
}

/**
 * Writes defs.json (both definitions, an array), myapp.log and zk.log into
 * dir. myapp.log: 240 entries over two minutes, every 8th SEVERE (three with
 * a two-line stack trace), every 8th from 4 WARN, the odd others requests,
 * the rest `I` (INFO), and two malformed lines; zk.log: 60 entries, every
 * 5th ERROR, every 5th from 1 WARN.
 */
export function writeUserFormatFixtures(dir: string): { defs: string; myapp: string; zk: string } {
  const app: string[] = [];
  for (let i = 0; i < 240; i++) {
    const ms = i * 500;
    const time = `2024-01-24 10:${two(15 + Math.floor(ms / 60_000))}:${two(Math.floor(ms / 1000) % 60)}.${String(ms % 1000).padStart(3, '0')}`;
    if (i % 8 === 0) {
      app.push(`${time} | SEVERE | Upstream returned ${500 + (i % 3)}`);
      if (i % 80 === 0) app.push('java.io.IOException: Connection reset by peer', '\tat com.example.Client.call(Client.java:42)');
    } else if (i % 8 === 4) app.push(`${time} | WARN | Slow disk: queue ${i}`);
    else if (i % 2 === 1) app.push(`${time} | INFO | Request processed in ${100 + (i % 7)}ms`);
    else app.push(`${time} | I | cache warm for key ${i}`);
    if (i % 100 === 50) app.push(`garbage line ${i}`);
  }
  const zk: string[] = [];
  for (let i = 0; i < 60; i++) {
    const level = i % 5 === 0 ? 'ERROR' : i % 5 === 1 ? 'WARN ' : 'INFO ';
    const msg = i % 5 === 0 ? `Unexpected exception causing shutdown while sock ${i} still open` : `Notification time out: ${3200 + i}`;
    zk.push(`2015-07-29 17:41:${two(i)},${String(i * 7).padStart(3, '0')} - ${level} [QuorumPeer[myid=${i % 3}]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - ${msg}`);
  }
  const paths = { defs: join(dir, 'defs.json'), myapp: join(dir, 'myapp.log'), zk: join(dir, 'zk.log') };
  writeFileSync(paths.defs, JSON.stringify([MYAPP_DEF, ZK_DEF], null, 2));
  writeFileSync(paths.myapp, app.join('\n') + '\n');
  writeFileSync(paths.zk, zk.join('\n') + '\n');
  return paths;
}

/** The figures of a summary's file that EXPECTED gives. */
export function fileFigures(s: { files: { path: string; format: string; lines: number; entries: number; malformed_lines: number; continuation_lines: number; levels: boolean }[] }, path: string): Record<string, unknown> {
  const f = s.files.find((x) => x.path === path);
  return { format: f?.format, lines: f?.lines, entries: f?.entries, malformed_lines: f?.malformed_lines, continuation_lines: f?.continuation_lines, levels: f?.levels };
}

/** The figures of a job over the fixtures' two logs, whatever ran it (CLI, library, NATS). */
export function checkUserFormatFigures(t: ExecutionContext, s: Summary, paths: { myapp: string; zk: string }): void {
  t.deepEqual(fileFigures(s, paths.myapp), { format: 'myapp', lines: EXPECTED.myapp.lines, entries: 240, malformed_lines: 2, continuation_lines: 6, levels: true });
  t.deepEqual(fileFigures(s, paths.zk), { format: 'zk', lines: 60, entries: 60, malformed_lines: 0, continuation_lines: 0, levels: true });
  t.is(s.entries, EXPECTED.myapp.entries + EXPECTED.zk.entries);
  t.is(s.errors, EXPECTED.myapp.errors + EXPECTED.zk.errors);
  t.deepEqual(s.levels, { INFO: 216, WARN: 42, ERROR: 42 });
  t.is(s.malformed_lines, 2);
  t.is(s.continuation_lines, 6);
  t.is(s.total_requests, 120);
  t.true(Math.abs((s.avg_response_time ?? 0) - myappAvgResponseTime()) < 1e-9, String(s.avg_response_time));
  t.deepEqual(
    s.top_errors.map((e) => [e.message, e.count]),
    [
      ['Upstream returned #', 30],
      ['Unexpected exception causing shutdown while sock # still open', 12],
    ],
  );
  t.is(s.chunks.failed, 0);
}
