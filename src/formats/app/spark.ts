/** Spark's log4j layout: `yy/MM/dd HH:mm:ss LEVEL logger: msg`. */
import { parseSpark } from '../../parsers/app/spark.js';
import { shapeLane, type LogFormat } from '../format.js';

export const spark: LogFormat = {
  name: 'spark',
  title: 'Spark: yy/MM/dd HH:mm:ss LEVEL logger: msg',
  parse: parseSpark,
  lane: shapeLane('dd/dd/dd dd:dd:ss '),
  samples: [
    // loghub Spark_2k.log
    '17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]',
    '17/06/09 20:10:41 INFO spark.SecurityManager: Changing view acls to: yarn,curi',
    '17/06/09 20:10:45 INFO broadcast.TorrentBroadcast: Reading broadcast variable 9 took 160 ms',
  ],
  lookalikes: ['17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend Registered signal handlers', '17/13/09 20:10:40 INFO spark.SecurityManager: month 13'],
  multiline: true,
};
