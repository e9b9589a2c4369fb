/**
 * Windows' Component-Based Servicing log (C:\Windows\Logs\CBS\CBS.log), as
 * in the loghub Windows sample: the time to the second and a comma, the
 * level (`Info`, `Warning`, `Error`) padded, the component (`CBS`, `CSI`,
 * `DPX`…), the message:
 *
 *   2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\Windows\winsxs\…\cbscore.dll
 *   2016-09-28 04:30:31, Info                  CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize (wcp.dll version 0.0.0.6) called
 */
import type { LineParser } from '../record.js';
import { blanks, levelWord, message, secondsAt, tokenEnd } from './layout.js';

const COMMA = 44;

/** Letters only, [i, t) non-empty: a component name. */
function isComponent(buf: Uint8Array, i: number, t: number): boolean {
  if (t === i) return false;
  for (let k = i; k < t; k++) if ((((buf[k] | 0x20) - 0x61) >>> 0) >= 26) return false;
  return true;
}

export const parseCbs: LineParser = function parseCbs(buf, start, end, rec) {
  let i = secondsAt(buf, start, end, rec);
  if (i < 0 || i >= end || buf[i] !== COMMA) return false;
  if ((i = blanks(buf, i + 1, end)) < 0) return false;
  if ((i = levelWord(buf, i, end, rec)) < 0 || (i = blanks(buf, i, end)) < 0) return false;
  const t = tokenEnd(buf, i, end);
  if (!isComponent(buf, i, t)) return false;
  return message(buf, t, end, rec);
};
