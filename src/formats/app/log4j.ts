/** log4j with the level before the thread (Hadoop, log4j's `%d %-5p [%t] %c - %m%n`). */
import { parseLog4j } from '../../parsers/app/log4j.js';
import { shapeLane, type LogFormat } from '../format.js';

export const log4j: LogFormat = {
  name: 'log4j',
  title: 'log4j / Hadoop: date time,ms LEVEL [thread] logger: msg (or logger - msg)',
  parse: parseLog4j,
  samples: [
    // loghub Hadoop_2k.log (MapReduce application master)
    '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
    '2015-10-18 18:01:51,775 INFO [Socket Reader #1 for port 62260] org.apache.hadoop.ipc.Server: Starting Socket Reader #1 for port 62260',
    '2015-10-18 18:01:48,963 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Executing with tokens:',
    // log4j 1.2 PatternLayout's documented `%d %-5p [%t] %c - %m%n` (level padded to 5)
    '2024-01-24 10:15:32,123 ERROR [http-nio-8080-exec-1] com.example.Foo - Request failed',
    '2024-01-24 10:15:32,124 INFO  [http-nio-8080-exec-2] com.example.OrderController - Request processed in 127ms',
  ],
  lookalikes: [
    '2015-10-18 18:01:47,978 INFO main org.apache.hadoop.ipc.Server: no thread brackets',
    '2015-10-18 18:01:47,978 INFO [main org.apache.hadoop.ipc.Server: an unclosed thread',
    '2015-10-18 18:01:47,978 NOTICE! [main] org.apache.hadoop.ipc.Server: not a level',
  ],
  multiline: true,
  lane: shapeLane('dddd-dd-dd dd:dd:ss,fff '),
  generator: async () => {
    const [{ Log4jLines }, { EntrySource }] = await Promise.all([import('../../gen/log4j.js'), import('../../gen/content.js')]);
    return { entries: (rng, content) => new Log4jLines(rng, new EntrySource(rng, content)) };
  },
};
