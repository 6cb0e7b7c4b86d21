import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { createHttpClient } from '../../src/gateway/http.js';
import { parseModels } from '../../src/gateway/models.js';
import { BadBody, describeBody, readJson } from '../../src/gateway/response.js';
import { parseFault, type FaultSpec } from '../../src/simulator/index.js';
import { routeMatches } from '../../src/simulator/faults.js';
import { bearer, send, withSimulator } from './helpers.js';

/** A request through provops' own HTTP client, so each fault is seen as provops will see it. */
async function probe(faults: FaultSpec[], options: { timeoutMs?: number; maxBytes?: number; path?: string } = {}) {
  return withSimulator({ faults }, async (sim) => {
    const http = createHttpClient({
      timeoutMs: options.timeoutMs ?? 5000,
      maxBytes: options.maxBytes ?? 16 * 1024 * 1024,
      connections: 2,
    });
    const path = options.path ?? '/v1/models';
    try {
      const res = await http.get(`${sim.url}${path}`, bearer(sim.keys.apiKey), AbortSignal.timeout(20_000));
      return { res: { ...res, path }, hits: sim.hits.list() };
    } catch (err) {
      return { err, hits: sim.hits.list() };
    } finally {
      await http.close();
    }
  });
}

const kindOf = (err: unknown) => (err instanceof GatewayError ? err.kind : String(err));

describe('faults', () => {
  it('latency: answers normally, no sooner than asked', async () => {
    const { res } = await probe([{ route: '/v1/models', kind: 'latency', ms: 300 }]);
    expect(res?.status).toBe(200);
    expect(res?.durationMs).toBeGreaterThanOrEqual(295);
  });

  it('hang: accepts and never answers, so the client times out', async () => {
    const { err, hits } = await probe([{ route: '/v1/models', kind: 'hang' }], { timeoutMs: 150 });
    expect(kindOf(err)).toBe('timeout');
    expect(hits).toEqual([{ method: 'GET', path: '/v1/models', status: 0, credential: 'api', outcome: 'fault' }]);
  });

  it('reset: the connection drops without an answer', async () => {
    const { err } = await probe([{ route: '/v1/models', kind: 'reset' }]);
    expect(kindOf(err)).toBe('reset');
  });

  it('slow-body: headers at once, the body trickles; a patient client still gets valid JSON', async () => {
    const slow = await probe([{ route: '/v1/models', kind: 'slow-body', ms: 3000 }], { timeoutMs: 200 });
    expect(kindOf(slow.err)).toBe('timeout');
    const patient = await probe([{ route: '/v1/models', kind: 'slow-body', ms: 100 }]);
    expect(parseModels(patient.res!).entries).toBeGreaterThan(10);
  });

  it('html-502: the page of a fronting nginx, without the gateway CORS headers', async () => {
    const { res } = await probe([{ route: '*', kind: 'html-502' }]);
    expect(res?.status).toBe(502);
    expect(res?.headers['content-type']).toBe('text/html');
    expect(res?.headers['access-control-allow-origin']).toBeUndefined();
    expect(describeBody(res!)).toBe('an HTML page "502 Bad Gateway" (a proxy in front of the gateway?)');
  });

  it('truncated-json: the real body cut in half', async () => {
    const { res } = await probe([{ route: '/v1/models', kind: 'truncated-json' }]);
    expect(res?.status).toBe(200);
    expect(() => readJson(res!)).toThrow(/truncated JSON/);
  });

  it('wrong-shape: JSON, but not the shape the route serves', async () => {
    const { res } = await probe([{ route: '/v1/models', kind: 'wrong-shape' }]);
    expect(JSON.parse(res!.body.toString())).toEqual({ object: 'unexpected', data: 'unexpected' });
    expect(() => parseModels(res!)).toThrow(BadBody);
  });

  it('oversized: a body past the client cap is cut off, not buffered', async () => {
    const { err } = await probe([{ route: '/v1/models', kind: 'oversized', bytes: 3 * 1024 * 1024 }], {
      maxBytes: 1024 * 1024,
    });
    expect(kindOf(err)).toBe('too-large');
    const { res } = await probe([{ route: '/v1/models', kind: 'oversized', bytes: 200_000 }]);
    expect(res?.body.length).toBe(200_000);
    expect((JSON.parse(res!.body.toString()) as { padding: string }).padding.length).toBeGreaterThan(199_000);
  });

  it('cooldown: 429 with Retry-After and the model_cooldown body of reference §7', async () => {
    await withSimulator({ faults: [{ route: '/v1/chat/completions', kind: 'cooldown' }] }, async (sim) => {
      const res = await send(`${sim.url}/v1/chat/completions`, {
        method: 'POST',
        headers: bearer(sim.keys.apiKey),
        body: '{"model":"claude-sonnet-4-5-20250929"}',
      });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('37');
      expect(JSON.parse(res.body)).toEqual({
        error: {
          code: 'model_cooldown',
          message: 'All credentials for model claude-sonnet-4-5-20250929 are cooling down via provider claude',
          model: 'claude-sonnet-4-5-20250929',
          provider: 'claude',
          reset_seconds: 37,
          reset_time: '37s',
        },
      });
    });
  });

  it('applies to the named route only, and a prefix covers everything below it', async () => {
    await withSimulator({ faults: [{ route: '/v0/management/*', kind: 'html-502' }] }, async (sim) => {
      expect((await send(`${sim.url}/v0/management/logs`)).status).toBe(502);
      expect((await send(`${sim.url}/v0/management/auth-files`)).status).toBe(502);
      expect((await send(`${sim.url}/v1/models`, { headers: bearer(sim.keys.apiKey) })).status).toBe(200);
      expect(sim.hits.count({ outcome: 'fault' })).toBe(2);
    });
    expect([
      routeMatches('*', '/x'),
      routeMatches('/a/*', '/a'),
      routeMatches('/a/*', '/a/b/c'),
      routeMatches('/a/*', '/ab'),
      routeMatches('/a', '/a/b'),
    ]).toEqual([true, true, true, false, false]);
  });

  it('parses --fault route=kind[:arg]', () => {
    expect(parseFault('/v1/models=hang')).toEqual({ route: '/v1/models', kind: 'hang' });
    expect(parseFault('/v0/management/*=latency:1500')).toEqual({
      route: '/v0/management/*',
      kind: 'latency',
      ms: 1500,
    });
    expect(parseFault('*=oversized:20m')).toEqual({ route: '*', kind: 'oversized', bytes: 20 * 1024 * 1024 });
    expect(parseFault('/v1/chat/completions=cooldown:60')).toEqual({
      route: '/v1/chat/completions',
      kind: 'cooldown',
      seconds: 60,
    });
    expect(() => parseFault('/v1/models=explode')).toThrow(/kinds: latency, hang/);
    expect(() => parseFault('hang')).toThrow(/expected <route>=<kind>/);
    expect(() => parseFault('v1/models=hang')).toThrow(/must be "\*" or start with "\/"/);
    expect(() => parseFault('/v1/models=latency:soon')).toThrow(/not a positive number/);
    expect(() => parseFault('/v1/models=reset:5')).toThrow(/takes no argument/);
  });
});
