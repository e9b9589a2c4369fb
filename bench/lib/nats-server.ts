/**
 * The private `nats-server -js` of the distributed scenario, from the
 * launcher the tests use (test/support/nats-server.ts: a free loopback port,
 * a temporary store dir removed on stop, stopped by its pid). What the
 * benchmark adds: the server is also looked for in /usr/sbin (where Debian's
 * package puts it, not on every user's PATH), and it is registered with the
 * Ctrl-C / crash cleanup from the moment it is spawned.
 */
import { findNatsServer as find, startNatsServer as start, type NatsServer } from '../../test/support/nats-server.js';
import { onCleanup } from './cleanup.js';

export type { NatsServer };

export function findNatsServer(): string | null {
  return find(['/usr/sbin', '/usr/local/sbin']);
}

export function startNatsServer(bin: string): Promise<NatsServer> {
  return start({ bin, track: onCleanup });
}
