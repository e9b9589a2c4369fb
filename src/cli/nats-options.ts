/** The NATS connection of the flags (the environment filling the gaps, as the nats CLI does). */
import { natsOptions, type NatsOptions } from '../transport/nats/options.js';
import { secretFrom } from '../transport/nats/signing.js';
import type { ParsedOptions } from './options.js';
import type { NATS_OPTIONS } from './options.js';

export function natsFromOptions(o: ParsedOptions<typeof NATS_OPTIONS>): NatsOptions {
  const key = secretFrom(o.secret);
  return natsOptions({
    ...(key !== undefined ? { secret: key } : {}), url: o.nats, user: o.user, password: o.password, token: o.token, creds: o.creds, tlsCa: o.tlsCa, tlsCert: o.tlsCert, tlsKey: o.tlsKey, inboxPrefix: o.inboxPrefix });
}
