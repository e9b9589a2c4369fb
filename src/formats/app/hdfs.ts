/** Hadoop HDFS 0.x: `yyMMdd HHmmss pid LEVEL logger: msg`. */
import { parseHdfs } from '../../parsers/app/hdfs.js';
import { shapeLane, type LogFormat } from '../format.js';

export const hdfs: LogFormat = {
  name: 'hdfs',
  title: 'HDFS: yyMMdd HHmmss pid LEVEL logger: msg',
  parse: parseHdfs,
  lane: shapeLane('dddddd ddddss '),
  samples: [
    // loghub HDFS_2k.log
    '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
    '081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating',
    '081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864',
  ],
  lookalikes: ['081109 203615 INFO dfs.DataNode$PacketResponder: no pid', '081109 253615 148 INFO dfs.DataNode$PacketResponder: hour 25'],
  multiline: true,
};
