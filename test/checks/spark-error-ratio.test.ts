import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import check, { NO_USAGE_ROUTE, evaluate } from '../../checks/spark-error-ratio.js';
import { defaultsOf } from '../../src/options.js';
import { PLAYBOOK } from '../../checks/support/playbooks.js';
import type { UsageRequest, UsageSnapshot } from '../../src/gateway/usage.js';
import { testCheck } from '../helpers/check-tester.js';
import { HTML_502, USAGE_BODY, gatewayTime, usageBody, type UsageRow } from '../helpers/bodies.js';
import { runAgainst, type RunOptions } from '../helpers/run.js';
import { startGateway, type Reply, type FakeGateway } from '../helpers/routes.js';

const runOne = async (url: string, id: string, opts: Omit<RunOptions, 'only'> = {}) =>
  (await runAgainst(url, { ...opts, only: [id] })).byId(id);

const t = defaultsOf(check.options);
const NOW = new Date('2026-02-23T02:20:00Z');
const MIN = 60_000;
const SPARK = 'gpt-5.3-codex-spark';

/** `total` Spark requests spread over the window's last minutes, the first `failed` of them failed. */
function spark(total: number, failed: number, minutesAgo = (i: number) => (i % 9) + 0.5): UsageRequest[] {
  return Array.from({ length: total }, (_, i) => ({
    model: SPARK,
    at: NOW.getTime() - minutesAgo(i) * MIN,
    failed: i < failed,
    client: 1,
    authIndex: 'e59d1dab60a10e70',
  }));
}

const snapshot = (requests: UsageRequest[], more: Partial<UsageSnapshot> = {}): UsageSnapshot => ({
  totalRequests: requests.length,
  failureCount: 0,
  requests,
  clients: 1,
  unreadable: 0,
  ...more,
});

testCheck(
  check,
  (requests: UsageRequest[], options) => evaluate(snapshot(requests), options, NOW),
  (
    [
      ['no failures', 50, 0, 'pass'],
      ['exactly 2% (1 of 50)', 50, 1, 'pass'],
      ['just over 2% (1 of 49)', 49, 1, 'warn'],
      ['exactly 5% (5 of 100)', 100, 5, 'warn'],
      ['exactly 5% (1 of 20)', 20, 1, 'warn'],
      ['just over 5% (6 of 100)', 100, 6, 'fail'],
      ['19 requests are too few to judge', 19, 19, 'skip'],
      ['20 requests are judged', 20, 20, 'fail'],
    ] as const
  ).map(([name, total, failed, status]) => ({
    name,
    input: spark(total, failed),
    status,
    summary: status === 'skip' ? /^only 19 gpt-5.3-codex-spark request/ : /gpt-5.3-codex-spark/,
  })),
);

describe('spark-error-ratio evaluate', () => {
  it('skips with the count below minRequests: 19 skip, 20 are judged', () => {
    const r = evaluate(snapshot(spark(19, 19)), t, NOW);
    expect(r).toMatchObject({
      status: 'skip',
      summary: 'only 19 gpt-5.3-codex-spark request(s) in the 10 min before 2026-02-23T02:20:00Z (judged from 20)',
    });
    expect(evaluate(snapshot(spark(20, 20)), t, NOW).status).toBe('fail');
  });

  it('states the ratio, the counts and both thresholds; fail carries the auto-mitigation', () => {
    const r = evaluate(snapshot(spark(40, 3)), t, NOW);
    expect(r).toMatchObject({
      status: 'fail',
      summary:
        'Spark error ratio 7.5%: 3 of 40 gpt-5.3-codex-spark request(s) in the 10 min before 2026-02-23T02:20:00Z failed (warn > 2%, fail > 5%)',
      hint: PLAYBOOK.sparkCritical,
      metrics: { requests: 40, failed: 3, ratioPct: 7.5 },
    });
    expect(r.details).toContain('failures by credential auth_index: e59d1dab60a10e70 3');
  });

  it('a warn carries the first steps of the Spark mismatch playbook', () => {
    expect(evaluate(snapshot(spark(30, 1)), t, NOW).hint).toBe(PLAYBOOK.sparkWarn);
  });

  it('counts (now - window, now]: exactly a window ago is out, exactly now is in, later is out', () => {
    const edges = (ago: number) => spark(20, 20, () => ago);
    expect(evaluate(snapshot(edges(10)), t, NOW).status).toBe('skip');
    expect(evaluate(snapshot(edges(9.999)), t, NOW).status).toBe('fail');
    expect(evaluate(snapshot(edges(0)), t, NOW).status).toBe('fail');
    expect(evaluate(snapshot(edges(-0.001)), t, NOW).status).toBe('skip');
  });

  it('counts only Spark, unless more model names are configured', () => {
    const other = spark(30, 30).map((r) => ({ ...r, model: 'gpt-5.3-codex' }));
    expect(evaluate(snapshot([...spark(20, 0), ...other]), t, NOW).status).toBe('pass');
    const alias = spark(30, 30).map((r) => ({ ...r, model: 'spark' }));
    expect(evaluate(snapshot([...spark(20, 0), ...alias]), { ...t, models: [SPARK, 'spark'] }, NOW).status).toBe(
      'fail',
    );
  });

  it('honours a configured window', () => {
    const old = spark(30, 30, () => 20);
    expect(evaluate(snapshot(old), t, NOW).status).toBe('skip');
    expect(evaluate(snapshot(old), { ...t, windowMinutes: 30 }, NOW).status).toBe('fail');
  });

  it('says when the gateway counted nothing at all', () => {
    expect(evaluate(snapshot([]), t, NOW).summary).toContain(
      'the gateway counted no requests at all (is usage-statistics-enabled off?)',
    );
  });
});

