import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { createGateway } from '../../src/gateway/client.js';
import { createHttpClient, type HttpClient } from '../../src/gateway/http.js';
import { json, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
let http: HttpClient | undefined;
afterEach(async () => {
  await http?.close();
  await server?.close();
  server = http = undefined;
});

const never = new AbortController().signal;
const API = 'sk-test-api-key-1';
const MGMT = 'mgmt-test-key-1';

async function gatewayFor(
  handler: Parameters<typeof startServer>[0],
  keys: { apiKey?: string; managementKey?: string } = { apiKey: API, managementKey: MGMT },
) {
  server = await startServer(handler);
  http = createHttpClient({ timeoutMs: 2_000, maxBytes: 1 << 20, connections: 4 });
  return createGateway(http, { url: `${server.url}/`, userAgent: 'provops/test', ...keys });
}

describe('createGateway', () => {
  it('sends the API key only to /v1/* and the management key only to /v0/management/*', async () => {
    const gw = await gatewayFor((_req, res) => json(res, 200, {}));
    for (const path of ['/healthz', '/', '/v1/models', '/v0/management/auth-files', '/v0/other', '/v1beta/models'])
      await gw.get(path, never);
    const auth = Object.fromEntries(server!.requests.map((r) => [r.path, r.headers.authorization ?? null]));
    expect(auth).toEqual({
      '/healthz': null,
      '/': null,
      '/v1/models': `Bearer ${API}`,
      '/v0/management/debug': `Bearer ${MGMT}`,
      '/v0/management/auth-files': `Bearer ${MGMT}`,
      '/v0/other': null,
      '/v1beta/models': null,
    });
    expect(server!.requests[0]?.headers['user-agent']).toBe('provops/test');
  });

  it('makes no management request without a management key', async () => {
    const gw = await gatewayFor((_req, res) => json(res, 200, {}), { apiKey: API });
    const err = await gw.get('/v0/management/usage', never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).kind).toBe('no-key');
    expect(server!.requests).toHaveLength(0);
  });

  it('sends a rejected management key once, however many checks ask at the same time', async () => {
    const gw = await gatewayFor((req, res) =>
      req.url?.startsWith('/v0/management/') ? json(res, 401, { error: 'invalid management key' }) : json(res, 200, {}),
    );
    const attempts = [
      '/v0/management/auth-files',
      '/v0/management/usage',
      '/v0/management/logs',
      '/v0/management/kiro-quota',
    ].map((p) => gw.get(p, never).catch((e: unknown) => e));
    const errors = (await Promise.all(attempts)) as GatewayError[];
    expect(server!.requests.filter((r) => r.path.startsWith('/v0/management/'))).toHaveLength(1);
    expect(new Set(errors.map((e) => e.message)).size).toBe(1);
    expect(errors[0]?.kind).toBe('management-rejected');
    expect(errors[0]?.message).toMatch(
      /^management key rejected: 401 invalid management key; provops made no further management requests this run/,
    );
    // Unrelated routes still work.
    expect((await gw.get('/v1/models', never)).status).toBe(200);
  });

  it('names the fix for a ban and for remote management being off', async () => {
    const banned = await gatewayFor((_req, res) =>
      json(res, 403, { error: 'IP banned due to too many failed attempts. Try again in 29m59s' }),
    );
    const e1 = (await banned.get('/v0/management/usage', never).catch((e: unknown) => e)) as GatewayError;
    expect(e1.hint).toMatch(/banned/);
    await http?.close();
    await server?.close();
    const remote = await gatewayFor((_req, res) => json(res, 403, { error: 'remote management disabled' }));
    const e2 = (await remote.get('/v0/management/usage', never).catch((e: unknown) => e)) as GatewayError;
    expect(e2.hint).toMatch(/allow-remote: true/);
  });

  it('tests the key on the cheapest getter first, then runs management requests in parallel', async () => {
    let inFlight = 0;
    let peak = 0;
    const gw = await gatewayFor((req, res) => {
      if (req.url === '/v0/management/debug') return json(res, 200, { debug: false });
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, {});
      }, 30);
    });
    await Promise.all(
      ['/v0/management/logs', '/v0/management/usage', '/v0/management/auth-files'].map((p) => gw.get(p, never)),
    );
    expect(server!.requests[0]?.path).toBe('/v0/management/debug');
    expect(peak).toBe(3);
    expect(gw.management()).toEqual({ outcome: 'accepted' });
  });

  it('when the probe proves nothing (404, a dropped connection), requests go one at a time until one does', async () => {
    const events: string[] = [];
    let first = true;
    const gw = await gatewayFor((req, res) => {
      if (req.url === '/v0/management/debug') {
        if (first) {
          first = false;
          return req.socket.destroy();
        }
        return json(res, 404, {});
      }
      events.push(`start ${req.url}`);
      setTimeout(() => {
        events.push(`end ${req.url}`);
        json(res, 200, {});
      }, 20);
    });
    const answers = await Promise.all(
      ['/v0/management/a', '/v0/management/b', '/v0/management/c'].map((p) => gw.get(p, never)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(events[1]).toBe('end /v0/management/a'); // the first went alone; its 200 let the others through
    expect(server!.requests.filter((r) => r.path === '/v0/management/debug')).toHaveLength(1);
  });
});
