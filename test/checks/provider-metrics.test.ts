import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import check, { NO_METRICS_ROUTE, NO_PROVIDERS, evaluate, type Counters } from '../../checks/provider-metrics.js';
import { parseMetrics } from '../../src/gateway/metrics.js';
import type { GatewayResponse } from '../../src/gateway/client.js';
import { defaultsOf } from '../../src/options.js';
import { testCheck } from '../helpers/check-tester.js';
import { HTML_502, METRICS_BODY, metricsEntry } from '../helpers/bodies.js';
import { runAgainst, type RunOptions } from '../helpers/run.js';
import { startGateway, type Reply, type FakeGateway } from '../helpers/routes.js';

const runOne = async (url: string, id: string, opts: Omit<RunOptions, 'only'> = {}) =>
  (await runAgainst(url, { ...opts, only: [id] })).byId(id);

const t = defaultsOf(check.options);
const NOW = new Date('2026-02-23T12:00:00Z');
const TWO_HOURS_AGO = new Date('2026-02-23T10:00:00Z');
const c = (requests: number, successes: number): Counters => ({ requests, successes });

testCheck(
  check,
  (current: Record<string, Counters>, options) => evaluate(current, options),
  (
    [
      ['exactly 0.98 passes', 100, 98, 'pass'],
      ['exactly 0.98 as 49/50 passes', 50, 49, 'pass'],
      ['just under 0.98 warns', 1000, 979, 'warn'],
      ['exactly 0.95 warns, not fails', 100, 95, 'warn'],
      ['exactly 0.95 with 20 requests warns', 20, 19, 'warn'],
      ['just under 0.95 fails', 100, 94, 'fail'],
      ['no failures passes', 500, 500, 'pass'],
      ['19 requests are too few to judge', 19, 0, 'skip'],
      ['20 requests are judged', 20, 0, 'fail'],
    ] as const
  ).map(([name, requests, successes, status]) => ({
    name,
    input: { claude: c(requests, successes) },
    status,
    summary: status === 'skip' ? /too few to judge/ : /claude: since start/,
  })),
);

