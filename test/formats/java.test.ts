/**
 * The Java layouts of the catalogue (src/formats/app/): exact figures of
 * their documented samples, the lines each must refuse (the standard
 * format's above all), a real stack trace as continuation lines through
 * the scanner, and bytes that never make a parser throw.
 */
import test from 'ava';
import { detectFormat } from '../../src/internal.js';
import { format, neverThrows, read } from './app-helpers.js';
import { scanSlices } from './helpers.js';

test('log4j: Hadoop and log4j lines, level, thread and logger left out of the message', (t) => {
  t.deepEqual(
    read('log4j', '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001'),
    { ts: '2015-10-18T18:01:47.978Z', level: 'INFO', rt: NaN, request: false, message: 'Created MRAppMaster for application appattempt_1445144423722_0020_000001' },
  );
  t.deepEqual(read('log4j', '2024-01-24 10:15:32,123 ERROR [http-nio-8080-exec-1] com.example.Foo - Request failed'), {
    ts: '2024-01-24T10:15:32.123Z',
    level: 'ERROR',
    rt: NaN,
    request: false,
    message: 'Request failed',
  });
  const padded = read('log4j', '2024-01-24 10:15:32.124 INFO  [pool-1-thread-3] com.example.Api - Request processed in 127ms');
  t.is(padded?.rt, 127);
  t.true(padded?.request);
  t.is(padded?.message, 'Request processed in 127ms');
  // a thread with blanks; `%c:%L - %m`; an empty message
  t.is(read('log4j', '2015-10-18 18:01:51,775 INFO [Socket Reader #1 for port 62260] org.apache.hadoop.ipc.Server: Starting Socket Reader #1')?.message, 'Starting Socket Reader #1');
  t.is(read('log4j', '2024-01-24 10:15:32,123 WARN [main] Foo:42 - Low disk')?.message, 'Low disk');
  t.is(read('log4j', '2015-10-18 18:01:48,963 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster:')?.message, '');
  // microseconds and a zone go through the general time reader
  t.is(read('log4j', '2024-01-24T10:15:32.123456+01:00 DEBUG [main] a.B: x')?.ts, '2024-01-24T09:15:32.123Z');
});

test('log4j refuses what is not its layout: the standard format, no thread, no separator, impossible times', (t) => {
  for (const line of [
    '2024-01-24 10:15:32.123 INFO Request processed in 127ms',
    '2024-01-24 10:15:32.123 [INFO] [main] Foo: level in brackets',
    '2024-01-24 10:15:32,123 INFO main Foo: no brackets',
    '2024-01-24 10:15:32,123 INFO [main] Foo no separator',
    '2024-01-24 10:15:32,123 INFO [main]',
    '2024-13-24 10:15:32,123 INFO [main] Foo: month 13',
    '2024-02-30 10:15:32,123 INFO [main] Foo: February 30',
    '2024-01-24 24:15:32,123 INFO [main] Foo: hour 24',
    '2024-01-24 10:15:61,123 INFO [main] Foo: second 61',
  ]) {
    t.is(read('log4j', line), undefined, line);
  }
});

test('logback: thread before the level', (t) => {
  t.deepEqual(read('logback', '2024-01-24 10:15:32.123 [main] INFO  c.e.demo.Application - Started'), {
    ts: '2024-01-24T10:15:32.123Z',
    level: 'INFO',
    rt: NaN,
    request: false,
    message: 'Started',
  });
  t.is(read('logback', '2006-10-20 14:06:49,812 [main] DEBUG chapters.introduction.HelloWorld2 - Hello world.')?.level, 'DEBUG');
  t.is(read('logback', '2024-01-24 10:15:32.123 INFO [main] c.e.A - log4j order'), undefined);
  t.is(read('logback', '14:06:49.812 [main] DEBUG c.e.A - no date'), undefined);
});

test('zookeeper: nested brackets in the thread, with and without [myid:N]', (t) => {
  t.deepEqual(read('zookeeper', '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200'), {
    ts: '2015-07-29T17:41:44.747Z',
    level: 'INFO',
    rt: NaN,
    request: false,
    message: 'Notification time out: 3200',
  });
  const w = read('zookeeper', '2015-07-29 19:13:24,282 - WARN  [RecvWorker:188978561024:QuorumCnxManager$RecvWorker@762] - Connection broken for id 188978561024, my id = 1, error = ');
  t.is(w?.level, 'WARN');
  t.is(w?.message, 'Connection broken for id 188978561024, my id = 1, error =');
  t.is(read('zookeeper', '2019-03-20 09:18:12,139 [myid:2] - ERROR [main:QuorumPeerMain@98] - Invalid config, exiting abnormally')?.message, 'Invalid config, exiting abnormally');
  t.is(read('zookeeper', '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1] - unclosed'), undefined);
  t.is(read('zookeeper', '2015-07-29 17:41:44,747 INFO  [main] - no dash before the level'), undefined);
});

