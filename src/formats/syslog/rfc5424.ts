/** RFC 5424 syslog: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`, the level from PRI & 7. */
import { parseRfc5424 } from '../../parsers/rfc5424.js';
import type { LogFormat } from '../format.js';

export const rfc5424: LogFormat = {
  name: 'rfc5424',
  title: 'syslog protocol (RFC 5424): <165>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] msg',
  parse: parseRfc5424,
  samples: [
    // RFC 5424 §6.5, examples 1–4 (the BOM before MSG in examples 1 and 3)
    "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \u{feff}'su root' failed for lonvick on /dev/pts/8",
    "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
    '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \u{feff}An application event log entry...',
    '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
  ],
  lookalikes: [
    '<34>1 - mymachine.example.com su - ID47 - no timestamp (NILVALUE)',
    '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 [broken sd="x" no closing bracket',
    '<34>0 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - version 0',
  ],
};
