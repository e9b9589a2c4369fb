/**
 * RFC 5424 syslog (§6):
 *
 *   <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
 *   <34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8
 *
 * The level is the severity (PRI & 7). STRUCTURED-DATA is `-` or one or
 * more `[id param="value" ...]` elements, whose values may hold `\"`, `\]`
 * and `\\`; the message is what follows it, without the UTF-8 BOM that
 * §6.4 puts before a UTF-8 MSG. A NILVALUE timestamp (`-`) leaves the
 * entry without a time, so the line is malformed: loga places every entry
 * in its minute.
 */
import { levelFromSeverity } from './levels.js';
import { messageAt } from './message.js';
import type { LineRecord } from './record.js';
import { lastEnd, parseIso } from './time.js';
import { priAt, priEnd } from './syslog.js';

const SP = 32;
const DASH = 45;
const QUOTE = 34;
const BACKSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const D0 = 48;
const BOM_1 = 0xef;
const BOM_2 = 0xbb;
const BOM_3 = 0xbf;

/** The end of the header field (a run of non-blank bytes) at i, or -1 when it is empty or the line ends there. */
function fieldEnd(buf: Uint8Array, i: number, end: number): number {
  const s = i;
  while (i < end && buf[i] !== SP) i++;
  return i === s || i >= end ? -1 : i;
}

/** STRUCTURED-DATA at i → where it ends, or -1 for a broken element. */
function structuredDataEnd(buf: Uint8Array, i: number, end: number): number {
  if (i < end && buf[i] === DASH) return i + 1;
  if (i >= end || buf[i] !== LBRACKET) return -1;
  while (i < end && buf[i] === LBRACKET) {
    i++;
    let quoted = false;
    for (;;) {
      if (i >= end) return -1;
      const c = buf[i];
      if (quoted) {
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) quoted = false;
      } else if (c === QUOTE) quoted = true;
      else if (c === RBRACKET) break;
      i++;
    }
    i++; // past ']'
  }
  return i;
}

export function parseRfc5424(buf: Uint8Array, start: number, end: number, rec: LineRecord): boolean {
  const pri = priAt(buf, start, end);
  if (pri < 0) return false;
  let i = priEnd;
  // VERSION: 1–2 digits, not 0 (only 1 is defined), then a blank.
  const v = buf[i] - D0;
  if (!(v >= 1 && v <= 9)) return false;
  i++;
  const v2 = buf[i] - D0;
  if (v2 >= 0 && v2 <= 9) i++;
  if (i >= end || buf[i] !== SP) return false;
  i++;
  const ts = parseIso(buf, i, end);
  if (ts !== ts || lastEnd >= end || buf[lastEnd] !== SP) return false;
  i = lastEnd + 1;
  // HOSTNAME APP-NAME PROCID MSGID
  for (let f = 0; f < 4; f++) {
    i = fieldEnd(buf, i, end);
    if (i < 0) return false;
    i++;
  }
  i = structuredDataEnd(buf, i, end);
  if (i < 0 || (i < end && buf[i] !== SP)) return false;
  if (i < end) i++;
  if (i + 3 <= end && buf[i] === BOM_1 && buf[i + 1] === BOM_2 && buf[i + 2] === BOM_3) i += 3;
  rec.ts = ts;
  rec.level = levelFromSeverity(pri & 7);
  messageAt(buf, i, end, rec);
  return true;
}
