/** Every protocol message is validated on receipt: bad ones are rejected with a reason, never a crash. */
import test from 'ava';
import { checkWorkerMessage, emptyPartial, isWorkReply, LocalWorkerPort, type SupervisorHandlers, toWire } from '../../src/internal.js';

const hb = { type: 'heartbeat', worker: 'w1', pid: 1, host: 'h', chunk: null, bytes_done: 0, rss_mb: 30, cpu_pct: 50 };
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA';
const result = { type: 'result', job: 'j', chunk: 0, attempt: 1, token: TOKEN, worker: 'w1', bytes: 10, ms: 1, partial: toWire(emptyPartial()) };

test('valid messages pass', (t) => {
  t.deepEqual(checkWorkerMessage(hb), hb);
  t.deepEqual(checkWorkerMessage(result), result);
  t.deepEqual(checkWorkerMessage({ type: 'work', worker: 'w', pid: 2, host: 'h' }), { type: 'work', worker: 'w', pid: 2, host: 'h' });
  t.true(isWorkReply({ type: 'idle', job: 'j', retry_ms: 100 }));
  t.true(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { id: 0, path: '/a', file: 0, start: 0, end: 9, attempt: 1, format: 'json', token: TOKEN } }));
});

const bad: [string, unknown, RegExp][] = [
  ['not an object', 'hello', /unknown message type/],
  ['null', null, /unknown message type/],
  ['an unknown type', { type: 'gossip' }, /unknown message type "gossip"/],
  ['a heartbeat without pid', { ...hb, pid: undefined }, /pid/],
  ['a heartbeat with a negative rss', { ...hb, rss_mb: -1 }, /rss_mb/],
  ['a result whose partial lacks levels', { ...result, partial: { ...result.partial, levels: undefined } }, /levels/],
  ['a result with 5 levels', { ...result, partial: { ...result.partial, levels: [0, 0, 0, 0, 0] } }, /levels/],
  ['a result with a string chunk id', { ...result, chunk: '0' }, /chunk/],
  ['a result without its lease token', { ...result, token: undefined }, /token/],
  ['a failed message with an unknown reason', { type: 'failed', job: 'j', chunk: 0, attempt: 1, token: TOKEN, worker: 'w', reason: 'bored', message: '' }, /reason/],
];
for (const [what, msg, why] of bad) {
  test(`rejected: ${what}`, (t) => {
    const r = checkWorkerMessage(msg);
    t.is(typeof r, 'string');
    t.regex(r as string, why);
  });
}

test('work replies with a format that is not a name, a bad definition or a zero attempt are rejected', (t) => {
  const chunk = { id: 0, path: '/a', file: 0, start: 0, end: 9, attempt: 1, format: 'json', token: TOKEN };
  t.true(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk }));
  const { token: _t, ...tokenless } = chunk;
  t.false(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: tokenless }), 'a lease without its token');
  t.false(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, token: 'short' } }));
  t.false(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, format: 'XML!' } }));
  t.false(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, format: '' } }));
  t.false(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, format: 42 } }));
  t.false(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, format_def: { name: 'mine' } } }), 'a definition needs its kind');
  t.false(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, format_def: 'mine' } }));
  t.false(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, attempt: 0 } }));
  t.false(isWorkReply({ type: 'resume', job: 'j' }));
});

test('a lease may carry a format definition; which names exist is for the worker registry to say', (t) => {
  const chunk = { id: 0, path: '/a', file: 0, start: 0, end: 9, attempt: 1, format: 'mine', token: TOKEN };
  t.true(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, format_def: { name: 'mine', kind: 'template', template: '%t %l %m' } } }));
  // a name this build does not know is a valid lease: the worker fails the chunk naming it (test/e2e/failing-chunks.test.ts)
  t.true(isWorkReply({ type: 'lease', job: 'j', lease_ms: 1000, chunk: { ...chunk, format: 'xml' } }));
});

test('a transport refuses to deliver an invalid message instead of passing it on', async (t) => {
  const seen: unknown[] = [];
  const handlers: SupervisorHandlers = {
    work: async () => ({ type: 'stop', job: 'j' }),
    result: (m) => seen.push(m),
    failed: (m) => seen.push(m),
    heartbeat: (m) => seen.push(m),
  };
  const port = new LocalWorkerPort(handlers);
  await t.throwsAsync(port.publishResult({ ...result, bytes: -5 } as never), { message: /invalid result message/ });
  t.deepEqual(seen, []);
  port.heartbeat(hb as never);
  t.is(seen.length, 1);
});
