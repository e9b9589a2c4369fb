/**
 * The HMAC mode of the bus (`--secret FILE` / LOGA_SECRET, the same key on
 * the supervisor and its workers; issue 11): the supervisor signs its work
 * replies (leases, idle, stop) and workers sign their results and failure
 * reports, so a worker takes no lease that is not the supervisor's and the
 * supervisor merges no result that is not a worker's, even on a shared bus
 * where anyone may publish. Lease tokens already refuse a client that did
 * not get the lease; the signature also refuses a forged lease (wrong byte
 * ranges gave wrong figures, and a lease for a file under `--allow` leaked
 * its first lines as malformed samples) and a forged idle reply.
 *
 * The signature is `sig`: HMAC-SHA256 of the message's JSON without it,
 * base64url. A receiver re-serializes what it parsed: JSON.parse keeps the
 * keys' order and every number and string round-trips, so the bytes signed
 * are the bytes checked.
 */
import type * as NodeCrypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UsageError } from '../../errors.js';

/** Bytes of the shortest key taken: below, a guessable one. */
export const MIN_SECRET_BYTES = 16;

/** node:crypto, loaded by the first signer: an import costs every process 2.3 MB of RSS, and only the HMAC mode needs it. */
let nodeCrypto: typeof NodeCrypto | undefined;
function crypto(): typeof NodeCrypto {
  return (nodeCrypto ??= createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto);
}

export class Signer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(secret, 'utf8');
  }

  private mac(body: object): Buffer {
    return crypto().createHmac('sha256', this.key).update(JSON.stringify(body)).digest();
  }

  /** The message with its signature. */
  sign<T extends object>(msg: T): T & { sig: string } {
    const { sig: _old, ...body } = msg as T & { sig?: string };
    return { ...(body as T), sig: this.mac(body).toString('base64url') };
  }

  /** Whether a parsed message carries a valid signature of this key. */
  verify(msg: unknown): boolean {
    if (typeof msg !== 'object' || msg === null) return false;
    const { sig, ...body } = msg as { sig?: unknown };
    if (typeof sig !== 'string') return false;
    const got = Buffer.from(sig, 'base64url');
    const want = this.mac(body);
    return got.length === want.length && crypto().timingSafeEqual(got, want);
  }
}

/** A signer of the key, or null without one (the bus unsigned). */
export function signerOf(secret: string | undefined): Signer | null {
  return secret === undefined ? null : new Signer(secret);
}

/**
 * The key of `--secret FILE` (the file's text, one trailing newline
 * dropped), else of LOGA_SECRET; undefined when neither is set. A UsageError
 * names an unreadable file or a short key.
 */
export function secretFrom(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let key: string | undefined;
  let where: string;
  if (file !== undefined) {
    where = `--secret ${file}`;
    try {
      key = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new UsageError(`${where}: cannot read the key: ${(err as Error).message}`, { cause: err });
    }
  } else {
    where = 'LOGA_SECRET';
    key = env.LOGA_SECRET === '' ? undefined : env.LOGA_SECRET;
    if (key === undefined) return undefined;
  }
  if (Buffer.byteLength(key) < MIN_SECRET_BYTES) throw new UsageError(`${where}: the key has ${Buffer.byteLength(key)} bytes; use at least ${MIN_SECRET_BYTES} random ones (e.g. openssl rand -base64 32 > loga.key)`);
  return key;
}
