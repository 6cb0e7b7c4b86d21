import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCENARIOS, type Scenario } from '../../src/simulator/index.js';
import { bearer, getJson, NOW, send, withSimulator } from './helpers.js';

const sha16 = (name: string) => createHash('sha256').update(`file:${name}`).digest('hex').slice(0, 16);

describe.each(['plus', 'upstream'] as const)('management API, %s flavour', (flavor) => {
  const plus = flavor === 'plus';
  const route = '/v0/management/auth-files';

  describe('the error table (reference §6.1)', () => {
    it('404 when no management key was configured at start (routes never registered)', async () => {
      await withSimulator({ flavor, management: 'disabled' }, async (sim) => {
        const res = await send(`${sim.url}${route}`, { headers: bearer(sim.keys.managementKey) });
        expect(res.status).toBe(404);
        expect(res.body).toBe(plus ? '404 page not found' : '');
        if (plus) expect(res.headers['content-type']).toBe('text/plain');
      });
    });

    it('403 remote management disabled, 403 key not set', async () => {
      await withSimulator({ flavor, management: 'remote-disabled' }, async (sim) => {
        expect(await getJson(`${sim.url}${route}`, bearer(sim.keys.managementKey))).toEqual({
          status: 403,
          json: { error: 'remote management disabled' },
        });
      });
      await withSimulator({ flavor, management: 'key-not-set' }, async (sim) => {
        expect(await getJson(`${sim.url}${route}`, bearer(sim.keys.managementKey))).toEqual({
          status: 403,
          json: { error: 'remote management key not set' },
        });
      });
    });

    it('401 missing and 401 invalid key; the key may come as Bearer, bare, or X-Management-Key', async () => {
      await withSimulator({ flavor }, async (sim) => {
        expect(await getJson(`${sim.url}${route}`)).toEqual({ status: 401, json: { error: 'missing management key' } });
        expect(await getJson(`${sim.url}${route}`, bearer('wrong'))).toEqual({
          status: 401,
          json: { error: 'invalid management key' },
        });
        for (const headers of [
          bearer(sim.keys.managementKey),
          { authorization: sim.keys.managementKey },
          { 'x-management-key': sim.keys.managementKey },
        ]) {
          expect((await send(`${sim.url}${route}`, { headers })).status).toBe(200);
        }
        // The client API key is not a management key.
        expect((await send(`${sim.url}${route}`, { headers: bearer(sim.keys.apiKey) })).status).toBe(401);
      });
    });

    it('bans the IP for 30 minutes after 5 failures, even for the right key', async () => {
      await withSimulator({ flavor }, async (sim) => {
        for (let i = 0; i < 5; i++)
          expect((await send(`${sim.url}${route}`, { headers: bearer(`wrong-${i}`) })).status).toBe(401);
        const banned = await getJson(`${sim.url}${route}`, bearer(sim.keys.managementKey));
        expect(banned).toEqual({
          status: 403,
          json: { error: 'IP banned due to too many failed attempts. Try again in 30m0s' },
        });
        expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(6);
      });
    });

    it('a success resets the failure count, and the version headers ride on every answer', async () => {
      await withSimulator({ flavor }, async (sim) => {
        for (let i = 0; i < 4; i++) await send(`${sim.url}${route}`, { headers: bearer('wrong') });
        const ok = await send(`${sim.url}${route}`, { headers: bearer(sim.keys.managementKey) });
        expect(ok.status).toBe(200);
        for (let i = 0; i < 4; i++)
          expect((await send(`${sim.url}${route}`, { headers: bearer('wrong') })).status).toBe(401);
        expect(ok.headers['x-cpa-version']).toBe(plus ? 'v6.8.60-0' : 'v8.0.23');
        expect(ok.headers['x-cpa-commit']).toBeTruthy();
        expect(ok.headers['x-cpa-build-date']).toBeTruthy();
        expect((await send(`${sim.url}${route}`)).headers['x-cpa-version']).toBeTruthy();
      });
    });

    it('an unknown management path is a 404 whatever the key (no route, no auth)', async () => {
      await withSimulator({ flavor }, async (sim) => {
        for (const path of [
          '/v0/management/nope',
          '/v0/management/auths/kiro/refresh',
          ...(plus ? [] : ['/v0/management/kiro-quota', '/v0/management/usage']),
        ]) {
          const res = await send(`${sim.url}${path}`);
          expect(res.status, path).toBe(404);
          expect(res.body).toBe(plus ? '404 page not found' : '');
        }
        expect(sim.hits.count({ outcome: 'rejected' })).toBe(0);
      });
    });
  });

  it('getters answer {"<key>": value}', async () => {
    await withSimulator({ flavor }, async (sim) => {
      const m = bearer(sim.keys.managementKey);
      expect((await getJson(`${sim.url}/v0/management/debug`, m)).json).toEqual({ debug: false });
      expect((await getJson(`${sim.url}/v0/management/logging-to-file`, m)).json).toEqual({ 'logging-to-file': true });
      expect((await getJson(`${sim.url}/v0/management/usage-statistics-enabled`, m)).json).toEqual({
        'usage-statistics-enabled': true,
      });
      expect((await getJson(`${sim.url}/v0/management/force-model-prefix`, m)).json).toEqual({
        'force-model-prefix': false,
      });
      const alias = (await getJson(`${sim.url}/v0/management/oauth-model-alias`, m)).json as {
        'oauth-model-alias': { antigravity: unknown[] };
      };
      expect(alias['oauth-model-alias'].antigravity).toEqual([
        { name: 'claude-opus-4-6-thinking', alias: 'gemini-claude-opus-4-6-thinking', fork: true },
      ]);
      expect((await getJson(`${sim.url}/v0/management/api-keys`, m)).json).toMatchObject({
        'api-keys': expect.arrayContaining([sim.keys.apiKey, 'codex-team-alpha']),
      });
    });
  });

  it('auth-files: {"files":[...]} sorted by name, auth_index = first 16 hex of sha256("file:"+name)', async () => {
    await withSimulator({ flavor, now: NOW }, async (sim) => {
      const { json } = await getJson(`${sim.url}${route}`, bearer(sim.keys.managementKey));
      const files = (json as { files: Array<Record<string, unknown>> }).files;
      const names = files.map((f) => String(f.name));
      expect(names).toEqual([...names].sort());
      expect(names.some((n) => n.startsWith('kiro-'))).toBe(plus);
      for (const f of files) {
        expect(f.auth_index).toBe(sha16(String(f.name)));
        expect(f.auth_index).toMatch(/^[0-9a-f]{16}$/);
        expect(f).toMatchObject({
          id: f.name,
          source: 'file',
          account_type: 'oauth',
          runtime_only: false,
          path: `/root/.cli-proxy-api/${String(f.name)}`,
        });
        expect(['unknown', 'active', 'pending', 'refreshing', 'error', 'disabled']).toContain(f.status);
        expect('recent_requests' in f).toBe(!plus);
      }
      if (plus) expect(sha16('kiro-social-user@example.com.json')).toBe('1da85f731d947d39'); // the reference's own example
      if (!plus) {
        const codex = files.find((f) => f.provider === 'codex') as Record<string, unknown> & {
          recent_requests: Array<{ time: string; success: number; failed: number }>;
        };
        expect(codex.recent_requests).toHaveLength(20);
        expect(codex.recent_requests[0]?.time).toMatch(/^\d{2}:\d{2}-\d{2}:\d{2}$/);
        expect(codex.recent_requests.reduce((n, b) => n + b.success, 0)).toBeGreaterThan(100);
        expect(Number(codex.success)).toBeGreaterThan(1000);
        const one = await getJson(
          `${sim.url}${route}?auth_index=${String(codex.auth_index)}`,
          bearer(sim.keys.managementKey),
        );
        expect((one.json as { files: unknown[] }).files).toHaveLength(1);
        const byName = await getJson(`${sim.url}${route}?name=nope.json`, bearer(sim.keys.managementKey));
        expect((byName.json as { files: unknown[] }).files).toHaveLength(0);
      }
    });
  });

  describe('logs (reference §6.5)', () => {
    const logs = (url: string, key: string, query = '') => getJson(`${url}/v0/management/logs${query}`, bearer(key));

    it('after= keeps lines newer than the cutoff, limit= the last n, and line-count counts them all', async () => {
      await withSimulator({ flavor, now: NOW }, async (sim) => {
        const nowS = Date.parse(NOW) / 1000;
        const all = (await logs(sim.url, sim.keys.managementKey)).json as {
          lines: string[];
          'line-count': number;
          'latest-timestamp': number;
        };
        const recent = (await logs(sim.url, sim.keys.managementKey, `?after=${nowS - 600}`)).json as typeof all;
        const last = (await logs(sim.url, sim.keys.managementKey, `?after=${nowS - 600}&limit=5`)).json as typeof all;
        expect(all['line-count']).toBe(all.lines.length);
        expect(recent['line-count']).toBe(all['line-count']);
        expect(recent.lines.length).toBeGreaterThan(40);
        expect(recent.lines.length).toBeLessThan(150);
        expect(recent.lines).toEqual(all.lines.slice(-recent.lines.length));
        expect(last.lines).toEqual(recent.lines.slice(-5));
        expect(recent['latest-timestamp']).toBeLessThanOrEqual(nowS);
        expect(recent['latest-timestamp']).toBeGreaterThan(nowS - 60);
        expect('next-cursor' in all).toBe(!plus);
        // lines= is not a parameter: silently ignored
        expect(((await logs(sim.url, sim.keys.managementKey, '?lines=5')).json as typeof all).lines.length).toBe(
          all.lines.length,
        );
      });
    });

    it('a bad limit is 400; with logging-to-file off every call is 400', async () => {
      await withSimulator({ flavor }, async (sim) => {
        for (const bad of ['0', '-1', 'abc'])
          expect(await logs(sim.url, sim.keys.managementKey, `?limit=${bad}`)).toEqual({
            status: 400,
            json: { error: 'invalid limit: must be a positive integer' },
          });
      });
      const quiet: Scenario = { ...SCENARIOS.healthy, loggingToFile: false };
      await withSimulator({ flavor, scenario: quiet }, async (sim) => {
        expect(await logs(sim.url, sim.keys.managementKey)).toEqual({
          status: 400,
          json: { error: 'logging to file disabled' },
        });
      });
    });

    if (!plus) {
      it('upstream: cursor= continues after next-cursor; an unknown cursor resets', async () => {
        await withSimulator({ flavor, now: NOW }, async (sim) => {
          const all = (await logs(sim.url, sim.keys.managementKey)).json as { lines: string[]; 'next-cursor': string };
          const head = (await logs(sim.url, sim.keys.managementKey, '?limit=1')).json as typeof all;
          expect(head.lines).toEqual(all.lines.slice(-1));
          const after = (await logs(sim.url, sim.keys.managementKey, `?cursor=${all['next-cursor']}`))
            .json as typeof all & { 'cursor-reset'?: boolean };
          expect(after.lines).toEqual([]);
          const reset = (await logs(sim.url, sim.keys.managementKey, '?cursor=garbage&limit=3')).json as typeof all & {
            'cursor-reset'?: boolean;
          };
          expect(reset['cursor-reset']).toBe(true);
          expect(reset.lines).toEqual(all.lines.slice(-3));
        });
      });
    }
  });

  if (plus) {
    describe('kiro-quota (reference §6.4)', () => {
      const quota = (url: string, key: string, query: string) =>
        getJson(`${url}/v0/management/kiro-quota${query}`, bearer(key));

      it('answers for the credential asked for, by auth_index or any of its aliases', async () => {
        await withSimulator({ flavor, scenario: 'degraded' }, async (sim) => {
          const ops = sha16('kiro-social-ops@example.com.json');
          for (const param of ['auth_index', 'authIndex', 'AuthIndex', 'index', 'auth_id', 'auth-id']) {
            const { status, json } = await quota(sim.url, sim.keys.managementKey, `?${param}=${ops}`);
            expect(status).toBe(200);
            expect(json).toMatchObject({
              auth_index: ops,
              usage_percentage: 85,
              remaining_quota: 75,
              quota_exhausted: false,
            });
          }
          const { json } = await quota(sim.url, sim.keys.managementKey, `?auth_index=${ops}`);
          const body = json as {
            profile_arn: string;
            usage: { usageBreakdownList: unknown[]; subscriptionInfo: unknown; nextDateReset: number };
          };
          expect(body.profile_arn).toMatch(/^arn:aws:codewhisperer:/);
          expect(body.usage.usageBreakdownList).toEqual([
            { resourceType: 'AGENTIC_REQUEST', usageLimitWithPrecision: 500, currentUsageWithPrecision: 425 },
          ]);
          expect(body.usage.subscriptionInfo).toEqual({
            subscriptionTitle: 'KIRO PRO',
            type: 'Q_DEVELOPER_STANDALONE_PRO',
          });
          expect(body.usage.nextDateReset).toBeGreaterThan(Date.now() - 40 * 86400_000);
        });
      });

      it('silently falls back to the first Kiro credential for an unknown or missing index', async () => {
        await withSimulator({ flavor, scenario: 'degraded' }, async (sim) => {
          const first = sha16('kiro-idc-backup@example.com.json');
          for (const query of ['?auth_index=0', '?auth_index=ffffffffffffffff', '']) {
            const { status, json } = await quota(sim.url, sim.keys.managementKey, query);
            expect(status).toBe(200);
            expect((json as { auth_index: string }).auth_index).toBe(first);
          }
        });
      });

      it('reports an exhausted account, no Kiro credential, and a failing upstream quota API', async () => {
        await withSimulator({ flavor, scenario: 'incident' }, async (sim) => {
          const { json } = await quota(
            sim.url,
            sim.keys.managementKey,
            `?auth_index=${sha16('kiro-social-ops@example.com.json')}`,
          );
          expect(json).toMatchObject({ quota_exhausted: true, usage_percentage: 100, remaining_quota: 0 });
        });
        const noKiro: Scenario = {
          ...SCENARIOS.healthy,
          authFiles: SCENARIOS.healthy.authFiles.filter((f) => f.provider !== 'kiro'),
        };
        await withSimulator({ flavor, scenario: noKiro }, async (sim) => {
          expect(await quota(sim.url, sim.keys.managementKey, '')).toEqual({
            status: 400,
            json: { error: 'no kiro credential found' },
          });
        });
        const broken: Scenario = {
          ...SCENARIOS.healthy,
          authFiles: SCENARIOS.healthy.authFiles.map((f) =>
            f.kiro
              ? {
                  ...f,
                  kiro: {
                    ...f.kiro,
                    upstreamError:
                      'API error (status 403): {"message":"The bearer token included in the request is invalid."}',
                  },
                }
              : f,
          ),
        };
        await withSimulator({ flavor, scenario: broken }, async (sim) => {
          const { status, json } = await quota(sim.url, sim.keys.managementKey, '');
          expect(status).toBe(502);
          expect(json).toMatchObject({
            error: 'kiro quota request failed',
            detail: expect.stringMatching(/^API error \(status 403\)/),
          });
        });
      });
    });

    it('usage: totals, per key and model, details with timestamp and failed, by day and hour', async () => {
      await withSimulator({ flavor, scenario: 'degraded', now: NOW, timeZone: '+08:00' }, async (sim) => {
        const { status, json } = await getJson(`${sim.url}/v0/management/usage`, bearer(sim.keys.managementKey));
        expect(status).toBe(200);
        const body = json as {
          failed_requests: number;
          usage: {
            total_requests: number;
            success_count: number;
            failure_count: number;
            total_tokens: number;
            apis: Record<
              string,
              {
                total_requests: number;
                models: Record<string, { total_requests: number; details: Array<Record<string, unknown>> }>;
              }
            >;
            requests_by_day: Record<string, number>;
            requests_by_hour: Record<string, number>;
          };
        };
        const u = body.usage;
        expect(u.success_count + u.failure_count).toBe(u.total_requests);
        expect(body.failed_requests).toBe(u.failure_count);
        expect(Object.keys(u.apis).sort()).toEqual([
          'antigravity-research',
          'claude-team-beta',
          'codex-team-alpha',
          'kiro-ops-gamma',
          'sk-ops-runbook-01',
        ]);
        const spark = u.apis['codex-team-alpha']?.models['gpt-5.3-codex-spark'];
        expect(spark?.total_requests).toBe(spark?.details.length);
        const d = spark?.details[0] as Record<string, unknown>;
        expect(Object.keys(d).sort()).toEqual(['auth_index', 'failed', 'source', 'timestamp', 'tokens']);
        expect(d.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?\+08:00$/);
        expect(d.auth_index).toBe(sha16('codex-plus@example.com.json'));
        expect(Object.keys(u.requests_by_hour).every((h) => /^\d{2}$/.test(h))).toBe(true);
        expect(Object.values(u.requests_by_day).reduce((a, b) => a + b, 0)).toBe(u.total_requests);
      });
    });
  }
});
