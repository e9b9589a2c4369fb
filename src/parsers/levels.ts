/**
 * Level names → canonical level index (SPEC §3), at byte level.
 *
 * Letters are lowercased with `b | 0x20`. That is safe for the comparisons
 * below: only 'A'..'Z' and 'a'..'z' land on 'a'..'z' under `| 0x20`, so a
 * non-letter byte can never match a letter of a level name.
 */
import { TRACE, DEBUG, INFO, WARN, ERROR, FATAL } from './record.js';

/** Four lowercased bytes packed big-endian into one int32, for one compare. */
function pack4(buf: Uint8Array, i: number): number {
  return ((buf[i] | 0x20) << 24) | ((buf[i + 1] | 0x20) << 16) | ((buf[i + 2] | 0x20) << 8) | (buf[i + 3] | 0x20);
}

// The same packing for literals ('info' → 0x696e666f). Computed once at load.
function lit4(s: string): number {
  return (s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3);
}

function lit3(s: string): number {
  return (s.charCodeAt(0) << 16) | (s.charCodeAt(1) << 8) | s.charCodeAt(2);
}

function pack3(buf: Uint8Array, i: number): number {
  return ((buf[i] | 0x20) << 16) | ((buf[i + 1] | 0x20) << 8) | (buf[i + 2] | 0x20);
}

const K_INFO = lit4('info');
const K_WARN = lit4('warn');
const K_CRIT = lit4('crit');
const K_TRAC = lit4('trac');
const K_DEBU = lit4('debu');
const K_ERRO = lit4('erro');
const K_FATA = lit4('fata');
const K_ALER = lit4('aler');
const K_EMER = lit4('emer');
const K_PANI = lit4('pani');
const K_NOTI = lit4('noti');
const K_ICAL = lit4('ical');
const K_SEVE = lit4('seve');
const K_VERB = lit4('verb');
const K_INFO_RMAT = lit4('rmat');
const K_IONA = lit4('iona');
/** Tails packed in three or two bytes: 'warn|ing', 'verb|ose', 'informat|ion', 'noti|ce', 'seve|re'. */
const K_ING = lit3('ing');
const K_OSE = lit3('ose');
const K_ION = lit3('ion');
const K_CE = (0x63 << 8) | 0x65;
const K_RE = (0x72 << 8) | 0x65;

const LC_E = 0x65;
const LC_R = 0x72;
const LC_C = 0x63;
const LC_T = 0x74;
const LC_G = 0x67;
const LC_L = 0x6c;

/**
 * The level named by bytes [start, end) exactly (case-insensitive), or -1.
 * Accepts the canonical names and the aliases of SPEC §3, with SEVERE
 * (ERROR), VERBOSE (TRACE), Information and Informational (INFO).
 */
export function levelAt(buf: Uint8Array, start: number, end: number): number {
  // A switch on the length first: every name is tested with at most two
  // int compares, and most lengths reject at once.
  switch (end - start) {
    case 3: // err
      return (buf[start] | 0x20) === LC_E && (buf[start + 1] | 0x20) === LC_R && (buf[start + 2] | 0x20) === LC_R
        ? ERROR
        : -1;
    case 4: {
      const w = pack4(buf, start);
      if (w === K_INFO) return INFO;
      if (w === K_WARN) return WARN;
      if (w === K_CRIT) return FATAL;
      return -1;
    }
    case 5: {
      const w = pack4(buf, start);
      const last = buf[start + 4] | 0x20;
      if (w === K_TRAC) return last === LC_E ? TRACE : -1;
      if (w === K_DEBU) return last === LC_G ? DEBUG : -1;
      if (w === K_ERRO) return last === LC_R ? ERROR : -1;
      if (w === K_FATA) return last === LC_L ? FATAL : -1;
      if (w === K_ALER) return last === LC_T ? FATAL : -1;
      if (w === K_EMER) return last === LC_G ? FATAL : -1;
      if (w === K_PANI) return last === LC_C ? FATAL : -1;
      return -1;
    }
    case 6: {
      // notice, severe (java.util.logging's error level)
      const w = pack4(buf, start);
      const tail = ((buf[start + 4] | 0x20) << 8) | (buf[start + 5] | 0x20);
      if (w === K_NOTI) return tail === K_CE ? INFO : -1;
      if (w === K_SEVE) return tail === K_RE ? ERROR : -1;
      return -1;
    }
    case 7: {
      // warning, verbose (Android, .NET)
      const w = pack4(buf, start);
      const tail = ((buf[start + 4] | 0x20) << 16) | ((buf[start + 5] | 0x20) << 8) | (buf[start + 6] | 0x20);
      if (w === K_WARN) return tail === K_ING ? WARN : -1;
      if (w === K_VERB) return tail === K_OSE ? TRACE : -1;
      return -1;
    }
    case 8: // critical
      return pack4(buf, start) === K_CRIT && pack4(buf, start + 4) === K_ICAL ? FATAL : -1;
    case 11: // information (Windows)
      return pack4(buf, start) === K_INFO && pack4(buf, start + 4) === K_INFO_RMAT && pack3(buf, start + 8) === K_ION ? INFO : -1;
    case 13: // informational (syslog's name of severity 6)
      return pack4(buf, start) === K_INFO &&
        pack4(buf, start + 4) === K_INFO_RMAT &&
        pack4(buf, start + 8) === K_IONA &&
        (buf[start + 12] | 0x20) === LC_L
        ? INFO
        : -1;
    default:
      return -1;
  }
}

/**
 * A level letter (klog, logcat, and formats with a letter field): V
 * (verbose) TRACE, D, I, W, E, F, A (Android's assert) FATAL; uppercase
 * only. -1 for another byte.
 */
export function levelLetter(c: number): number {
  return c >= 0x41 && c <= 0x5a ? LETTERS[c - 0x41] : -1;
}

/** The canonical level of each letter A..Z, -1 where a letter is none. */
const LETTERS: readonly number[] = Array.from({ length: 26 }, (_, i) => {
  const l = 'VDIWEFA'.indexOf(String.fromCharCode(0x41 + i));
  return l < 0 ? -1 : [TRACE, DEBUG, INFO, WARN, ERROR, FATAL, FATAL][l];
});

/**
 * A syslog or journald severity (RFC 5424 §6.2.1; journald's PRIORITY):
 * 0 emerg, 1 alert, 2 crit → FATAL; 3 err → ERROR; 4 warning → WARN;
 * 5 notice, 6 info → INFO; 7 debug → DEBUG. -1 outside 0..7.
 */
export function levelFromSeverity(n: number): number {
  return Number.isInteger(n) && n >= 0 && n <= 7 ? SEVERITIES[n] : -1;
}

const SEVERITIES: readonly number[] = [FATAL, FATAL, FATAL, ERROR, WARN, INFO, INFO, DEBUG];

/**
 * pino's numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error,
 * 60 fatal. A number in between (a custom pino level such as 35) maps to the
 * standard level just below it; outside 10..60 (or not a number) → -1.
 */
export function levelFromNumber(n: number): number {
  if (!(n >= 10 && n <= 60)) return -1; // also rejects NaN
  if (n < 20) return TRACE;
  if (n < 30) return DEBUG;
  if (n < 40) return INFO;
  if (n < 50) return WARN;
  if (n < 60) return ERROR;
  return FATAL;
}
