// Every gateway version in the field, end to end against the simulator: v7 and v8 (`upstream` plays v8)
// reach the expected verdicts, v8 is read through /v8/management and names its version, the logs API's
// cursor pages forward, older log shapes and upstream-attempt lines are read, checks of an absent
// provider skip, and the gateway's credential errors are explained.
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { demoRunConfig } from '../../src/commands/demo.js';
import { runDaily } from '../../src/daily.js';
import { createGateway } from '../../src/gateway/client.js';
import { createHttpClient } from '../../src/gateway/http.js';
import { fetchManagementLogs, LOGS_PATH, LOGS_V8_PATH } from '../../src/gateway/logs.js';
import { SCENARIO_NAMES, SCENARIOS, type Scenario } from '../../src/simulator/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { assertHintSaysEachOnce } from '../helpers/check-tester.js';
import { EXPECTED } from '../helpers/expected-verdicts.js';
import { bearer, getJson, NOW, withSimulator } from './helpers.js';

async function daily(
  options: Parameters<typeof withSimulator>[0],
  only?: string[],
  keys?: { managementKey?: string | undefined },
) {
  return withSimulator(options, async (sim) => {
    const registry = only ? checks.filter((c) => only.includes(c.id)) : checks;
    const config = demoRunConfig(registry, { url: sim.url, ...sim.keys }, new Date(NOW), 'json');
    if (keys && 'managementKey' in keys) config.managementKey = keys.managementKey;
    const { report } = await runDaily(config);
    const target = report.targets[0];
    const result = (id: string) => target?.results.find((r) => r.id === id);
    return { report, target, result, hits: sim.hits };
  });
}

describe.each(['v7', 'v8'] as const)('runDaily against the %s simulator', (flavor) => {
  for (const scenario of SCENARIO_NAMES) {
    it(`${scenario}: every check reaches the expected verdict`, async () => {
      const { target, hits } = await daily({ flavor, scenario, now: NOW });
      const expected = EXPECTED[scenario][flavor];
      expect(Object.fromEntries((target?.results ?? []).map((r) => [r.id, r.status]))).toEqual(
        Object.fromEntries(checks.map((c) => [c.id, expected[c.id]])),
      );
      for (const r of target?.results ?? []) assertHintSaysEachOnce(r.hint, r.id);
      if (scenario === 'outage') return;
      // v8 is read through its own tree; the destructive usage queue is never touched
      const v8Reads = hits.count('GET /v8/management/observability/logs');
      expect(v8Reads).toBe(flavor === 'v8' ? 1 : 0);
      expect(hits.count('GET /v0/management/logs')).toBe(flavor === 'v8' ? 0 : 1);
      expect(hits.count('GET /v8/management/observability/usage/queue')).toBe(0);
      expect(hits.count('GET /v0/management/usage-queue')).toBe(0);
      expect(target?.gatewayVersion).toEqual({
        version: flavor === 'v8' ? 'v8.0.23' : 'v7.2.140',
        // the run's first management request, its key test, on the v0 route every version serves
        from: expect.stringMatching(/^X-CPA-VERSION on GET \/v0\/management\/[a-z-]+$/),
      });
    });
  }
});

