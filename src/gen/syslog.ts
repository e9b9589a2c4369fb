/**
 * Syslog lines as /var/log/syslog and auth.log hold them, for `loga gen
 * --format syslog`:
 *
 *   Jan 24 10:15:32 web-02 sshd[24211]: Accepted publickey for deploy from 10.0.3.7 port 52413 ssh2
 *   Jan 24 10:15:32 web-01 webapp[2817]: Request processed in 127ms
 *
 * The entries are EntrySource's (its request clock, response times,
 * resource samples and errors), written by an application tag; its plain
 * messages are sshd, sudo, CRON and systemd lines. Syslog has no level
 * field, so loga reads every entry as INFO: the errors are in the text,
 * not in the level counts.
 */

import { bytes, type ByteSink, NL } from './bytes.js';
import { type ContentOptions, EntrySource, ERROR, GenEvent, K_CPU, K_MEMORY, K_MESSAGE, K_REQUEST, Picker, Template } from './content.js';
import type { EntryWriter } from './lines.js';
import { type Rng } from './random.js';
import { TextClock } from './text-clock.js';

const HOSTS = new Picker<Uint8Array>([
  [bytes(' web-01 '), 35],
  [bytes(' web-02 '), 35],
  [bytes(' db-01 '), 15],
  [bytes(' bastion '), 15],
]);

/** The system's own lines (no figure words in them: see content.ts). */
const SYSTEM = new Picker<Template>([
  [new Template(0, 'sshd[{1000-32767}]: Accepted publickey for deploy from 10.0.{0-255}.{1-254} port {1024-65535} ssh2'), 20],
  [new Template(0, 'sshd[{1000-32767}]: pam_unix(sshd:session): session opened for user deploy(uid={1000-1010}) by (uid=0)'), 15],
  [new Template(0, 'sshd[{1000-32767}]: Failed password for invalid user admin from 203.0.113.{1-254} port {1024-65535} ssh2'), 15],
  [new Template(0, 'sshd[{1000-32767}]: Disconnected from authenticating user root 198.51.100.{1-254} port {1024-65535} [preauth]'), 10],
  [new Template(0, 'CRON[{1000-32767}]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)'), 10],
  [new Template(0, 'sudo[{1000-32767}]:   deploy : TTY=pts/{0-9} ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart webapp'), 8],
  [new Template(0, 'systemd[1]: Started Session {1-99999} of User deploy.'), 12],
  [new Template(0, 'systemd-logind[{400-900}]: Removed session {1-99999}.'), 10],
]);

const APP = bytes('webapp[2817]: ');
const APP_ERROR = bytes('webapp[2817]: error: ');
const APP_FATAL = bytes('webapp[2817]: fatal: ');
const PROCESSED = bytes('Request processed in ');
const COMPLETED = bytes('GET /api/orders completed in ');
const MS = bytes('ms');
const MEMORY = bytes('Memory usage: ');
const MB = bytes('MB');
const CPU = bytes('CPU usage: ');
const PERCENT = 37;

export class SyslogLines implements EntryWriter {
  private readonly ev = new GenEvent();
  private readonly clock = new TextClock();
  private readonly source: EntrySource;
  private readonly values: number[] = [0, 0, 0, 0, 0, 0];

  constructor(
    private readonly rng: Rng,
    content: ContentOptions,
  ) {
    this.source = new EntrySource(rng, content);
  }

  entry(s: ByteSink): void {
    const { ev, rng } = this;
    this.source.next(ev);
    this.clock.bsd(s, ev.ts);
    s.put(HOSTS.pick(rng));
    if (ev.kind === K_REQUEST) {
      s.put(APP);
      s.put(rng.u32() >>> 24 < 205 ? PROCESSED : COMPLETED);
      s.uint(Math.round(ev.rtUs / 1000));
      s.put(MS);
    } else if (ev.kind === K_MESSAGE) {
      const t = SYSTEM.pick(rng);
      t.draw(rng, this.values);
      t.write(s, false, this.values);
    } else if (ev.kind === K_MEMORY) {
      s.put(APP);
      s.put(MEMORY);
      s.uint(ev.memMb);
      s.put(MB);
    } else if (ev.kind === K_CPU) {
      s.put(APP);
      s.put(CPU);
      s.uint(Math.round(ev.cpuTenths / 10));
      s.byte(PERCENT);
    } else {
      s.put(ev.level === ERROR ? APP_ERROR : APP_FATAL);
      ev.tpl!.write(s, false, ev.values);
    }
    s.byte(NL);
  }
}
