/**
 * RFC 3164 syslog with its `<PRI>` (what a syslog relay receives, and files
 * of devices that keep it): the level is the severity, PRI & 7. Apart from
 * syslog.ts so that a file without PRI reads as a format without levels and
 * one with PRI as a format with them.
 */
import { rfc3164Parser } from '../../parsers/syslog.js';
import { nowContext, YearGuess } from '../../parsers/year.js';
import { shapeLane, type LogFormat } from '../format.js';

export const rfc3164: LogFormat = {
  name: 'rfc3164',
  title: 'BSD syslog with PRI (RFC 3164): <34>Oct 11 22:14:15 host tag: msg',
  parse: rfc3164Parser(new YearGuess(nowContext())),
  parserFor: (file) => rfc3164Parser(new YearGuess(file)),
  // the time after `<PRI>` (mode 3: the lane reads the PRI, whose severity is the level, and the body as syslog's lane does)
  lane: shapeLane('??? ?? dd:dd:ss ', { mode: 3 }),
  samples: [
    // RFC 3164 §5.4, examples 1–4
    "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
    '<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!',
    "<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, Jelly_Injector=OK, Frier=OK # Transport: Conveyer1=OK, Conveyer2=OK # %%",
    "<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!",
    // rsyslog's RSYSLOG_ForwardFormat: PRI, then an RFC 3339 time
    '<30>2021-12-19T20:35:40.572463+01:00 pluto rtkit-daemon[582]: Supervising 9 threads of 5 processes of 1 users.',
  ],
  lookalikes: [
    '<192>Oct 11 22:14:15 mymachine su: PRI above 191',
    '<34>Oct 32 22:14:15 mymachine su: day 32',
    "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - an RFC 5424 line",
  ],
};