describe('v8: credential-level signal and version naming', () => {
  it('incident: log-scan names the Claude key failing 401 on every attempt, though clients see 200 for it', async () => {
    const { result } = await daily({ flavor: 'v8', scenario: 'incident', now: NOW }, ['health', 'log-scan']);
    const scan = result('log-scan');
    expect(scan?.status).toBe('fail');
    expect(scan?.summary).toMatch(
      /; and credential claude api_key=sk-a\.\.\.9f2c failed upstream 401 × \d+ for \d+ min/,
    );
    expect(scan?.details.join('\n')).toMatch(/credential claude api_key=sk-a\.\.\.9f2c: upstream 401/);
    expect(scan?.metrics).toMatchObject({ credentialBursts: 1 });
  });

  it('healthy: a stray failed attempt is no burst, and v7 logs none', async () => {
    const v8 = await daily({ flavor: 'v8', scenario: 'healthy', now: NOW }, ['log-scan']);
    expect(v8.result('log-scan')?.status).toBe('pass');
    expect(Number(v8.result('log-scan')?.metrics.upstreamAttemptLines)).toBeGreaterThan(0);
    const v7 = await daily({ flavor: 'v7', scenario: 'healthy', now: NOW }, ['log-scan']);
    expect(v7.result('log-scan')?.metrics).toMatchObject({ upstreamAttemptLines: 0, credentialBursts: 0 });
  });

  it('names the version in the JSON report only when an answer named it (no management key: nothing)', async () => {
    const { target } = await daily({ flavor: 'v8', now: NOW }, ['health', 'model-inventory'], {
      managementKey: undefined,
    });
    expect(target?.gatewayVersion).toBeNull();
  });

  it('a 401 already names the version, and the wrong key is sent once', async () => {
    const { target, hits } = await daily({ flavor: 'v8', now: NOW }, ['log-scan'], { managementKey: 'wrong-key' });
    expect(target?.gatewayVersion?.version).toBe('v8.0.23');
    expect(hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(1);
    expect(hits.count({ route: '/v8/management/*' })).toBe(0);
  });
});

describe('v8 logs API: cursor paging and limit', () => {
  it('pages forward with next-cursor: every line once, in order, then an empty page', async () => {
    await withSimulator({ flavor: 'v8', now: NOW }, async (sim) => {
      const auth = bearer(sim.keys.managementKey);
      const base = `${sim.url}${LOGS_V8_PATH}`;
      type Page = { lines: string[]; 'next-cursor': string; 'cursor-reset'?: boolean };
      const page = async (query: string) => (await getJson(`${base}?${query}`, auth)).json as Page;
      const whole = await page('');
      expect(whole.lines.length).toBeGreaterThan(500);
      // the simulator's cursor before the first line; four pages from there reach the end, each line once
      const size = Math.ceil(whole.lines.length / 4);
      let cursor = Buffer.from('0.0').toString('base64url');
      const read: string[] = [];
      for (let pages = 0; pages < 6; pages++) {
        const p = await page(`cursor=${cursor}&limit=${size}`);
        if (!p.lines.length) {
          expect(p['next-cursor']).toBe(cursor);
          break;
        }
        expect(p.lines.length).toBeLessThanOrEqual(size);
        read.push(...p.lines);
        cursor = p['next-cursor'];
      }
      expect(read).toEqual(whole.lines);
      // without a cursor, limit keeps the newest lines and next-cursor is the end of the log
      const newest = await page('after=0&limit=300');
      expect(newest.lines).toEqual(whole.lines.slice(-300));
      expect((await page(`cursor=${newest['next-cursor']}&limit=50`)).lines).toEqual([]);
      // an unknown cursor: cursor-reset and the newest lines
      const bogus = await page('cursor=bm90LWEtY3Vyc29y&limit=5');
      expect(bogus['cursor-reset']).toBe(true);
      expect(bogus.lines).toEqual(whole.lines.slice(-5));
    });
  });

  it('provops asks the v8 route with limit and says when the answer was cut to the newest lines', async () => {
    await withSimulator({ flavor: 'v8', now: NOW }, async (sim) => {
      const http = createHttpClient({ timeoutMs: 5000, maxBytes: 1 << 24, connections: 2 });
      try {
        const gateway = createGateway(http, { url: sim.url, managementKey: sim.keys.managementKey, userAgent: 'test' });
        const signal = new AbortController().signal;
        const after = Math.floor(Date.parse(NOW) / 1000) - 3600;
        // The first management request is the key test: the v0 route every version serves. Its
        // X-CPA-VERSION names v8, so every later request takes the v8 tree.
        const first = await fetchManagementLogs(gateway, after, signal, 40);
        if (first.kind === 'lines') expect(first.response.path).toBe(`${LOGS_PATH}?after=${after}&limit=40`);
        expect(gateway.version()?.version).toBe('v8.0.23');
        const cut = await fetchManagementLogs(gateway, after, signal, 40);
        expect(cut).toMatchObject({ kind: 'lines', capped: true, limit: 40 });
        if (cut.kind === 'lines') {
          expect(cut.lines.count).toBe(40);
          expect(cut.response.path).toBe(`${LOGS_V8_PATH}?after=${after}&limit=40`);
        }
        const whole = await fetchManagementLogs(gateway, after, signal);
        expect(whole).toMatchObject({ kind: 'lines', capped: false });
      } finally {
        await http.close();
      }
    });
  });
});

describe('older log shapes from the simulator', () => {
  it.each(['v6.6.49', 'v6.6.51'] as const)(
    'incident written in the %s shape: the 401 burst still fails',
    async (shape) => {
      const { result } = await daily({ flavor: 'plus', scenario: 'incident', now: NOW, logShape: shape }, ['log-scan']);
      const scan = result('log-scan');
      expect(scan?.status).toBe('fail');
      expect(scan?.summary).toMatch(/401 × \d+ from 198\.51\.100\.23/);
      expect(scan?.metrics).toMatchObject({ linesUnread: 0 });
      expect(scan?.details.join('\n')).toMatch(
        shape === 'v6.6.49' ? /\[GIN\] prefix\) shape/ : /between pipes\) shape/,
      );
    },
  );
});

