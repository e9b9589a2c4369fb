/**
 * journald's JSON export (src/parsers/journald.ts): exact figures of the
 * documented entries, PRIORITY 0–7 as levels, binary and multi-valued
 * messages, the time fields, detection over json, and no throw.
 */
import test from 'ava';
import { formats, LEVEL_NAMES, LineRecord, type LogFormat } from '../../src/internal.js';

const journald = formats.get('journald') as LogFormat;

function read(line: string): { ts: string; level: string; rt: number; msg: string } | null {
  const b = Buffer.from(line, 'utf8');
  const rec = new LineRecord();
  if (!journald.parse(b, 0, b.length, rec)) return null;
  return { ts: new Date(rec.ts).toISOString(), level: LEVEL_NAMES[rec.level], rt: rec.rt, msg: rec.msgText ?? b.toString('utf8', rec.msgStart, rec.msgEnd) };
}

const entry = (fields: Record<string, unknown>): string => JSON.stringify({ __REALTIME_TIMESTAMP: '1706091332123456', ...fields });

test('the documented entries: time from __REALTIME_TIMESTAMP (µs), level from PRIORITY, the message', (t) => {
  t.deepEqual(read(journald.samples[0]), { ts: '2012-07-17T16:01:01.421Z', level: 'INFO', rt: NaN, msg: '(root) CMD (run-parts /etc/cron.hourly)' });
  t.deepEqual(read(journald.samples[1]), { ts: '2012-07-17T16:01:01.416Z', level: 'WARN', rt: NaN, msg: "AccountsService-DEBUG(+): ActUserManager: ignoring unspecified session '8' since it's not graphical: Success" });
  t.deepEqual(read(journald.samples[2]), { ts: '2012-07-17T16:01:01.422Z', level: 'ERROR', rt: NaN, msg: 'foo\nbar' });
  t.deepEqual(read(journald.samples[3]), { ts: '2024-01-24T10:15:32.123Z', level: 'FATAL', rt: NaN, msg: 'Out of memory: Killed process 1234 (java)' });
});

test('PRIORITY 0–7: 0–2 FATAL, 3 ERROR, 4 WARN, 5–6 INFO, 7 DEBUG; none or null INFO; anything else malformed', (t) => {
  const want = ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];
  for (let p = 0; p <= 7; p++) t.is(read(entry({ PRIORITY: String(p), MESSAGE: 'x' }))?.level, want[p], `PRIORITY ${p}`);
  t.is(read(entry({ MESSAGE: 'x' }))?.level, 'INFO');
  t.is(read(entry({ PRIORITY: null, MESSAGE: 'x' }))?.level, 'INFO');
  for (const bad of ['8', '9', '-1', '', '66', 'err']) t.is(read(entry({ PRIORITY: bad, MESSAGE: 'x' })), null, `PRIORITY ${JSON.stringify(bad)}`);
  t.is(read(entry({ PRIORITY: 3, MESSAGE: 'x' })), null, 'a number: journald writes strings');
});

test('figures in the message; escapes decoded for an error; a binary message decoded', (t) => {
  t.deepEqual(read(entry({ PRIORITY: '6', MESSAGE: 'GET /api completed in 0.25s' })), { ts: '2024-01-24T10:15:32.123Z', level: 'INFO', rt: 250, msg: 'GET /api completed in 0.25s' });
  t.is(read(entry({ PRIORITY: '3', MESSAGE: 'caf\u00e9 "down"\ttab' }))?.msg, 'café "down"\ttab');
  const bin = [...Buffer.from('took 5ms\x01')];
  t.deepEqual(read(entry({ PRIORITY: '3', MESSAGE: bin })), { ts: '2024-01-24T10:15:32.123Z', level: 'ERROR', rt: 5, msg: 'took 5ms\x01' });
  t.deepEqual(read(entry({ PRIORITY: '6', MESSAGE: bin }))?.rt, 5, 'figures of a binary message below ERROR too');
});

test('a field given several times: the first string; null or missing: no message', (t) => {
  t.is(read(entry({ PRIORITY: '3', MESSAGE: [null, 'first', 'second'] }))?.msg, 'first');
  t.is(read(entry({ PRIORITY: '3', MESSAGE: null }))?.msg, '');
  t.is(read(entry({ PRIORITY: '3' }))?.msg, '');
  t.is(read(entry({ PRIORITY: '3', MESSAGE: [[1, 2], [3]] }))?.level, 'ERROR', 'binary values several times: an entry without text');
});

test('time: _SOURCE_REALTIME_TIMESTAMP when __REALTIME_TIMESTAMP is missing; none, or not µs digits, is malformed', (t) => {
  t.is(read('{"_SOURCE_REALTIME_TIMESTAMP":"1342540861413961","MESSAGE":"x"}')?.ts, '2012-07-17T16:01:01.413Z');
  t.is(read('{"__REALTIME_TIMESTAMP":"1342540861416409","_SOURCE_REALTIME_TIMESTAMP":"1","MESSAGE":"x"}')?.ts, '2012-07-17T16:01:01.416Z');
  t.is(read('{"__REALTIME_TIMESTAMP":"999","MESSAGE":"x"}')?.ts, '1970-01-01T00:00:00.000Z');
  for (const bad of ['"soon"', '""', '"1342540861416409.5"', '"123456789012345678"', '1342540861416409', 'null']) {
    t.is(read(`{"__REALTIME_TIMESTAMP":${bad},"MESSAGE":"x"}`), null, bad);
  }
  t.is(read('{"MESSAGE":"x","PRIORITY":"6"}'), null);
});

test('not an object, truncated, junk after it: malformed', (t) => {
  for (const bad of ['[1,2]', '{}', '{"__REALTIME_TIMESTAMP":"1342540861416409"', '{"__REALTIME_TIMESTAMP":"1342540861416409"} x', '__REALTIME_TIMESTAMP=1342540861416409', '{"__REALTIME_TIMESTAMP":"1342540861416409",}']) {
    t.is(read(bad), null, bad);
  }
});

test('detection: a journal export is journald, not json; json lines stay json', (t) => {
  const lines = [...journald.samples, entry({ PRIORITY: '6', MESSAGE: 'x', time: '2024-01-24T10:15:32Z' })];
  t.is(formats.detect(Buffer.from(lines.join('\n') + '\n')).name, 'journald');
  t.is(formats.detect(Buffer.from('{"time":"2024-01-24T10:15:32Z","level":"info","msg":"x"}\n{"ts":1706091332,"msg":"y"}\n')).name, 'json');
});

test('random and broken bytes never throw', (t) => {
  let seed = 7;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const rec = new LineRecord();
  const base = Buffer.from(journald.samples[2] + journald.samples[0]);
  for (let n = 0; n < 5000; n++) {
    const line = Buffer.from(base);
    for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) line[Math.floor(rnd() * line.length)] = rnd() < 0.5 ? '"[]{},:0\\'.charCodeAt(Math.floor(rnd() * 10)) : Math.floor(rnd() * 256);
    const end = 1 + Math.floor(rnd() * line.length);
    rec.reset();
    t.notThrows(() => journald.parse(line, 0, end, rec));
  }
});
