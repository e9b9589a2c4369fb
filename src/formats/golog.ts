/** Go's `log` package: `2009/01/23 01:23:23[.123123] [file.go:23: ]msg`; no level field. */
import { parseGoLog } from '../parsers/golog.js';
import { shapeLane, type LogFormat } from './format.js';

export const golog: LogFormat = {
  name: 'golog',
  title: "Go's log package: 2009/01/23 01:23:23 [file.go:23: ]msg",
  parse: parseGoLog,
  levels: false,
  // the default flags' time (Lmicroseconds' goes to JS); mode 2: the lane reads the call site and the message itself
  lane: shapeLane('dddd/dd/dd dd:dd:ss ', { mode: 2 }),
  // A panic's `goroutine 1 [running]:` and its tab-indented frames follow the last log line.
  multiline: true,
  samples: [
    // pkg.go.dev/log, the flag constants' documentation
    '2009/01/23 01:23:23 message',
    '2009/01/23 01:23:23.123123 /a/b/c/d.go:23: message',
    '2009/01/23 01:23:23 d.go:23: message',
    // what log.Fatal writes before it exits (net/http's ListenAndServe example)
    '2024/01/24 10:15:32 listen tcp :8080: bind: address already in use',
  ],
  lookalikes: [
    '2009/13/23 01:23:23 month 13',
    '2009/01/23 24:23:23 hour 24',
    '2009/01/23T01:23:23 message',
  ],
};
