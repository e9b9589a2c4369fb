/**
 * The minute of an access log's `dd/Mon/yyyy:HH:MM:SS ±HHMM]` time as the
 * lanes key it (assembly/nginx-lane.ts, assembly/access-lane.ts): the
 * minute's 17 bytes and the zone's 7 after the seconds, which JS validated
 * (nginxMinute in src/parsers/nginx.ts) and gave with setClfMinute. A line
 * with those bytes has that minute; its seconds are read here.
 */
import { b, dig, minuteKnown, setMinuteMs, COLON } from './lane-core';

const ZONE_MASK: u64 = 0x00ffffffffffffff; // 7 bytes: ' +0000]'

// the current minute: `dd/Mon/yyyy:HH:MM` (17 bytes) and ` ±HHMM]` (7 bytes after the seconds), while minuteKnown()
let prefixA: u64 = 0;
let prefixB: u64 = 0;
let prefixC: u32 = 0;
let zone: u64 = 0;

/** The minute of the time at t (after '['), already validated by JS: lines with its minute and zone bytes are the lane's. */
export function setClfMinute(t: usize, ms: f64): void {
  prefixA = load<u64>(t);
  prefixB = load<u64>(t + 8);
  prefixC = b(t + 16);
  zone = load<u64>(t + 20) & ZONE_MASK;
  setMinuteMs(ms);
}

/** The time at t (t + 27 bytes in memory) has the current minute's bytes. */
@inline export function isClfMinute(t: usize): bool {
  return minuteKnown() && load<u64>(t) == prefixA && load<u64>(t + 8) == prefixB && b(t + 16) == prefixC && (load<u64>(t + 20) & ZONE_MASK) == zone;
}

/** The seconds of the time at t (of the current minute: isClfMinute), 0–59; -1 when not two digits after ':', or a leap second (60 lands in the next minute: JS). */
@inline export function clfSecond(t: usize): i32 {
  if (b(t + 17) != COLON) return -1;
  const s0 = dig(t + 18);
  const s1 = dig(t + 19);
  if ((s0 | (9 - s0) | s1 | (9 - s1)) < 0) return -1;
  const sec = s0 * 10 + s1;
  return sec > 59 ? -1 : sec;
}