const USAGE = 'GET /v0/management/usage';
const KEY = 'mgmt-7f3c9e2a';
const CLIENT_KEY = 'sk-team-alpha-4f1e9c';
const UPSTREAM_KEY = 'sk-ant-api03-UPSTREAMSECRET';

function rows(total: number, failed: number): UsageRow[] {
  return Array.from({ length: total }, (_, i) => ({
    key: i % 2 ? CLIENT_KEY : 'claude-team-beta',
    model: SPARK,
    timestamp: gatewayTime(NOW.getTime() - ((i % 9) + 0.5) * MIN),
    failed: i < failed,
    // A config API-key credential: the gateway records the upstream key itself as the source.
    source: UPSTREAM_KEY,
  }));
}

describe('spark-error-ratio over loopback HTTP', () => {
  let server: FakeGateway;
  let reply: Reply;

  beforeAll(async () => {
    server = await startGateway({ flavor: 'plus', managementKey: KEY, routes: { [USAGE]: () => reply } });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
  });

  it('fails above 5% across every client key, and prints no key', async () => {
    reply = {
      json: usageBody([
        ...rows(60, 4),
        { key: CLIENT_KEY, model: 'gpt-5.3-codex', timestamp: gatewayTime(NOW.getTime() - MIN), failed: true },
      ]),
    };
    const outcome = await runOne(server.url, 'spark-error-ratio', { managementKey: KEY, now: NOW });
    expect(outcome).toMatchObject({
      status: 'fail',
      summary:
        'Spark error ratio 6.7%: 4 of 60 gpt-5.3-codex-spark request(s) in the 10 min before 2026-02-23T02:20:00Z failed (warn > 2%, fail > 5%)',
      hint: PLAYBOOK.sparkCritical,
    });
    const text = JSON.stringify(outcome);
    expect(text).not.toContain('sk-team-alpha');
    expect(text).not.toContain(UPSTREAM_KEY);
    expect(text).not.toContain(KEY);
  });

  it('skips the reference body: its one request is not Spark, and it is hours old', async () => {
    reply = { text: USAGE_BODY };
    const r = await runOne(server.url, 'spark-error-ratio', { managementKey: KEY, now: NOW });
    expect(r).toMatchObject({
      status: 'skip',
      summary: 'only 0 gpt-5.3-codex-spark request(s) in the 10 min before 2026-02-23T02:20:00Z (judged from 20)',
    });
  });

  it('skips with the count when the window holds too few Spark requests', async () => {
    reply = { json: usageBody(rows(19, 19)) };
    expect((await runOne(server.url, 'spark-error-ratio', { managementKey: KEY, now: NOW })).summary).toMatch(
      /^only 19 gpt-5\.3-codex-spark request\(s\)/,
    );
  });

  it('skips without a management key, making no request', async () => {
    const r = await runOne(server.url, 'spark-error-ratio', { now: NOW });
    expect(r.status).toBe('skip');
    expect(r.summary).toContain('no management key');
    expect(server.seen).toHaveLength(0);
  });

  it.each([
    ['CLIProxyAPI ≥ v6.10 (empty 404)', 'upstream' as const],
    ['a later cliproxyapi++ (gin 404 text)', 'plus' as const],
  ])('skips on %s, which has no usage route', async (_name, flavor) => {
    const bare = await startGateway({ flavor, managementKey: KEY, routes: {} });
    try {
      const r = await runOne(bare.url, 'spark-error-ratio', { managementKey: KEY, now: NOW });
      expect(r).toMatchObject({ status: 'skip', summary: `GET /v0/management/usage → 404: ${NO_USAGE_ROUTE}` });
    } finally {
      await bare.close();
    }
  });

  it.each([
    [
      'an HTML page',
      { text: HTML_502, headers: { 'content-type': 'text/html' } },
      'GET /v0/management/usage → 200 with an HTML page "502 Bad Gateway"',
    ],
    [
      'truncated JSON',
      { text: USAGE_BODY.slice(0, 150) },
      'GET /v0/management/usage → 200 with truncated JSON (150 bytes)',
    ],
    [
      'truncated JSON that starts with a client key',
      { text: `{"usage":{"apis":{"${CLIENT_KEY}":{"total_requests":3,` },
      'with truncated JSON',
    ],
    ['no usage object', { json: { total_requests: 3 } }, 'the body has no "usage" object'],
    [
      'details that are not a list',
      { json: { usage: { apis: { [CLIENT_KEY]: { models: { [SPARK]: { details: {} } } } } } } },
      'model "gpt-5.3-codex-spark" has no "details" list',
    ],
  ])('reports %s as an error without quoting a client key', async (_name, bad, said) => {
    reply = bad;
    const r = await runOne(server.url, 'spark-error-ratio', { managementKey: KEY, now: NOW });
    expect(r.status).toBe('error');
    expect(r.summary).toContain(said);
    expect(JSON.stringify(r)).not.toContain(CLIENT_KEY);
  });

  it('a 502 page from a proxy is a fail with a hint', async () => {
    reply = { status: 502, text: HTML_502, headers: { 'content-type': 'text/html' } };
    const r = await runOne(server.url, 'spark-error-ratio', { managementKey: KEY, now: NOW });
    expect(r.status).toBe('fail');
    expect(r.hint).toBeTruthy();
  });
});
