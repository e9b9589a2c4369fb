/**
 * The token of a lease (issue 11): 128 random bits, base64url. A result,
 * failure report, progress heartbeat or byte request counts only with the
 * token of one of its chunk's leases; a forged one, from a client that did
 * not receive the lease, is refused and counted (summary rejected_messages).
 * A schema-valid partial published for chunk 0 before the real worker's was
 * merged (errors 1,033,209 against 45,426), and the real one then dropped as
 * a duplicate msgID.
 */
export type TokenSource = () => string;

/**
 * Web Crypto's getRandomValues, not node:crypto, whose import grew every
 * process that loads the supervisor's modules by 2.3 MB of RSS (the worker
 * memory test's probe among them): the global loads on first use.
 */
export const randomToken: TokenSource = () => Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
