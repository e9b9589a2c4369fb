/** Windows Component-Based Servicing (CBS.log): `date time, Level  Component  msg`. */
import { parseCbs } from '../../parsers/app/cbs.js';
import { shapeLane, type LogFormat } from '../format.js';

export const cbs: LogFormat = {
  name: 'cbs',
  title: 'Windows CBS: date time, Info  CBS  msg',
  parse: parseCbs,
  lane: shapeLane('dddd-dd-dd dd:dd:ss,'),
  samples: [
    // loghub Windows_2k.log
    '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_6.1.7601.23505_none_681aa442f6fed7f0\\cbscore.dll',
    '2016-09-28 04:30:31, Info                  CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x7fed806eb5d @0x7fef9fb9b6d @0x7fef9f8358f @0xff83e97c @0xff83d799 @0xff83db2f)',
    '2016-09-28 04:30:31, Info                  CBS    SQM: Failed to start upload with file pattern: C:\\Windows\\servicing\\sqm\\*_std.sqm, flags: 0x2 [HRESULT = 0x80004005 - E_FAIL]',
    // a CBS.log excerpt of a failed update (public troubleshooting notes)
    '2016-10-31 11:25:11, Error                 CBS    Exec: Failed to commit CSI transaction to execute changes. [HRESULT = 0x80070308 - ERROR_REQUEST_OUT_OF_SEQUENCE]',
  ],
  lookalikes: ['2016-09-28 04:30:30 Info                  CBS    no comma', '2016-09-28 04:30:30, Chatty                CBS    not a level'],
  multiline: true,
};
