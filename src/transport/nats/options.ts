/**
 * NATS connection options (SPEC §1): flags and the environment names the NATS
 * CLI uses, id and prefix checks, and the subjects. The connection itself is
 * in connect.ts.
 */
import { DEFAULT_NATS_URL } from '../../defaults.js';
import { UsageError } from '../../errors.js';

export interface NatsOptions {
  /** One URL or several, comma-separated. */
  url: string;
  user?: string;
  password?: string;
  token?: string;
  /** A `.creds` file (user JWT + nkey seed). */
  creds?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** The subject prefix of the client's reply inboxes (default `_INBOX`): a worker user may subscribe to its own only. */
  inboxPrefix?: string;
  /** The HMAC key of the bus (src/transport/nats/signing.ts): the same on the supervisor and its workers. */
  secret?: string;
}

/**
 * Options from flags, falling back to the NATS CLI's environment names:
 * NATS_URL, NATS_USER, NATS_PASSWORD, NATS_CREDS, NATS_CA, NATS_CERT,
 * NATS_KEY, NATS_INBOX_PREFIX. The NATS CLI has no NATS_TOKEN: like it, a user without a
 * password is taken as a token.
 */
export function natsOptions(flags: Partial<NatsOptions>, env: NodeJS.ProcessEnv = process.env): NatsOptions {
  const pick = (flag: string | undefined, name: string): string | undefined => {
    const v = flag ?? env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  let user = pick(flags.user, 'NATS_USER');
  const inboxPrefix = pick(flags.inboxPrefix, 'NATS_INBOX_PREFIX');
  const password = pick(flags.password, 'NATS_PASSWORD');
  let token = flags.token === '' ? undefined : flags.token;
  if (token === undefined && user !== undefined && password === undefined) {
    token = user;
    user = undefined;
  }
  return {
    url: pick(flags.url, 'NATS_URL') ?? DEFAULT_NATS_URL,
    user,
    password,
    token,
    creds: pick(flags.creds, 'NATS_CREDS'),
    tlsCa: pick(flags.tlsCa, 'NATS_CA'),
    tlsCert: pick(flags.tlsCert, 'NATS_CERT'),
    tlsKey: pick(flags.tlsKey, 'NATS_KEY'),
    ...(inboxPrefix !== undefined ? { inboxPrefix } : {}),
    ...(flags.secret !== undefined ? { secret: flags.secret } : {}),
  };
}

/** A subject token: no dots, wildcards or white space. */
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks a job or worker id: it becomes a subject token and a consumer name. */
export function checkToken(value: string, flag: string): string {
  if (!TOKEN.test(value)) {
    throw new UsageError(`${flag}: '${value}' must be 1 to 128 letters, digits, '-' or '_' (it becomes a NATS subject token)`);
  }
  return value;
}

/** Checks a subject prefix: one or more tokens separated by dots. */
export function checkPrefix(value: string): string {
  if (!value.split('.').every((t) => TOKEN.test(t))) {
    throw new UsageError(`--prefix: '${value}' must be dot-separated tokens of letters, digits, '-' or '_' (e.g. loga, team.loga)`);
  }
  return value;
}

/** Any string as a subject token (host names carry dots). */
export function tokenOf(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128);
  return t === '' ? '_' : t;
}


/** The subjects of SPEC §6 under a prefix (metrics.* are not prefixed). */
export function subjects(prefix: string) {
  return {
    work: `${prefix}.work`,
    heartbeat: (worker: string) => `${prefix}.heartbeat.${worker}`,
    heartbeats: `${prefix}.heartbeat.*`,
    results: (job: string) => `${prefix}.results.${job}`,
    resultsAll: `${prefix}.results.>`,
    failed: (job: string) => `${prefix}.failed.${job}`,
    bytes: (job: string) => `${prefix}.bytes.${job}`,
    metricsSummary: (job: string) => `metrics.${job}.summary`,
    metricsProgress: (job: string) => `metrics.${job}.progress`,
    metricsMinute: (job: string) => `metrics.${job}.minute`,
    metricsWorker: (worker: string) => `metrics.workers.${worker}`,
  };
}
export type Subjects = ReturnType<typeof subjects>;
