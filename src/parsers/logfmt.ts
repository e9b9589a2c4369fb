/**
 * logfmt (SPEC §3.3): `ts=2024-01-24T10:15:32.123Z level=info msg="…" duration_ms=127`.
 *
 * Pairs separated by spaces/tabs; a value is bare (up to the next blank) or
 * double-quoted with backslash escapes (`\"`, `\\`, and the `\n`/`\t`/`\uXXXX`
 * a Go logfmt encoder writes). A key without `=` is a flag and is ignored.
 * Same keys and rules as json (fields.ts): no valid time → malformed,
 * unknown level → malformed, no level → INFO.
 *
 * Malformed structure: an empty key (`=x`), a quote inside a key, an
 * unterminated quoted value, a quoted value running into the next key, or a
 * control byte outside quotes (binary junk).
 */
import type { LineParser, LineRecord } from './record.js';
import { INFO } from './record.js';
import { F_NONE, F_TIME, F_LEVEL, F_MSG, fieldOf, setFigure, figureValueAt, levelValueAt } from './fields.js';
import { timeValueAt } from './time.js';
import { quotedMessageAt } from './message.js';

const SP = 32;
const TAB = 9;
const EQ = 61;
const QUOTE = 34;
const BSLASH = 92;

export const parseLogfmt: LineParser = function parseLogfmt(
  buf: Uint8Array,
  start: number,
  end: number,
  rec: LineRecord,
): boolean {
  let ts = NaN;
  let level = -1;
  let msgStart = -1;
  let msgEnd = -1;
  let msgEscaped = false;
  let i = start;
  for (;;) {
    while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
    if (i >= end) break;
    const ks = i;
    while (i < end) {
      const c = buf[i];
      if (c === EQ || c === SP || c === TAB) break;
      if (c === QUOTE || c < SP) return false;
      i++;
    }
    const ke = i;
    if (ke === ks) return false; // '=value' without a key
    if (i >= end || buf[i] !== EQ) continue; // a flag key
    i++;
    let vs: number;
    let ve: number;
    let escaped = false;
    if (i < end && buf[i] === QUOTE) {
      vs = i + 1;
      i = vs;
      while (i < end && buf[i] !== QUOTE) {
        if (buf[i] === BSLASH) {
          escaped = true;
          i++; // the escaped byte, whatever it is, cannot end the value
        }
        i++;
      }
      if (i >= end) return false; // unterminated
      ve = i;
      i++;
      if (i < end && buf[i] !== SP && buf[i] !== TAB) return false; // `k="a"b`
    } else {
      vs = i;
      while (i < end) {
        const c = buf[i];
        if (c === SP || c === TAB) break;
        if (c < SP) return false;
        i++;
      }
      ve = i;
    }
    const field = fieldOf(buf, ks, ke);
    switch (field) {
      case F_NONE:
        break;
      case F_TIME:
        // First valid time wins; an escaped time is not a time.
        if (ts !== ts && !escaped) ts = timeValueAt(buf, vs, ve);
        break;
      case F_LEVEL: {
        const lv = escaped ? -1 : levelValueAt(buf, vs, ve);
        if (lv < 0) return false;
        if (level < 0) level = lv;
        break;
      }
      case F_MSG:
        if (msgStart < 0) {
          msgStart = vs;
          msgEnd = ve;
          msgEscaped = escaped;
        }
        break;
      default:
        if (!escaped) setFigure(rec, field, figureValueAt(buf, vs, ve, field));
    }
  }
  if (ts !== ts) return false;
  rec.ts = ts;
  rec.level = level < 0 ? INFO : level;
  if (msgStart >= 0) {
    quotedMessageAt(buf, msgStart, msgEnd, msgEscaped, rec);
  } else {
    rec.msgStart = rec.msgEnd = end;
  }
  return true;
};
