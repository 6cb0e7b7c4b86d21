// health names what it really observed: which paths answered what, and the version when an answer of
// the run carried X-CPA-VERSION; a /healthz 404 alone does not tell the fork from an old upstream.
import { describe, expect, it } from 'vitest';
import { evaluate, type Probe } from '../../checks/health.js';
import type { GatewayResponse } from '../../src/gateway/client.js';

const res = (path: string, status: number, body: string): Probe => ({
  path,
  response: { path, status, body: Buffer.from(body), durationMs: 3, headers: {} } as GatewayResponse,
});
const limits = { warnLatencyMs: 1000 };
const NO_HEALTH = [res('/healthz', 404, ''), res('/health', 404, '')];

describe('health wording by what was observed', () => {
  it('without a version: names both gateways a /healthz 404 can mean', () => {
    const r = evaluate([...NO_HEALTH, res('/', 200, '{"message":"CLI Proxy API Server"}')], limits);
    expect(r.summary).toBe(
      'GET / → 200 "CLI Proxy API Server" in 3 ms (warn > 1000 ms); /healthz → 404, /health → 404 (no health route: cliproxyapi++ v6.8.x, or CLIProxyAPI before v6.9.10), so / stands in',
    );
    expect(r.metrics).toMatchObject({ gatewayVersion: null });
  });

  it('with X-CPA-VERSION seen: names that version', () => {
    const version = { version: 'v6.9.5', from: 'GET /v0/management/debug' };
    const r = evaluate([...NO_HEALTH, res('/', 200, '{"message":"CLI Proxy API Server"}')], limits, version);
    expect(r.summary).toMatch(
      /\(v6\.9\.5 has no health route\), so \/ stands in; gateway v6\.9\.5 \(X-CPA-VERSION on GET \/v0\/management\/debug\)$/,
    );
    const v8 = evaluate([res('/healthz', 200, '{"status":"ok"}')], limits, {
      version: 'v8.0.23',
      from: 'GET /v0/management/debug',
    });
    expect(v8).toMatchObject({
      status: 'pass',
      summary:
        'GET /healthz → 200 ok in 3 ms (warn > 1000 ms); gateway v8.0.23 (X-CPA-VERSION on GET /v0/management/debug)',
      metrics: { gatewayVersion: 'v8.0.23' },
    });
  });

  it('accepts the "CPA Server" banner of v7-module fork builds', () => {
    expect(evaluate([...NO_HEALTH, res('/', 200, '{"message":"CPA Server"}')], limits).status).toBe('pass');
  });
});