test('spring: Spring Boot 1.x to 3.4 lines, pid and thread left out', (t) => {
  t.deepEqual(
    read('spring', '2025-05-10T01:34:33.608Z  INFO 88909 --- [myapp] [           main] o.s.b.d.f.logexample.MyApplication       : Starting MyApplication using Java 17.0.15 with PID 88909'),
    { ts: '2025-05-10T01:34:33.608Z', level: 'INFO', rt: NaN, request: false, message: 'Starting MyApplication using Java 17.0.15 with PID 88909' },
  );
  t.is(read('spring', '2024-01-24T10:15:32.123+01:00 ERROR 12345 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() failed')?.ts, '2024-01-24T09:15:32.123Z');
  const old = read('spring', '2014-03-05 10:57:51.253  INFO 45469 --- [ost-startStop-1] o.s.web.context.ContextLoader            : Root WebApplicationContext: initialization completed in 1358 ms');
  t.is(old?.message, 'Root WebApplicationContext: initialization completed in 1358 ms');
  t.is(old?.rt, 1358);
  t.is(read('spring', '2024-01-24 10:15:32.123  INFO Request processed in 127ms'), undefined);
});

test('spark: two-digit years', (t) => {
  t.deepEqual(read('spark', '17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]'), {
    ts: '2017-06-09T20:10:40.000Z',
    level: 'INFO',
    rt: NaN,
    request: false,
    message: 'Registered signal handlers for [TERM, HUP, INT]',
  });
  const took = read('spark', '17/06/09 20:10:45 INFO broadcast.TorrentBroadcast: Reading broadcast variable 9 took 160 ms');
  t.is(took?.rt, 160);
  t.is(read('spark', '99/12/31 23:59:59 WARN a.B: y2k')?.ts, '1999-12-31T23:59:59.000Z');
  t.is(read('spark', '2017/06/09 20:10:40 INFO a.B: Go log date'), undefined);
  t.is(read('spark', '17/02/29 20:10:40 INFO a.B: no Feb 29 in 2017'), undefined);
});

test('hdfs: yyMMdd HHmmss and a pid', (t) => {
  t.deepEqual(read('hdfs', '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating'), {
    ts: '2008-11-09T20:36:15.000Z',
    level: 'INFO',
    rt: NaN,
    request: false,
    message: 'PacketResponder 1 for block blk_38865049064139660 terminating',
  });
  t.is(read('hdfs', '081111 093246 26 WARN dfs.DataNode$DataXceiver: 10.251.195.70:50010:Got exception while serving blk_-1 to /10.251.195.70:')?.level, 'WARN');
  t.is(read('hdfs', '081109 203615 INFO dfs.DataNode: no pid'), undefined);
  t.is(read('hdfs', '081109 206015 148 INFO dfs.DataNode: minute 60'), undefined);
});

/** A real Java stack trace (a Tomcat request failing on a JDBC timeout), logged by log4j. */
const STACK_TRACE = [
  '2024-01-24 10:15:32,123 ERROR [http-nio-8080-exec-1] com.example.OrderController - Order 4711 failed',
  'org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection; nested exception is org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection',
  '\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:275)',
  '\tat com.example.OrderController.create(OrderController.java:57)',
  'Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
  '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)',
  '\t... 12 more',
  'java.io.EOFException',
  '2024-01-24 10:15:33,001 ERROR [http-nio-8080-exec-2] com.example.OrderController - Order 4712 failed',
  '2024-01-24 10:15:33,002 INFO  [http-nio-8080-exec-3] com.example.OrderController - Request processed in 12ms',
  'Exception in thread "main" java.lang.IllegalStateException: boom',
  '    at com.example.Main.main(Main.java:3)',
  'not a log line',
];

test('a stack trace is continuation lines; the top error is the first line without its prefixes', (t) => {
  const text = Buffer.from(STACK_TRACE.join('\n') + '\n');
  const f = scanSlices(format('log4j'), [text]);
  t.is(f.entries, 3);
  t.is(f.continuation_lines, 9);
  t.is(f.malformed_lines, 1);
  t.deepEqual(f.top_errors.map((e) => [e.message, e.count]), [['Order # failed', 2]]);
  t.is(f.total_requests, 1);
  // chunk-independent: split at every position
  for (let i = 1; i < text.length; i += 7) t.deepEqual(scanSlices(format('log4j'), [text.subarray(0, i), text.subarray(i)]), f, `split at ${i}`);
  t.is(detectFormat(text), 'log4j');
});

test('a file of standard lines stays standard; a file of each layout is detected as it', (t) => {
  const std = '2024-01-24 10:15:32.123 INFO Request processed in 127ms\n2024-01-24 10:15:32.323 ERROR Database connection failed\n';
  t.is(detectFormat(Buffer.from(std)), 'standard');
  for (const name of ['log4j', 'logback', 'zookeeper', 'spring', 'spark', 'hdfs']) {
    t.is(detectFormat(Buffer.from(format(name).samples.join('\n') + '\n' + STACK_TRACE.slice(1, 7).join('\n') + '\n')), name, name);
  }
});

for (const name of ['log4j', 'logback', 'zookeeper', 'spring', 'spark', 'hdfs']) {
  test(`${name}: no bytes make the parser throw`, (t) => {
    neverThrows(t, name, [
      '2024-01-24 10:15:32,123', '2024-01-24T10:15:32.123+01:00', '17/06/09 20:10:40', '081109 203615', ' ', '  ', ' - ', ': ',
      'INFO', 'ERROR ', '[main]', '[', ']', '[a[b]c', '---', '148', 'org.a.B:', 'took 5ms', '\t', '\xff', 'é',
    ]);
  });
}
