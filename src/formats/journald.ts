/**
 * journald's JSON export, `journalctl -o json` (src/parsers/journald.ts):
 * PRIORITY 0–7 as the level, `__REALTIME_TIMESTAMP` µs as the time. Ahead of
 * json in the registry, which reads no time in these lines anyway. Its lane
 * is the json lane's journald mode (assembly/json-lane.ts).
 */
import { journaldMinuteAt, parseJournald } from '../parsers/journald.js';
import type { LogFormat } from './format.js';

export const journald: LogFormat = {
  name: 'journald',
  title: 'journald JSON export (journalctl -o json)',
  parse: parseJournald,
  // the json lane in its journald mode: the keys of journalctl's export, the others skipped as JSON
  lane: { wasm: 'json-lane.wasm', mode: 1, minuteAt: journaldMinuteAt },
  samples: [
    // systemd.io/JOURNAL_EXPORT_FORMATS: its second example entry, as `journalctl -o json` writes it
    '{"__CURSOR":"s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8;b=6c7c6013a26343b29e964691ff25d04c;m=4fc72572f;t=4c508a7243799;x=68597058a89b7246;p=system.journal","__REALTIME_TIMESTAMP":"1342540861421465","__MONOTONIC_TIMESTAMP":"21415221039","_BOOT_ID":"6c7c6013a26343b29e964691ff25d04c","_TRANSPORT":"syslog","PRIORITY":"6","SYSLOG_FACILITY":"9","SYSLOG_IDENTIFIER":"/USR/SBIN/CROND","SYSLOG_PID":"8278","MESSAGE":"(root) CMD (run-parts /etc/cron.hourly)","_PID":"8278","_UID":"0","_GID":"0","_COMM":"run-parts","_EXE":"/usr/bin/bash","_CMDLINE":"/bin/bash /bin/run-parts /etc/cron.hourly","_AUDIT_SESSION":"398","_SYSTEMD_CGROUP":"/user/root/398","_SYSTEMD_SESSION":"398","_SOURCE_REALTIME_TIMESTAMP":"1342540861413961","_MACHINE_ID":"a91663387a90b89f185d4e860000001a","_HOSTNAME":"epsilon"}',
    // its first entry (PRIORITY 4), in the spaced style of older journalctl
    '{ "__REALTIME_TIMESTAMP" : "1342540861416409", "_TRANSPORT" : "syslog", "PRIORITY" : "4", "SYSLOG_IDENTIFIER" : "gdm-password]", "SYSLOG_PID" : "587", "MESSAGE" : "AccountsService-DEBUG(+): ActUserManager: ignoring unspecified session \'8\' since it\'s not graphical: Success", "_PID" : "587", "_HOSTNAME" : "epsilon" }',
    // the export document's binary message (journal.send("foo\\nbar")): MESSAGE as byte values
    '{"__REALTIME_TIMESTAMP":"1342540861422000","PRIORITY":"3","SYSLOG_IDENTIFIER":"python3","MESSAGE":[102,111,111,10,98,97,114],"_PID":"9001"}',
    '{"__REALTIME_TIMESTAMP":"1706091332123456","PRIORITY":"2","SYSLOG_IDENTIFIER":"kernel","MESSAGE":"Out of memory: Killed process 1234 (java)","_HOSTNAME":"api-1"}',
  ],
  lookalikes: [
    // `journalctl -o export`, not JSON
    '__REALTIME_TIMESTAMP=1342540861416409',
    '{"PRIORITY":"6","MESSAGE":"no time"}',
    '{"__REALTIME_TIMESTAMP":"soon","MESSAGE":"not a time"}',
    '{"__REALTIME_TIMESTAMP":"1342540861416409","PRIORITY":"9","MESSAGE":"no such priority"}',
  ],
};
