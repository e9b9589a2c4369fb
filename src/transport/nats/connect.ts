/**
 * The NATS connection itself: nats.js options from NatsOptions, a quick
 * reachability probe (an unreachable server is NatsUnreachableError, exit 4,
 * within DEFAULT_CONNECT_TIMEOUT_MS), reconnects with a capped backoff, and a drain
 * with a deadline. Apart from options.ts so that commands which never
 * connect (analyze, gen) do not load the client at start-up.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { connect, credsAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { NatsUnreachableError, UsageError } from '../../errors.js';
import type { Logger } from '../../runtime.js';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../../defaults.js';
import type { NatsOptions } from './options.js';

/** Reconnect backoff: 250 ms doubling up to 2 s, plus up to 250 ms of jitter. */
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 2000;
const BACKOFF_JITTER_MS = 250;

function readable(path: string, flag: string): string {
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw new UsageError(`${flag}: cannot read '${path}': ${(err as Error).message}`, { cause: err });
  }
  return path;
}

/** The nats.js options for these settings; a creds or TLS file that cannot be read is a UsageError. */
export function connectOptions(o: NatsOptions, name: string): { options: NodeConnectionOptions; resetBackoff: () => void } {
  let attempt = 0;
  const opts: NodeConnectionOptions = {
    servers: o.url
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    name,
    timeout: DEFAULT_CONNECT_TIMEOUT_MS,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectDelayHandler: () => Math.min(BACKOFF_FIRST_MS * 2 ** attempt++, BACKOFF_MAX_MS) + Math.random() * BACKOFF_JITTER_MS,
    pingInterval: 10_000,
    maxPingOut: 3,
    ...(o.inboxPrefix !== undefined ? { inboxPrefix: o.inboxPrefix } : {}),
  };
  if (o.user !== undefined) {
    opts.user = o.user;
    opts.pass = o.password ?? '';
  }
  if (o.token !== undefined) opts.token = o.token;
  if (o.creds !== undefined) {
    const creds = readFileSync(readable(o.creds, '--creds'));
    opts.authenticator = credsAuthenticator(new Uint8Array(creds));
  }
  if (o.tlsCa !== undefined || o.tlsCert !== undefined || o.tlsKey !== undefined) {
    if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
    opts.tls = {
      caFile: o.tlsCa === undefined ? undefined : readable(o.tlsCa, '--tls-ca'),
      certFile: o.tlsCert === undefined ? undefined : readable(o.tlsCert, '--tls-cert'),
      keyFile: o.tlsKey === undefined ? undefined : readable(o.tlsKey, '--tls-key'),
    };
  }
  return {
    options: opts,
    resetBackoff: () => {
      attempt = 0;
    },
  };
}

function hostPort(server: string): { host: string; port: number } | null {
  try {
    const u = new URL(/^[a-z]+:\/\//i.test(server) ? server : `nats://${server}`);
    return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port: u.port === '' ? 4222 : Number(u.port) };
  } catch {
    return null;
  }
}

/** Resolves with null when the server sends its INFO line within the timeout, else with why not. */
function probe(server: string, timeoutMs: number): Promise<string | null> {
  const hp = hostPort(server);
  if (hp === null) return Promise.resolve(null); // let nats.js report the bad URL
  return new Promise((resolve) => {
    const sock = tcpConnect({ host: hp.host, port: hp.port });
    const done = (why: string | null): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(why);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs} ms`), timeoutMs);
    sock.once('data', (d) => done(d.subarray(0, 4).toString() === 'INFO' ? null : 'not a NATS server'));
    sock.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'connection refused' : err.message));
    sock.once('close', () => done('connection closed'));
  });
}

/**
 * Connects, or throws NatsUnreachableError naming the URL (in about
 * DEFAULT_CONNECT_TIMEOUT_MS at most). A plain TCP probe for the server's INFO line
 * comes first: when a server accepts but never answers, nats.js times out but
 * leaves its socket open, which would keep the process alive.
 */
export async function connectNats(o: NatsOptions, name: string, log?: Logger): Promise<NatsConnection> {
  const { options, resetBackoff } = connectOptions(o, name);
  const servers = ([] as string[]).concat(options.servers ?? []);
  const why = await Promise.all(servers.map((srv) => probe(srv, DEFAULT_CONNECT_TIMEOUT_MS)));
  if (servers.length > 0 && why.every((w) => w !== null)) {
    throw new NatsUnreachableError(`cannot reach NATS at ${o.url}: ${why[0]}; is a server running there? (start one with: nats-server -js)`);
  }
  let nc: NatsConnection;
  try {
    nc = await connect(options);
  } catch (err) {
    const reason = (err as Error).message;
    throw new NatsUnreachableError(`cannot reach NATS at ${o.url}: ${reason}; is a server running there? (start one with: nats-server -js)`, {
      cause: err,
    });
  }
  if (log !== undefined) watchStatus(nc, o.url, log, resetBackoff);
  return nc;
}

/** Logs disconnects and reconnects; resets the reconnect backoff on success. */
function watchStatus(nc: NatsConnection, url: string, log: Logger, resetBackoff?: () => void): void {
  void (async () => {
    for await (const s of nc.status()) {
      switch (s.type) {
        case 'disconnect':
          log.warn({ url }, 'lost the NATS connection; reconnecting');
          break;
        case 'reconnect':
          resetBackoff?.();
          log.info({ url }, 'reconnected to NATS');
          break;
        case 'error':
          log.warn({ url, err: String((s as { error?: unknown }).error) }, 'NATS error');
          break;
        default:
          break;
      }
    }
  })().catch(() => {});
}

/** The largest message loga publishes: 900 KiB, or less when the server's max_payload is smaller. */
export function messageLimit(nc: NatsConnection): number {
  const max = nc.info?.max_payload ?? 1024 * 1024;
  return Math.max(16 * 1024, Math.min(900 * 1024, max - 64 * 1024));
}

/** How long a drain may take before the connection is closed instead (a drain waits for a server that may be gone). */
export const DRAIN_TIMEOUT_MS = 3000;

/** Drains the connection (flushes what is pending), or closes it when the server does not answer in time. */
export async function drainOrClose(nc: NatsConnection, timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
  if (nc.isClosed()) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([nc.drain().then(() => 'drained' as const, () => 'failed' as const), timeout]);
  clearTimeout(timer);
  if (outcome !== 'drained' && !nc.isClosed()) await nc.close().catch(() => {});
}
