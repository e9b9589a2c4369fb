/**
 * Syslog as files hold it (RFC 3164 without PRI: /var/log/syslog, auth.log,
 * macOS system.log; also rsyslog's RFC 3339 "high precision" file format).
 * No PRI means no level: every entry is INFO. The year-less `Mmm dd` takes
 * the file's mtime year (parserFor).
 */
import { syslogParser } from '../../parsers/syslog.js';
import { nowContext, YearGuess } from '../../parsers/year.js';
import { shapeLane, type LogFormat } from '../format.js';

export const syslog: LogFormat = {
  name: 'syslog',
  title: 'syslog file (RFC 3164 without PRI, or RFC 3339 time): Mmm dd HH:MM:SS host tag[pid]: msg',
  parse: syslogParser(new YearGuess(nowContext())),
  parserFor: (file) => syslogParser(new YearGuess(file)),
  levels: false,
  lane: shapeLane('??? ?? dd:dd:ss ', { mode: 4 }),
  samples: [
    // loghub Linux/Linux_2k.log (/var/log/messages)
    'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ',
    // loghub OpenSSH/OpenSSH_2k.log (auth.log)
    'Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
    // loghub Mac/Mac_2k.log (macOS system.log): two blanks before a one-digit day
    'Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 port = 11 unplug = 0',
    // loghub Linux: a tag without pid
    'Jun 15 04:06:20 combo logrotate: ALERT exited abnormally with [1]',
    // loghub Mac: no `tag: ` at all, still an entry
    'Jul  1 09:29:02 calvisitor-10-105-160-95 sandboxd[129] ([31211]): com.apple.Addres(31211) deny network-outbound /private/var/run/mDNSResponder',
    // rsyslog's RSYSLOG_FileFormat, as quoted in garabik/grc issue 202
    '2021-12-19T20:35:40.572463+01:00 pluto rtkit-daemon[582]: Supervising 9 threads of 5 processes of 1 users.',
  ],
  lookalikes: [
    'Jun 32 15:16:01 combo sshd[19939]: day 32',
    'Jun 14 25:16:01 combo sshd[19939]: hour 25',
    'Jun 14 15:16:01',
  ],
  generator: async () => {
    const { SyslogLines } = await import('../../gen/syslog.js');
    return { entries: (rng, content) => new SyslogLines(rng, content) };
  },
};
