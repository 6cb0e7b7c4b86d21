// TLS: a private CA can be trusted (--ca-file), verification knowingly skipped (--insecure, warned
// about every run), and each TLS failure is one plain sentence with its fix, reported once by health
// as "gateway unreachable" (exit 2), not a raw OpenSSL string on every row (exit 3).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startServer, json, type TestServer } from '../helpers/server.js';
import { makePki, startHttps, type TestPki } from '../helpers/tls.js';

let pki: TestPki;
const servers: Array<{ close(): Promise<void> }> = [];
beforeAll(() => {
  pki = makePki();
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

async function https(kind: 'signed' | 'other-name' | 'self-signed') {
  const material =
    kind === 'signed'
      ? pki.signed('IP:127.0.0.1')
      : kind === 'other-name'
        ? pki.signed('DNS:gw.example')
        : pki.selfSigned();
  const s = await startHttps(material);
  servers.push(s);
  return s.url;
}

/** daily against `url`: exit code, the JSON results and stderr. */
async function daily(url: string, extra: string[] = []) {
  const r = await runCli(['daily', '--url', url, '--no-state', '--format', 'json', '--timeout', '3000', ...extra], {
    env: { PROVOPS_API_KEY: 'sk-test-key-1' },
  });
  const results = (
    JSON.parse(r.stdout) as {
      targets: Array<{ results: Array<{ id: string; status: string; summary: string; hint: string | null }> }>;
    }
  ).targets[0]!.results;
  return { code: r.code, results, stderr: r.stderr, health: results.find((x) => x.id === 'health')! };
}

function reportedOnce(results: Array<{ id: string; status: string; summary: string }>) {
  for (const r of results.filter((x) => x.id !== 'health')) {
    expect(r.status).toBe('skip');
    expect(r.summary).toBe('gateway unreachable (see health)');
  }
}

describe('TLS', () => {
  it('https:// to a plain HTTP port: one sentence, exit 2', async () => {
    const plain: TestServer = await startServer((_req, res) => json(res, 200, { status: 'ok' }));
    servers.push(plain);
    const r = await daily(plain.url.replace('http://', 'https://'));
    expect(r.code).toBe(2);
    expect(r.health).toMatchObject({ status: 'fail' });
    expect(r.health.summary).toMatch(
      /^gateway unreachable: TLS handshake with 127\.0\.0\.1:\d+ failed: the port answers plain HTTP, not TLS$/,
    );
    expect(r.health.hint).toMatch(/Use http:\/\/ in --url/);
    expect(JSON.stringify(r.results)).not.toMatch(/SSL routines|error:0A/);
    reportedOnce(r.results);
  });

  it('a self-signed certificate: not trusted, with --ca-file and --insecure as the fixes', async () => {
    const r = await daily(await https('self-signed'));
    expect(r.code).toBe(2);
    expect(r.health.summary).toMatch(/the TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(self-signed\)/);
    expect(r.health.hint).toMatch(/--ca-file <pem>.*--insecure/);
    reportedOnce(r.results);
  });

  it('a private CA is trusted with --ca-file (and caFile in provops.yaml)', async () => {
    const url = await https('signed');
    const untrusted = await daily(url);
    expect(untrusted.health.summary).toMatch(/is not trusted \(issued by an unknown CA\)/);
    const trusted = await daily(url, ['--only', 'health', '--ca-file', pki.caFile]);
    expect(trusted.code).toBe(0);
    expect(trusted.health.summary).toMatch(/^GET \/healthz → 200 ok/);
    const cwd = mkdtempSync(join(tmpdir(), 'provops-tls-yaml-'));
    writeFileSync(join(cwd, 'provops.yaml'), `url: ${url}\ncaFile: ${pki.caFile}\n`);
    const fromYaml = await runCli(['check', 'health', '--no-state'], { cwd });
    expect(fromYaml.code).toBe(0);
  });

  it('a hostname mismatch names itself', async () => {
    const r = await daily(await https('other-name'), ['--ca-file', pki.caFile]);
    expect(r.code).toBe(2);
    expect(r.health.summary).toMatch(/the TLS certificate of 127\.0\.0\.1:\d+ is not issued for that host name/);
    reportedOnce(r.results);
  });

  it('--insecure skips verification with a loud warning on every run', async () => {
    const url = await https('self-signed');
    for (let i = 0; i < 2; i++) {
      const r = await daily(url, ['--only', 'health', '--insecure']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/warning: --insecure: TLS certificates are NOT verified/);
    }
  });

  it('a handshake failure is one sentence too', async () => {
    const material = pki.signed('IP:127.0.0.1');
    // A server that offers only TLS 1.2 against a client held to TLS 1.3 cannot agree on a protocol.
    const s = await startHttps({ ...material, maxVersion: 'TLSv1.2' });
    servers.push(s);
    const r = await runCli(
      ['check', 'health', '--url', s.url, '--no-state', '--ca-file', pki.caFile, '--format', 'json'],
      {
        nodeArgs: ['--tls-min-v1.3'],
      },
    );
    expect(r.code).toBe(2);
    const health = JSON.parse(r.stdout).targets[0].results[0];
    expect(health.summary).toMatch(/^gateway unreachable: TLS handshake with 127\.0\.0\.1:\d+ failed \(/);
    expect(health.hint).toMatch(/TLS 1\.2\+/);
  });

  it('a --ca-file that is not a PEM certificate is a config error naming the flag', async () => {
    const r = await runCli(['check', 'health', '--url', 'https://127.0.0.1:1', '--ca-file', __filename]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^provops: --ca-file: .* holds no PEM certificate/);
  });
});