describe('checks of a provider the gateway does not have', () => {
  const bare: Scenario = {
    ...SCENARIOS.healthy,
    name: 'no-antigravity-no-codex',
    models: SCENARIOS.healthy.models.filter(
      (m) => !['antigravity', 'openai', 'github-copilot'].includes(m.ownedBy) && !/codex/.test(m.id),
    ),
    authFiles: SCENARIOS.healthy.authFiles.filter(
      (f) => !['antigravity', 'codex', 'github-copilot'].includes(f.provider),
    ),
    traffic: [],
  };
  const ids = ['model-inventory', 'spark-eligibility', 'antigravity-aliases'];

  it('skip, naming why, when neither the model list nor the credentials show the provider', async () => {
    const { result } = await daily({ flavor: 'v8', scenario: bare, now: NOW }, ids);
    expect(result('antigravity-aliases')).toMatchObject({
      status: 'skip',
      summary: expect.stringMatching(
        /^no Antigravity provider on this gateway for this key: .*none of its \d+ credential\(s\) is antigravity/,
      ),
    });
    expect(result('spark-eligibility')).toMatchObject({
      status: 'skip',
      summary: expect.stringMatching(/^no Codex\/Copilot provider on this gateway for this key/),
    });
  });

  it('without a management key the credentials cannot be checked, and the skip says so', async () => {
    const { result } = await daily({ flavor: 'v7', scenario: bare, now: NOW }, ids, { managementKey: undefined });
    expect(result('antigravity-aliases')?.summary).toMatch(
      /without a management key its credentials cannot be checked/,
    );
  });

  it('fail as before when the credentials show the provider but the key sees none of its models', async () => {
    const listedNot: Scenario = { ...bare, authFiles: SCENARIOS.healthy.authFiles };
    const { result } = await daily({ flavor: 'v8', scenario: listedNot, now: NOW }, ids);
    expect(result('antigravity-aliases')?.status).toBe('fail');
    expect(result('antigravity-aliases')?.details.join('\n')).toMatch(/credential antigravity research@example\.com/);
    expect(result('spark-eligibility')?.status).toBe('warn');
  });
});

describe('credential errors from the gateway', () => {
  it('a v8 model_cooldown (last_upstream_error, no provider) fails model-inventory with a credentials hint', async () => {
    const { result } = await daily(
      { flavor: 'v8', now: NOW, faults: [{ route: '/v1/models', kind: 'cooldown', seconds: 90 }] },
      ['health', 'model-inventory'],
    );
    expect(result('model-inventory')).toMatchObject({
      status: 'fail',
      summary:
        'GET /v1/models → 429 model_cooldown: every credential for model claude-sonnet-4-5-20250929 is cooling down; last upstream error: "usage_limit_reached: The usage limit has been reached"; retry in 90 s',
      hint: expect.stringContaining('/v8/management/credentials'),
    });
  });
});

describe('provops demo --flavor: the README exit codes for every scenario', () => {
  const CODES = { healthy: 0, degraded: 1, incident: 2, outage: 2 } as const;
  it.each(['v8', 'v7', 'plus', 'upstream'] as const)(
    '%s',
    async (flavor) => {
      expect(BIN).toBeTruthy();
      // one at a time: parallel runs on a loaded machine would slow health past its warn threshold
      const runs = [];
      for (const scenario of SCENARIO_NAMES)
        runs.push(await runCli(['demo', '--flavor', flavor, '--scenario', scenario, '--now', NOW]));
      expect(runs.map((r) => r.code)).toEqual(SCENARIO_NAMES.map((s) => CODES[s]));
    },
    60_000,
  );
});
