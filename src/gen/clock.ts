/**
 * Timestamps for generated lines, written as bytes. Each format's prefix up to
 * the seconds (`2024-01-24 10:15:32.`) is cached: Date renders the date, hour
 * and minute once per minute of log time, the two seconds digits are patched
 * in once per second, and per line only the millisecond digits are written.
 */

import { bytes, type ByteSink, ZERO } from './bytes.js';

/** 2024-01-24T10:15:00.000Z, the first entry of every generated file. */
export const GEN_START_MS = Date.UTC(2024, 0, 24, 10, 15, 0, 0);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const UPPER_Z = 90; // 'Z'

/** Two digits: `07`. */
export function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

export class LineClock {
  private minute = -1;
  private second = -1;
  /** `2024-01-24 10:15:SS.` */
  private std: Uint8Array = new Uint8Array(20);
  /** `2024-01-24T10:15:SS.` */
  private iso: Uint8Array = new Uint8Array(20);
  /** `24/Jan/2024:10:15:SS +0000` */
  private ngx: Uint8Array = new Uint8Array(26);

  /** Brings the prefixes to the second of ts. */
  private seek(second: number): void {
    this.second = second;
    const minute = Math.floor(second / 60);
    if (minute !== this.minute) {
      this.minute = minute;
      const d = new Date(minute * 60000);
      const date = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
      const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:`;
      this.std = bytes(`${date} ${hm}00.`);
      this.iso = bytes(`${date}T${hm}00.`);
      this.ngx = bytes(`${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hm}00 +0000`);
    }
    const s = second - minute * 60;
    const tens = ZERO + Math.floor(s / 10);
    const units = ZERO + (s % 10);
    this.std[17] = this.iso[17] = this.ngx[18] = tens;
    this.std[18] = this.iso[18] = this.ngx[19] = units;
  }

  /** `2024-01-24 10:15:32.123` */
  standard(s: ByteSink, ts: number): void {
    const second = Math.floor(ts / 1000);
    if (second !== this.second) this.seek(second);
    s.put(this.std);
    s.pad3(ts - second * 1000);
  }

  /** `2024-01-24T10:15:32.123Z` */
  iso8601(s: ByteSink, ts: number): void {
    const second = Math.floor(ts / 1000);
    if (second !== this.second) this.seek(second);
    s.put(this.iso);
    s.pad3(ts - second * 1000);
    s.byte(UPPER_Z);
  }

  /** `24/Jan/2024:10:15:33 +0000` (nginx `$time_local` in UTC, whole seconds) */
  nginx(s: ByteSink, ts: number): void {
    const second = Math.floor(ts / 1000);
    if (second !== this.second) this.seek(second);
    s.put(this.ngx);
  }
}