describe('provider-metrics evaluate', () => {
  it('does not judge a provider below minRequests: 19 requests skip, 20 are judged', () => {
    const nineteen = evaluate({ claude: c(19, 0) }, t);
    expect(nineteen.status).toBe('skip');
    expect(nineteen.summary).toBe(
      'no provider has 20+ requests since the gateway started (claude 19): too few to judge',
    );
    expect(evaluate({ claude: c(20, 0) }, t).status).toBe('fail');
  });

  it('skips an empty answer and says why it is empty', () => {
    expect(evaluate({}, t)).toMatchObject({ status: 'skip', summary: NO_PROVIDERS });
  });

  it('names the worst provider with its value and the thresholds', () => {
    const r = evaluate({ claude: c(42, 40), codex: c(200, 199), minimax: c(10, 2) }, t);
    expect(r.status).toBe('warn');
    expect(r.summary).toBe(
      'worst claude: since start 95.2% of 42 requests (warn < 98%, fail < 95%); 3 provider(s), 2 with 20+ requests',
    );
    expect(r.hint).toMatch(/^claude is degraded\. Runbook "Rotation and Quota Strategy"/);
    expect(r.details).toContain('minimax: since start 20.0% of 10 requests (not judged, < 20 requests)');
  });

  it('never prints a rate below a threshold as equal to it', () => {
    expect(evaluate({ claude: c(10000, 9799) }, t).summary).toContain('97.99% of 10,000');
    expect(evaluate({ claude: c(10000, 9499) }, t).summary).toContain('94.99% of 10,000');
  });

  it('on a pass names the lowest provider', () => {
    const r = evaluate({ claude: c(100, 99), codex: c(100, 100) }, t);
    expect(r).toMatchObject({
      status: 'pass',
      summary:
        'lowest claude: since start 99.0% of 100 requests (warn < 98%, fail < 95%); 2 provider(s), 2 with 20+ requests',
    });
    expect(r.hint).toBeUndefined();
  });

  describe('against the previous run', () => {
    const previous = { at: TWO_HOURS_AGO, providers: { claude: c(1000, 995) } };

    it('judges the delta too, and the worse verdict wins', () => {
      const r = evaluate({ claude: c(1100, 1088) }, t, previous, NOW);
      expect(r.status).toBe('fail');
      expect(r.summary).toBe(
        'worst claude: since start 98.9% of 1,100 requests, since last run 2 h ago 93.0% of 100 (warn < 98%, fail < 95%); 1 provider(s), 1 with 20+ requests',
      );
      expect(r.metrics).toMatchObject({ worstSuccessRate: 1088 / 1100, worstSuccessRateSinceLastRun: 0.93 });
    });

    it('a good delta does not hide a bad history', () => {
      const r = evaluate({ claude: c(1100, 1000) }, t, { at: TWO_HOURS_AGO, providers: { claude: c(1000, 900) } }, NOW);
      expect(r.status).toBe('fail');
      expect(r.summary).toContain('since start 90.9% of 1,100 requests, since last run 2 h ago 100.0% of 100');
    });

    it('a delta exactly at 0.98 and 0.95 follows the same edges', () => {
      expect(evaluate({ claude: c(1100, 1093) }, t, previous, NOW).status).toBe('pass');
      expect(evaluate({ claude: c(1100, 1090) }, t, previous, NOW).status).toBe('warn');
    });

    it('does not judge a delta below minRequests: 19 not judged, 20 judged', () => {
      const small = evaluate({ claude: c(1019, 1013) }, t, previous, NOW);
      expect(small.status).toBe('pass');
      expect(small.summary).toContain('since last run 2 h ago 19 requests (too few to judge, < 20)');
      expect(evaluate({ claude: c(1020, 1014) }, t, previous, NOW).status).toBe('warn');
    });

    it('treats a provider new since the last run as starting from zero', () => {
      const r = evaluate({ claude: c(1000, 995), codex: c(40, 30) }, t, previous, NOW);
      expect(r.status).toBe('fail');
      expect(r.summary).toContain('worst codex: since start 75.0% of 40 requests, since last run 2 h ago 75.0% of 40');
    });

    it.each([
      ['lower counters', { claude: c(50, 50) }],
      ['fewer successes', { claude: c(1200, 990) }],
      ['a provider gone', { codex: c(50, 50) }],
    ])('%s mean the gateway restarted: says so and judges since start only', (_name, current) => {
      const r = evaluate(current, t, previous, NOW);
      expect(r.summary).toContain(
        'the gateway restarted since the last run 2 h ago (counters went down): judged since start only',
      );
      expect(r.summary).not.toContain('since last run 2 h ago ');
      expect(r.metrics).not.toHaveProperty('worstSuccessRateSinceLastRun');
    });

    it('ignores a previous run that is not before --now', () => {
      const r = evaluate({ claude: c(1100, 1088) }, t, { at: NOW, providers: { claude: c(1000, 995) } }, NOW);
      expect(r.status).toBe('pass');
      expect(r.summary).toContain('is not before this one: judged since start only');
    });
  });
});

const res = (text: string): GatewayResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(text),
  durationMs: 1,
  path: '/v1/metrics/providers',
});

describe('provider-metrics parseMetrics', () => {
  it('reads the reference body', () => {
    expect(parseMetrics(res(METRICS_BODY))).toEqual({ claude: c(42, 40), minimax: c(10, 10) });
  });

  it.each([
    [
      "the fork docs' .data[] shape",
      '{"data":[{"provider":"claude","error_rate":0.1,"requests":10}]}',
      '"data" is not a provider entry',
    ],
    ['a list', '[]', 'the body is a list'],
    ['a missing counter', '{"claude":{"request_count":4,"success_rate":1}}', '"claude" is not a provider entry'],
    [
      'more successes than requests',
      '{"claude":{"request_count":4,"success_count":5,"success_rate":1}}',
      'more successes than requests',
    ],
  ])('rejects %s', (_name, body, why) => {
    expect(() => parseMetrics(res(body))).toThrow(why);
  });
});

