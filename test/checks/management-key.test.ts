// The gateway bans an IP for 30 minutes after 5 failed management logins: a run with a wrong key must
// send it once, and every management-backed check must report that same rejection.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_FILES_BODY, KIRO_QUOTA_BODY, METRICS_BODY, USAGE_BODY } from '../helpers/bodies.js';
import { runAgainst } from '../helpers/run.js';
import { startGateway, type FakeGateway } from '../helpers/routes.js';

const RIGHT = 'mgmt-7f3c9e2a';
const WRONG = 'mgmt-wrong-0b5d';

describe('one run, two management-backed checks', () => {
  let server: FakeGateway;
  beforeAll(async () => {
    server = await startGateway({
      flavor: 'plus',
      managementKey: RIGHT,
      routes: {
        'GET /v1/metrics/providers': { text: METRICS_BODY },
        'GET /v0/management/auth-files': { text: AUTH_FILES_BODY },
        'GET /v0/management/kiro-quota': { text: KIRO_QUOTA_BODY },
        'GET /v0/management/usage': { text: USAGE_BODY },
      },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
  });

  it('a wrong management key makes exactly one management request, and both checks report it', async () => {
    const { report } = await runAgainst(server.url, {
      only: ['provider-metrics', 'kiro-quota', 'spark-error-ratio'],
      managementKey: WRONG,
    });
    expect(server.hits('/v0/management/')).toBe(1);
    const results = report.targets[0]?.results ?? [];
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['provider-metrics', 'warn'],
      ['kiro-quota', 'error'],
      ['spark-error-ratio', 'error'],
    ]);
    const [, kiro, spark] = results;
    expect(kiro?.summary).toBe(spark?.summary);
    expect(kiro?.summary).toMatch(
      /^management key rejected: 401 invalid management key; provops made no further management requests this run/,
    );
    expect(kiro?.hint).toContain('PROVOPS_MANAGEMENT_KEY');
    expect(report.exitCode).toBe(3);
    expect(JSON.stringify(report)).not.toContain(WRONG);
  });

  it('with the right key both checks get their answers', async () => {
    const { report } = await runAgainst(server.url, {
      only: ['kiro-quota', 'spark-error-ratio'],
      managementKey: RIGHT,
      now: new Date('2026-02-23T02:20:00Z'),
    });
    expect(report.targets[0]?.results.map((r) => r.status)).toEqual(['pass', 'skip']);
    // auth-files (which tests the key), kiro-quota and usage.
    expect(server.hits('/v0/management/')).toBe(3);
    expect(JSON.stringify(report)).not.toContain(RIGHT);
  });
});
