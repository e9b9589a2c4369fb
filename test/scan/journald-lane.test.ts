/**
 * The json lane in its journald mode (assembly/json-lane.ts, mode 1) against
 * the journald parser (src/parsers/journald.ts): the same bytes scanned both
 * ways give the same partial, to the last bucket and top-error example.
 * Objects are built from the fields `journalctl -o json` writes: the time
 * in µs (three consecutive minutes, so the lane takes lines; 1–17 digits,
 * junk, escaped, a number, twice, missing with or without
 * `_SOURCE_REALTIME_TIMESTAMP`), PRIORITY 0–7, null, 8, two digits, a
 * number, twice, MESSAGE as a string with figures and escapes, null, an
 * array of byte values or of strings, twice; fields json would read (`level`,
 * `msg`, `duration_ms`) that journald must not, other fields of every JSON
 * type, whitespace anywhere JSON allows it, and broken JSON. Then: on a file
 * of plain journald lines the lane takes nearly every line itself.
 */
import test from 'ava';
import fc from 'fast-check';
import { assertLaneAgrees, linesLeftToJs, scanWith } from '../helpers/lane-check.js';
import { formats } from '../../src/internal.js';

const q = (s: string): string => `"${s}"`;
/** 2024-01-24 10:15:00 UTC, in µs. */
const BASE_US = 1_706_091_300_000_000;

const timeArb = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 179_999_999 }).map((d) => q(String(BASE_US + d))) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(q(''), q('123'), q('1706091300000000000'), q('17060913000000x0'), q('-1706091300000000'), q('1706091300\\u0030000000'), String(BASE_US), 'null', q(' 1706091300000000')),
  },
);
const priorityArb = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 7 }).map((n) => q(String(n))) },
  { weight: 2, arbitrary: fc.constantFrom('null', q('8'), q('9'), q('x'), q('06'), q(''), '6', q('\\u0036'), '[6]') },
);
const words = ['Request processed in 127ms', 'took 3.5s', 'memory usage 512MB', 'cpu 40%', 'Started Session 42 of user root.', 'Out of memory: Killed process 1234 (java)', 'caf\\u00e9 \\"quoted\\" \\\\ path', 'latency=12ms'];
const messageArb = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...words).map(q) },
  { weight: 2, arbitrary: fc.constantFrom('null', '[102,111,111,10,98,97,114]', '[]', '["first","second"]', '42', q(''), '{"a":1}') },
);
const otherArb = fc.constantFrom<[string, string]>(
  ['_HOSTNAME', q('api-1')],
  ['SYSLOG_IDENTIFIER', q('sshd')],
  ['_PID', q('587')],
  ['__CURSOR', q('s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8')],
  ['_SOURCE_REALTIME_TIMESTAMP', q(String(BASE_US + 5))],
  ['level', q('error')],
  ['msg', q('not the message')],
  ['duration_ms', '900'],
  ['time', q('2024-01-24T10:15:00Z')],
  ['_CMDLINE', q('/bin/bash -c \\"x\\"')],
  ['N', '[1,{"a":[true,false,null]},-2.5e3]'],
  ['E', '{}'],
);

/** A field of a journald object: a key and its value (the keys the parser reads twice now and then). */
const fieldArb = fc.oneof(
  { weight: 3, arbitrary: otherArb },
  { weight: 1, arbitrary: timeArb.map((v): [string, string] => ['__REALTIME_TIMESTAMP', v]) },
  { weight: 1, arbitrary: priorityArb.map((v): [string, string] => ['PRIORITY', v]) },
  { weight: 1, arbitrary: messageArb.map((v): [string, string] => ['MESSAGE', v]) },
);

const ws = fc.constantFrom('', '', '', ' ', '\t');

const lineArb = fc
  .record({
    time: fc.option(timeArb, { freq: 12 }),
    priority: fc.option(priorityArb, { freq: 8 }),
    message: fc.option(messageArb, { freq: 10 }),
    others: fc.array(fieldArb, { maxLength: 5 }),
    order: fc.nat(),
    pad: fc.tuple(ws, ws),
    broken: fc.nat(40),
  })
  .map(({ time, priority, message, others, order, pad, broken }) => {
    const fields: (readonly string[])[] = [...others];
    const at = (i: number): number => (order + i * 7) % (fields.length + 1);
    if (time !== null) fields.splice(at(0), 0, ['__REALTIME_TIMESTAMP', time]);
    if (priority !== null) fields.splice(at(1), 0, ['PRIORITY', priority]);
    if (message !== null) fields.splice(at(2), 0, ['MESSAGE', message]);
    const line = `{${pad[0]}${fields.map(([k, v]) => `"${k}"${pad[1]}:${pad[0]}${v}`).join(`,${pad[1]}`)}${pad[0]}}`;
    if (broken === 0) return line.slice(0, -1);
    if (broken === 1) return line.replace(':', '');
    if (broken === 2) return line + ' x';
    return line;
  });

test('the journald lane gives the journald parser’s partial on random lines, for any read size and step budget', (t) => {
  const lines = assertLaneAgrees('journald', lineArb, 400);
  t.true(lines > 1500, `${lines} lines`);
});

test('the journald lane takes plain journald lines itself, error lines included; the JS parser sees only the others', (t) => {
  const samples = formats.resolve('journald').samples.filter((l) => !l.includes('"MESSAGE":['));
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(samples[i % samples.length].replace(/("__REALTIME_TIMESTAMP" ?: ?")\d+/, `$1${BASE_US + i * 37_123}`));
  const data = Buffer.from(lines.join('\n') + '\n');
  const { seen, partial } = linesLeftToJs('journald', data);
  t.is(partial, scanWith(formats.resolve('journald').parse, data, undefined, 1 << 20, 1 << 30));
  // the JS parser reads a line of each new minute (it validates the time) and nothing else
  t.true(seen.length <= 4, `the JS parser read ${seen.length} of ${lines.length} lines`);
  const levels = (JSON.parse(partial) as { levels: number[] }).levels; // TRACE..FATAL
  t.true(levels[5] > 0 && levels[3] > 0 && levels[2] > 0, `PRIORITY 2, 4 and 6 lines are FATAL, WARN and INFO: ${levels.join(' ')}`);
});