describe('provider-metrics over loopback HTTP', () => {
  let server: FakeGateway;
  let reply: Reply;
  let stateDir: string;

  beforeAll(async () => {
    server = await startGateway({ flavor: 'plus', routes: { 'GET /v1/metrics/providers': () => reply } });
  });
  afterAll(() => server.close());
  afterEach(() => {
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('judges the reference body: claude at 95.2% of 42 warns, minimax (10 requests) is not judged', async () => {
    reply = { text: METRICS_BODY, headers: { 'content-type': 'application/json; charset=utf-8' } };
    const r = await runOne(server.url, 'provider-metrics');
    expect(r).toMatchObject({
      status: 'warn',
      summary:
        'worst claude: since start 95.2% of 42 requests (warn < 98%, fail < 95%); 2 provider(s), 1 with 20+ requests',
    });
    expect(r.hint).toContain('Rotation and Quota Strategy');
  });

  it('sends no management key (the route needs no auth)', async () => {
    reply = { text: METRICS_BODY };
    const before = server.seen.length;
    await runOne(server.url, 'provider-metrics', { managementKey: 'mgmt-7f3c9e2a' });
    expect(server.seen.slice(before).map((r) => r.authorization)).toEqual([undefined]);
  });

  it.each([
    ['upstream (empty body)', { status: 404 }],
    ['cliproxyapi++ (gin text)', { status: 404, text: '404 page not found' }],
  ])('skips a 404 from %s naming the reason', async (_name, r404) => {
    reply = r404;
    const r = await runOne(server.url, 'provider-metrics');
    expect(r).toMatchObject({ status: 'skip', summary: `GET /v1/metrics/providers → 404: ${NO_METRICS_ROUTE}` });
  });

  it('skips {} explaining provider prefixes and usage statistics', async () => {
    reply = { json: {} };
    expect(await runOne(server.url, 'provider-metrics')).toMatchObject({ status: 'skip', summary: NO_PROVIDERS });
  });

  it.each([
    [
      'an HTML page with 200',
      { text: HTML_502, headers: { 'content-type': 'text/html' } },
      'GET /v1/metrics/providers → 200 with an HTML page "502 Bad Gateway" (a proxy in front of the gateway?), not JSON',
    ],
    ['truncated JSON', { text: METRICS_BODY.slice(0, 80) }, 'GET /v1/metrics/providers → 200 with truncated JSON'],
    ['the .data[] shape', { json: { data: [] } }, '"data" is not a provider entry'],
  ])('reports %s as an error', async (_name, bad, said) => {
    reply = bad;
    const r = await runOne(server.url, 'provider-metrics');
    expect(r.status).toBe('error');
    expect(r.summary).toContain(said);
  });

  it('a 502 page from a proxy is a fail with a hint', async () => {
    reply = { status: 502, text: HTML_502, headers: { 'content-type': 'text/html' } };
    const r = await runOne(server.url, 'provider-metrics');
    expect(r.status).toBe('fail');
    expect(r.hint).toBeTruthy();
  });

  it('remembers the counters and judges the traffic since the last run; a restart is named', async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'provops-metrics-'));
    reply = { json: { claude: metricsEntry(1000, 995), codex: metricsEntry(300, 300) } };
    const first = await runOne(server.url, 'provider-metrics', { stateDir, now: TWO_HOURS_AGO });
    expect(first.status).toBe('pass');
    const [file] = readdirSync(stateDir);
    const saved = JSON.parse(readFileSync(join(stateDir, file as string), 'utf8')) as {
      checks: Record<string, unknown>;
    };
    expect(saved.checks['provider-metrics']).toEqual({
      at: TWO_HOURS_AGO.toISOString(),
      data: { providers: { claude: c(1000, 995), codex: c(300, 300) } },
    });

    reply = { json: { claude: metricsEntry(1100, 1088), codex: metricsEntry(400, 400) } };
    const second = await runOne(server.url, 'provider-metrics', { stateDir, now: NOW });
    expect(second).toMatchObject({
      status: 'fail',
      summary:
        'worst claude: since start 98.9% of 1,100 requests, since last run 2 h ago 93.0% of 100 (warn < 98%, fail < 95%); 2 provider(s), 2 with 20+ requests',
    });

    reply = { json: { claude: metricsEntry(30, 30), codex: metricsEntry(20, 20) } };
    const third = await runOne(server.url, 'provider-metrics', {
      stateDir,
      now: new Date(NOW.getTime() + 30 * 60_000),
    });
    expect(third.status).toBe('pass');
    expect(third.summary).toContain(
      'the gateway restarted since the last run 30 min ago (counters went down): judged since start only',
    );
  });

  it('without state it judges since start only', async () => {
    reply = { json: { claude: metricsEntry(1100, 1088) } };
    const r = await runOne(server.url, 'provider-metrics', { now: NOW });
    expect(r.status).toBe('pass');
    expect(r.summary).not.toContain('since last run');
  });
});
