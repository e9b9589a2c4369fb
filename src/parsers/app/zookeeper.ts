/**
 * ZooKeeper's log4j layout, `%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n`
 * (the `[myid:…]` field came with 3.5; the loghub sample predates it):
 *
 *   2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200
 *   2024-01-24 10:15:32,123 [myid:1] - WARN  [main:QuorumPeerMain@98] - Invalid config, exiting abnormally
 *
 * The thread field nests brackets; the message is what follows its ` - `.
 */
import type { LineParser } from '../record.js';
import { blanks, bracketEnd, dashSeparator, LineClock, levelWord, message, skipBlanks } from './layout.js';

const LBRACKET = 91;
const clock = new LineClock();

export const parseZookeeper: LineParser = function parseZookeeper(buf, start, end, rec) {
  let i = clock.read(buf, start, end, rec);
  if (i < 0) return false;
  const j = skipBlanks(buf, i, end);
  if (j > i && j < end && buf[j] === LBRACKET && (i = bracketEnd(buf, j, end)) < 0) return false;
  if ((i = dashSeparator(buf, i, end)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  if ((i = bracketEnd(buf, i, end)) < 0 || (i = dashSeparator(buf, i, end)) < 0) return false;
  return message(buf, i, end, rec);
};
