/**
 * The timestamps of the syslog and Apache error-log generators, as bytes:
 * `Jan 24 10:15:32` (syslog, no year) and `Wed Jan 24 10:15:32.` + µs +
 * ` 2024` (Apache's ctime). As in clock.ts, Date renders the prefix once per
 * minute of log time and the two seconds digits are patched in once per
 * second; per line only the fraction is written.
 */

import { bytes, type ByteSink, ZERO } from './bytes.js';
import { two } from './clock.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];


export class TextClock {
  private minute = -1;
  private second = -1;
  /** `Jan 24 10:15:SS` */
  private bsdTime: Uint8Array = new Uint8Array(15);
  /** `Wed Jan 24 10:15:SS.` */
  private ctimeHead: Uint8Array = new Uint8Array(20);
  /** ` 2024` */
  private ctimeYear: Uint8Array = new Uint8Array(5);

  private seek(second: number): void {
    this.second = second;
    const minute = Math.floor(second / 60);
    if (minute !== this.minute) {
      this.minute = minute;
      const d = new Date(minute * 60000);
      const day = d.getUTCDate();
      // syslog pads a one-digit day with a blank: `Jul  1`
      const md = `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' + day : day}`;
      const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:`;
      this.bsdTime = bytes(`${md} ${hm}00`);
      this.ctimeHead = bytes(`${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(day)} ${hm}00.`);
      this.ctimeYear = bytes(` ${d.getUTCFullYear()}`);
    }
    const s = second - minute * 60;
    const tens = ZERO + Math.floor(s / 10);
    const units = ZERO + (s % 10);
    this.bsdTime[13] = this.ctimeHead[17] = tens;
    this.bsdTime[14] = this.ctimeHead[18] = units;
  }

  /** `Jan 24 10:15:32` (whole seconds) */
  bsd(s: ByteSink, ts: number): void {
    const second = Math.floor(ts / 1000);
    if (second !== this.second) this.seek(second);
    s.put(this.bsdTime);
  }

  /** `Wed Jan 24 10:15:32.123456 2024`: the ms of ts, then `us` (0..999) for the µs digits. */
  ctime(s: ByteSink, ts: number, us: number): void {
    const second = Math.floor(ts / 1000);
    if (second !== this.second) this.seek(second);
    s.put(this.ctimeHead);
    s.pad3(ts - second * 1000);
    s.pad3(us);
    s.put(this.ctimeYear);
  }
}
