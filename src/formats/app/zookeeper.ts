/** ZooKeeper's log4j layout: `date - LEVEL [thread:Class@line] - msg`. */
import { parseZookeeper } from '../../parsers/app/zookeeper.js';
import { shapeLane, type LogFormat } from '../format.js';

export const zookeeper: LogFormat = {
  name: 'zookeeper',
  title: 'ZooKeeper: date time,ms [myid:N] - LEVEL [thread] - msg',
  parse: parseZookeeper,
  lane: shapeLane('dddd-dd-dd dd:dd:ss,fff '),
  samples: [
    // loghub Zookeeper_2k.log
    '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
    '2015-07-29 19:04:12,394 - INFO  [/10.10.34.11:3888:QuorumCnxManager$Listener@493] - Received connection request /10.10.34.11:45307',
    '2015-07-29 19:13:24,282 - WARN  [RecvWorker:188978561024:QuorumCnxManager$RecvWorker@762] - Connection broken for id 188978561024, my id = 1, error = ',
    // ZooKeeper 3.5+ conf/log4j.properties: `%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n`
    '2019-03-20 09:18:12,139 [myid:] - INFO  [main:QuorumPeerConfig@133] - Reading configuration from: /conf/zoo.cfg',
  ],
  lookalikes: [
    '2015-07-29 17:41:44,747 - INFO  QuorumPeer - no thread brackets',
    '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181 - an unclosed thread',
  ],
  multiline: true,
};
