// Every registered check runs for real (src/daily.ts runDaily) against each flavour and scenario: the
// verdicts are the scenario's expected ones, and the run touches the gateway as little as it says.
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { demoRunConfig } from '../../src/commands/demo.js';
import { runDaily } from '../../src/daily.js';
import { SCENARIO_NAMES } from '../../src/simulator/index.js';
import { EXPECTED } from '../helpers/expected-verdicts.js';
import { NOW, withSimulator } from './helpers.js';

const core = checks.filter((c) => ['health', 'model-inventory'].includes(c.id));

describe.each(['plus', 'upstream'] as const)('runDaily against the %s simulator', (flavor) => {
  for (const scenario of SCENARIO_NAMES) {
    it(`${scenario}: every check reaches the expected verdict`, async () => {
      await withSimulator({ flavor, scenario, now: NOW }, async (sim) => {
        const config = demoRunConfig(checks, { url: sim.url, ...sim.keys }, new Date(NOW), 'json');
        const { report } = await runDaily(config);
        const results = report.targets[0]?.results ?? [];
        const expected = EXPECTED[scenario][flavor];
        expect(Object.fromEntries(results.map((r) => [r.id, r.status]))).toEqual(
          Object.fromEntries(checks.map((c) => [c.id, expected[c.id]])),
        );
        // An outage is reported once, by health; the rest never reach the gateway.
        expect(sim.hits.count('GET /v1/models')).toBe(scenario === 'outage' ? 0 : 1);
        expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(0);
        const health = results.find((r) => r.id === 'health');
        if (scenario === 'healthy')
          expect(health?.summary).toMatch(
            flavor === 'plus' ? /^GET \/ → 200 "CLI Proxy API Server"/ : /^GET \/healthz → 200 ok/,
          );
        if (scenario === 'outage') expect(health?.summary).toContain('an HTML page "502 Bad Gateway"');
        for (const r of results) if (r.status === 'warn' || r.status === 'fail') expect(r.hint, r.id).toBeTruthy();
      });
    });
  }

  it("a wrong API key is model-inventory's error after exactly one GET /v1/models, naming the 401", async () => {
    await withSimulator({ flavor, now: NOW }, async (sim) => {
      const config = demoRunConfig(
        core,
        { url: sim.url, apiKey: 'sk-not-configured', managementKey: sim.keys.managementKey },
        new Date(NOW),
        'json',
      );
      const { report } = await runDaily(config);
      const inventory = report.targets[0]?.results.find((r) => r.id === 'model-inventory');
      expect(inventory?.status).toBe('error');
      expect(inventory?.summary).toContain('401 "Invalid API key"');
      expect(sim.hits.count('GET /v1/models')).toBe(1);
      expect(JSON.stringify(report)).not.toContain('sk-not-configured');
    });
  });
});

describe('runDaily against a faulty gateway', () => {
  it('a hung gateway is reported once, by health, and the run exits 2 without waiting out every check', async () => {
    await withSimulator({ flavor: 'upstream', now: NOW, faults: [{ route: '*', kind: 'hang' }] }, async (sim) => {
      const config = { ...demoRunConfig(checks, { url: sim.url, ...sim.keys }, new Date(NOW), 'json'), timeoutMs: 300 };
      const { report } = await runDaily(config);
      const [health, ...rest] = report.targets[0]?.results ?? [];
      expect(health?.summary).toBe('gateway not answering: GET /healthz: no complete response within 300 ms');
      expect(new Set(rest.map((r) => `${r.status} ${r.summary}`))).toEqual(
        new Set(['skip gateway not answering (see health)']),
      );
      expect(report.exitCode).toBe(2);
      // The three health paths go together, with the management key test beside them; nothing else is sent.
      expect(sim.hits.count({ route: '/v0/management/*' })).toBe(1);
      expect(sim.hits.count()).toBe(4);
    });
  });

  it('bad bodies become one-line errors with a next step, and the readers of a bad model list skip', async () => {
    const faults = [
      { route: '/v1/models', kind: 'truncated-json' as const },
      // auth-files is held, so it is capped at maxResponseMiB (/usage is read as a stream: 64 × that).
      { route: '/v0/management/auth-files', kind: 'oversized' as const, bytes: 2 * 1024 * 1024 },
      { route: '/v0/management/logs', kind: 'html-502' as const },
    ];
    await withSimulator({ flavor: 'plus', now: NOW, faults }, async (sim) => {
      const config = {
        ...demoRunConfig(checks, { url: sim.url, ...sim.keys }, new Date(NOW), 'json'),
        maxResponseBytes: 1024 * 1024,
      };
      const { report } = await runDaily(config);
      const byId = Object.fromEntries((report.targets[0]?.results ?? []).map((r) => [r.id, r]));
      expect(byId['model-inventory']).toMatchObject({
        status: 'error',
        summary: expect.stringMatching(/^GET \/v1\/models → 200 with truncated JSON/),
      });
      expect(byId['spark-eligibility']?.summary).toBe('model list unavailable (see model-inventory)');
      expect(byId['kiro-quota']).toMatchObject({
        status: 'error',
        summary: 'GET /v0/management/auth-files: response exceeds 1 MiB',
        hint: expect.stringMatching(/maxResponseMiB/),
      });
      expect(byId['log-scan']).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/→ 502 an HTML page "502 Bad Gateway"/),
      });
      expect(byId['quota-pressure']?.status).toBe('skip');
      expect(report.exitCode).toBe(3);
    });
  });
});
