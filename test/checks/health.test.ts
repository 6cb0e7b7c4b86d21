import { afterEach, describe, expect, it } from 'vitest';
import check, { evaluate, type Probe } from '../../checks/health.js';
import { testCheck } from '../helpers/check-tester.js';
import { GatewayError } from '../../src/errors.js';
import type { GatewayResponse } from '../../src/gateway/client.js';
import { freePort, json, startServer, type TestServer } from '../helpers/server.js';
import { runAgainst } from '../helpers/run.js';

const res = (
  path: string,
  status: number,
  body: string,
  durationMs = 3,
  headers: Record<string, string> = {},
): Probe => ({
  path,
  response: { path, status, body: Buffer.from(body), durationMs, headers } as GatewayResponse,
});
const err = (path: string, kind: GatewayError['kind'], message: string): Probe => ({
  path,
  error: new GatewayError(kind, message),
});
const limits = { warnLatencyMs: 1000 };
const BANNER = '{"message":"CLI Proxy API Server","endpoints":["POST /v1/chat/completions"]}';

const cases = [
  [
    'upstream /healthz',
    [res('/healthz', 200, '{"status":"ok"}')],
    'pass',
    'GET /healthz → 200 ok in 3 ms (warn > 1000 ms)',
  ],
  [
    'fork: / stands in',
    [res('/healthz', 404, '404 page not found'), res('/health', 404, '404 page not found'), res('/', 200, BANNER)],
    'pass',
    /^GET \/ → 200 "CLI Proxy API Server" in 3 ms \(warn > 1000 ms\); \/healthz → 404, \/health → 404 \(no health route: cliproxyapi\+\+ v6\.8\.x, or CLIProxyAPI before v6\.9\.10\)/,
  ],
  ['exactly at the threshold', [res('/healthz', 200, '{"status":"ok"}', 1000)], 'pass', /in 1000 ms/],
  ['one ms over', [res('/healthz', 200, '{"status":"ok"}', 1001)], 'warn', /in 1001 ms \(warn > 1000 ms\)/],
  [
    '/ without the banner',
    [
      res('/healthz', 404, ''),
      res('/health', 404, ''),
      res('/', 200, '<html>nginx</html>', 3, { 'content-type': 'text/html' }),
    ],
    'warn',
    /not with the CLIProxyAPI banner/,
  ],
  [
    '404 everywhere',
    [res('/healthz', 404, ''), res('/health', 404, ''), res('/', 404, '')],
    'fail',
    /no health path answered/,
  ],
  [
    '5xx from a proxy',
    [res('/healthz', 502, '<html><title>502 Bad Gateway</title></html>', 3, { 'content-type': 'text/html' })],
    'fail',
    /^gateway unreachable behind a proxy: GET \/healthz → 502 an HTML page "502 Bad Gateway"/,
  ],
  ['5xx from the gateway', [res('/healthz', 500, '{"error":"boom"}')], 'fail', 'GET /healthz → 500 "boom"'],
  [
    'redirect',
    [
      {
        ...res('/healthz', 302, ''),
        response: {
          path: '/healthz',
          status: 302,
          body: Buffer.alloc(0),
          durationMs: 1,
          headers: { location: 'https://sso/' },
        } as GatewayResponse,
      },
    ],
    'fail',
    /redirect to https:\/\/sso\//,
  ],
  [
    'refused',
    [err('/healthz', 'unreachable', 'connection refused by 127.0.0.1:8317')],
    'fail',
    'gateway unreachable: connection refused by 127.0.0.1:8317',
  ],
  [
    'timeout',
    [err('/healthz', 'timeout', 'no complete response within 10000 ms')],
    'fail',
    'gateway not answering: GET /healthz: no complete response within 10000 ms',
  ],
  [
    'a dropped connection',
    [err('/healthz', 'reset', 'connection to gw closed before the response was complete')],
    'fail',
    'gateway not answering: GET /healthz: connection to gw closed before the response was complete',
  ],
  [
    'interrupted',
    [err('/healthz', 'aborted', 'interrupted before it finished')],
    'error',
    'GET /healthz: interrupted before it finished',
  ],
] as const;

testCheck(
  check,
  (probes: Probe[], t) => evaluate(probes, t),
  cases.map(([name, probes, status, summary]) => ({
    name,
    input: [...probes],
    options: limits,
    status,
    summary,
    ...(name === 'one ms over' ? {} : { notAThreshold: 'about reachability, not latency' }),
  })),
);

describe('health evaluate', () => {
  it('blocks the other checks only when the gateway is unreachable, directly or behind its proxy', () => {
    expect(evaluate([err('/healthz', 'unreachable', 'x')], limits).blocks).toBe('gateway unreachable (see health)');
    for (const status of [502, 503, 504])
      expect(evaluate([res('/healthz', status, '')], limits).blocks).toBe('gateway unreachable (see health)');
    expect(evaluate([err('/healthz', 'timeout', 'x')], limits).blocks).toBe('gateway not answering (see health)');
    expect(evaluate([err('/healthz', 'aborted', 'x')], limits).blocks).toBeUndefined();
    expect(evaluate([res('/healthz', 500, '')], limits).blocks).toBeUndefined();
  });
});

describe('health over loopback HTTP', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('falls through 404s to / and names the path', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/') json(res, 200, JSON.parse(BANNER));
      else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found');
      }
    });
    const run = await runAgainst(server.url, { only: ['health'] });
    expect(run.byId('health').status).toBe('pass');
    expect(server.requests.map((r) => r.path)).toEqual(['/healthz', '/health', '/']);
  });

  it('fails and skips the rest when nothing listens, exiting 2', async () => {
    const port = await freePort();
    const run = await runAgainst(`http://127.0.0.1:${port}`, { only: ['health', 'model-inventory'] });
    expect(run.results.map((r) => [r.id, r.status, r.summary])).toEqual([
      ['health', 'fail', `gateway unreachable: connection refused by 127.0.0.1:${port}`],
      ['model-inventory', 'skip', 'gateway unreachable (see health)'],
    ]);
    expect(run.report.exitCode).toBe(2);
  });
});
