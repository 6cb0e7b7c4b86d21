import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { fetchAuthFiles } from '../../src/gateway/auth-files.js';
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
      '/v0/management/auth-files': `Bearer ${MGMT}`,
      '/v0/other': null,
      '/v1beta/models': null,
    });
    expect(server!.requests[0]?.headers['user-agent']).toBe('provops/test');
  });

  it('places the management key on v8 management paths too, and on no path that climbs out of one', async () => {
    const gw = await gatewayFor((_req, res) => json(res, 200, {}));
    for (const path of ['/v8/management/credentials', '/v8/other', '/v8/management/../../v1/models'])
      await gw.get(path, never);
    const auth = server!.requests.map((r) => [r.path, r.headers.authorization ?? null]);
    expect(auth).toEqual([
      ['/v8/management/credentials', `Bearer ${MGMT}`],
      ['/v8/other', null],
      ['/v1/models', `Bearer ${API}`],
    ]);
  });

  it('asks a route with a v8 twin on v0 until an answer names v8, then on the twin', async () => {
    const gw = await gatewayFor((req, res) => {
      res.setHeader('x-cpa-version', 'v8.0.23');
      json(res, 200, { files: [] });
    });
    const judge = (res: { body: Buffer }) => JSON.parse(res.body.toString()).files !== undefined;
    const opts = { judge, v8Path: '/v8/management/credentials' };
    const first = await gw.get('/v0/management/auth-files', never, opts);
    const second = await gw.get('/v0/management/auth-files', never, opts);
    expect([first.path, second.path]).toEqual(['/v0/management/auth-files', '/v8/management/credentials']);
    expect(server!.requests.map((r) => r.path)).toEqual(['/v0/management/auth-files', '/v8/management/credentials']);
    expect(gw.version()).toEqual({ version: 'v8.0.23', from: 'GET /v0/management/auth-files' });
  });

  it('falls back to the v0 route when a gateway naming v8 has no v8 tree', async () => {
    const gw = await gatewayFor((req, res) => {
      res.setHeader('x-cpa-version', 'v8.0.0-fork');
      if (req.url?.startsWith('/v8/')) return json(res, 404, { error: 'not found' });
      json(res, 200, { files: [{ name: 'a.json', provider: 'codex' }] });
    });
    const first = await fetchAuthFiles(gw, never);
    const second = await fetchAuthFiles(gw, never);
    expect(first.ok && second.ok).toBe(true);
    expect(server!.requests.map((r) => r.path)).toEqual([
      '/v0/management/auth-files',
      '/v8/management/credentials',
      '/v0/management/auth-files',
    ]);
  });

  it('keeps the v0 route for a gateway that names an older version', async () => {
    const gw = await gatewayFor((_req, res) => {
      res.setHeader('x-cpa-version', 'v7.2.140');
      json(res, 200, { files: [] });
    });
    const opts = { v8Path: '/v8/management/credentials' };
    await gw.get('/v0/management/auth-files', never, opts);
    await gw.get('/v0/management/auth-files', never, opts);
    expect(server!.requests.map((r) => r.path)).toEqual(['/v0/management/auth-files', '/v0/management/auth-files']);
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

  it('the first management request is the key test: one at a time until a 2xx of the right shape, then in parallel', async () => {
    let inFlight = 0;
    let peak = 0;
    const gw = await gatewayFor((_req, res) => {
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, { files: [] });
      }, 30);
    });
    const judge = (res: { body: Buffer }) => JSON.parse(res.body.toString()).files !== undefined;
    const first = gw.get('/v0/management/auth-files', never, { judge });
    const rest = ['/v0/management/logs', '/v0/management/usage', '/v0/management/x'].map((p) =>
      gw.get(p, never, { judge }),
    );
    await first;
    expect(peak).toBe(1); // nothing else went while the key was unproven
    await Promise.all(rest);
    expect(peak).toBe(3);
    expect(gw.management()).toEqual({ outcome: 'accepted' });
  });

  it.each([
    ['a proxy 200 page', 200, '<html>login</html>'],
    ['a redirect', 302, ''],
    ['a 400', 400, '{"error":"bad request"}'],
    ['a 429', 429, '{"error":"slow down"}'],
    ['a 404', 404, '{"error":"not found"}'],
    ['a 200 of another shape', 200, '{"debug":false}'],
  ])('%s proves nothing: management requests keep going one at a time', async (_name, status, body) => {
    let inFlight = 0;
    let peak = 0;
    const gw = await gatewayFor((_req, res) => {
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(status, { 'content-type': body.startsWith('<') ? 'text/html' : 'application/json' });
        res.end(body);
      }, 20);
    });
    const judge = (res: { body: Buffer }) => /"files"/.test(res.body.toString());
    await Promise.all(
      ['/v0/management/a', '/v0/management/b', '/v0/management/c'].map((p) => gw.get(p, never, { judge })),
    );
    expect(peak).toBe(1);
    expect(gw.management()).toEqual({ outcome: 'untried' });
  });

  it('after a 401 nothing queued is sent, even once the first answer was a dropped connection', async () => {
    let n = 0;
    const gw = await gatewayFor((req, res) => {
      n++;
      if (n === 1) return req.socket.destroy();
      setTimeout(() => json(res, 401, { error: 'invalid management key' }), 20);
    });
    const results = await Promise.all(
      ['/v0/management/a', '/v0/management/b', '/v0/management/c', '/v0/management/d'].map((p) =>
        gw.get(p, never).then(
          (r) => r.status,
          (e: GatewayError) => e.kind,
        ),
      ),
    );
    expect(results).toEqual(['reset', 'management-rejected', 'management-rejected', 'management-rejected']);
    expect(server!.requests).toHaveLength(2);
  });
});
