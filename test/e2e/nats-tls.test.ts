/**
 * TLS connection options (SPEC §1: --tls-ca/--tls-cert/--tls-key): a server
 * that requires client certificates (mutual TLS), certificates made for the
 * test with openssl. The supervisor and its local actors connect with them and
 * give the figures of analyze; without a client certificate the server refuses
 * the connection and supervise fails with exit 4.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { analyze, exitCodeOf, NatsUnreachableError, supervise } from '../../src/internal.js';
import { figuresOf, natsTestsEnabled, startNatsServer } from '../helpers/nats-server.js';
import { vectorPath } from '../helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'loga-tls-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const f = (name: string): string => join(dir, name);

async function openssl(args: string[]): Promise<void> {
  await execa('openssl', args, { cwd: dir, stdin: 'ignore', timeout: 30_000 });
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
async function makeCertificates(): Promise<void> {
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=loga test CA', '-keyout', f('ca-key.pem'), '-out', f('ca.pem')]);
  for (const [name, ext] of [
    // nats.js checks a server reached by IP address under the name 'localhost'
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=loga ${name}`, '-keyout', f(`${name}-key.pem`), '-out', f(`${name}.csr`)]);
    await execa('sh', ['-c', `printf '%s\\n' '${ext}' > ${name}.ext`], { cwd: dir });
    await openssl(['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca-key.pem'), '-CAcreateserial', '-days', '2', '-extfile', f(`${name}.ext`), '-out', f(`${name}.pem`)]);
  }
}

if (natsTestsEnabled(test, 'nats-tls')) {
  test('mutual TLS: the supervisor and its actors connect with --tls-ca/--tls-cert/--tls-key; no client certificate is exit 4', async (t) => {
    t.timeout(90_000);
    await makeCertificates();
    const vector = vectorPath('malformed.log');
    const expected = figuresOf(await analyze({ files: [vector], workers: 1 }));
    const server = await startNatsServer({
      args: ['--tls', '--tlscert', f('server.pem'), '--tlskey', f('server-key.pem'), '--tlscacert', f('ca.pem'), '--tlsverify'],
    });
    try {
      const tls = { tlsCa: f('ca.pem'), tlsCert: f('client.pem'), tlsKey: f('client-key.pem') };
      const s = await supervise({ files: [vector], workers: 2, chunkSize: 4096, nats: { url: server.url, ...tls } });
      t.is(s.chunks.failed, 0);
      t.deepEqual(figuresOf(s), expected);
      const e = await t.throwsAsync(supervise({ files: [vector], nats: { url: server.url, tlsCa: f('ca.pem') } }));
      t.true(e instanceof NatsUnreachableError, String(e));
      t.is(exitCodeOf(e), 4);
      t.true(e?.message.includes(server.url));
    } finally {
      await server.stop();
    }
  });
}
