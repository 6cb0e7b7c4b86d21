// Test-only TLS material, generated with openssl into a fresh temp dir at test time: a CA, a
// certificate it signs for a given host name, and a self-signed one. No private key is committed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caFile: string;
  /** Key and certificate signed by the CA for `names` (subjectAltName). */
  signed(names: string): { key: string; cert: string };
  selfSigned(): { key: string; cert: string };
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'provops-tls-'));
  const days = ['-days', '2'];
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-subj',
      '/CN=provops test CA',
      ...days,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    ],
    dir,
  );
  let n = 0;
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    signed(names) {
      const id = `leaf${n++}`;
      writeFileSync(join(dir, `${id}.ext`), `subjectAltName=${names}\n`);
      openssl(
        ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${id}.key`, '-out', `${id}.csr`, '-subj', '/CN=gateway'],
        dir,
      );
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${id}.csr`,
          '-CA',
          'ca.pem',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-out',
          `${id}.pem`,
          ...days,
          '-extfile',
          `${id}.ext`,
        ],
        dir,
      );
      return { key: readFileSync(join(dir, `${id}.key`), 'utf8'), cert: readFileSync(join(dir, `${id}.pem`), 'utf8') };
    },
    selfSigned() {
      const id = `self${n++}`;
      openssl(
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          `${id}.key`,
          '-out',
          `${id}.pem`,
          '-subj',
          '/CN=127.0.0.1',
          ...days,
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        dir,
      );
      return { key: readFileSync(join(dir, `${id}.key`), 'utf8'), cert: readFileSync(join(dir, `${id}.pem`), 'utf8') };
    },
  };
}

/** An https server on loopback answering /healthz like CLIProxyAPI. */
export async function startHttps(options: {
  key: string;
  cert: string;
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(options, (req, res) => {
    res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/healthz' ? '{"status":"ok"}' : '{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
