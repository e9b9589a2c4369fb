/** Python `logging` (src/formats/app/python.ts): the documented layouts, tracebacks as continuation lines, what is not read. */
import test from 'ava';
import { detectFormat } from '../../src/internal.js';
import { format, neverThrows, read } from './app-helpers.js';
import { scanSlices } from './helpers.js';

test('`%(asctime)s - %(name)s - %(levelname)s - %(message)s`, from the logging HOWTO', (t) => {
  t.deepEqual(read('python', '2005-03-19 15:10:26,618 - simple_example - DEBUG - debug message'), {
    ts: '2005-03-19T15:10:26.618Z',
    level: 'DEBUG',
    rt: NaN,
    request: false,
    message: 'debug message',
  });
  t.is(read('python', '2005-03-19 15:10:26,695 - simple_example - WARNING - warn message')?.level, 'WARN');
  t.is(read('python', '2005-03-19 15:10:26,697 - simple_example - CRITICAL - critical message')?.level, 'FATAL');
  t.is(read('python', '2024-01-24 10:15:32,123 - uvicorn.access - INFO - GET /health took 3ms')?.rt, 3);
  // a message holding ` - ` keeps it
  t.is(read('python', '2024-01-24 10:15:32,123 - app - ERROR - a - b')?.message, 'a - b');
});

test('`%(asctime)s - %(levelname)s - %(message)s`, padded levels, and Flask\'s default', (t) => {
  t.deepEqual(read('python', '2024-01-24 10:15:32,123 - ERROR - Request failed after 3 retries'), {
    ts: '2024-01-24T10:15:32.123Z',
    level: 'ERROR',
    rt: NaN,
    request: false,
    message: 'Request failed after 3 retries',
  });
  t.is(read('python', '2024-01-24 10:15:32,123 - INFO     - padded by %(levelname)-8s')?.message, 'padded by %(levelname)-8s');
  t.deepEqual(read('python', '[2024-01-24 10:15:32,123] ERROR in app: Exception on /login [POST]'), {
    ts: '2024-01-24T10:15:32.123Z',
    level: 'ERROR',
    rt: NaN,
    request: false,
    message: 'Exception on /login [POST]',
  });
});

test('not read as python: BASIC_FORMAT (no time), standard-like lines, unknown levels, ZooKeeper', (t) => {
  for (const line of [
    'WARNING:root:Watch out!',
    '2024-01-24 10:15:32,123 INFO root Request processed',
    '2005-03-19 15:10:26,618 - simple_example - LOUD - not a level',
    '2005-03-19 15:10:26,618 - simple_example DEBUG - no dash',
    '2015-07-29 17:41:44,747 - INFO  [main:QuorumPeer@1] - ZooKeeper',
    '[2024-01-24 10:15:32,123 ERROR in app: no bracket',
    '2005-13-19 15:10:26,618 - simple_example - DEBUG - month 13',
  ]) {
    t.is(read('python', line), undefined, line);
  }
});

test('a traceback is continuation lines', (t) => {
  const text = Buffer.from(
    [
      '2024-01-24 10:15:32,123 - app.views - ERROR - Order 4711 failed',
      'Traceback (most recent call last):',
      '  File "/srv/app/views.py", line 42, in create',
      '    order.save()',
      '  File "/srv/app/models.py", line 7, in save',
      '    raise ValueError("stock")',
      'ValueError: stock',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/srv/app/views.py", line 44, in create',
      'KeyError: \'order\'',
      '2024-01-24 10:15:33,000 - app.views - INFO - Order 4712 created',
    ].join('\n') + '\n',
  );
  const f = scanSlices(format('python'), [text]);
  t.is(f.entries, 2);
  t.is(f.continuation_lines, 10);
  t.is(f.malformed_lines, 0);
  t.deepEqual(f.top_errors.map((e) => e.message), ['Order # failed']);
  t.is(detectFormat(text), 'python');
});

test('python: no bytes make the parser throw', (t) => {
  neverThrows(t, 'python', ['2005-03-19 15:10:26,618', '[', ']', ' - ', ' ', '-', 'DEBUG', 'in', 'app:', 'name', '\t', '\x00']);
});
