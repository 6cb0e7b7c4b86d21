// Every registered check runs for real (src/run.ts runDaily) against each flavour and scenario: the
// verdicts are the scenario's expected ones, and the run touches the gateway as little as it says.
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { demoRunConfig } from '../../src/demo.js';
import { runDaily } from '../../src/run.js';
import { SCENARIO_NAMES, SCENARIOS } from '../../src/simulator/index.js';
import { NOW, withSimulator } from './helpers.js';

const core = checks.filter((c) => ['health', 'model-inventory'].includes(c.id));

describe.each(['plus', 'upstream'] as const)('runDaily against the %s simulator', (flavor) => {
  for (const scenario of SCENARIO_NAMES) {
    it(`${scenario}: every check reaches the expected verdict`, async () => {
      await withSimulator({ flavor, scenario, now: NOW }, async (sim) => {
        const config = demoRunConfig(checks, { url: sim.url, ...sim.keys }, new Date(NOW), 'json');
        const { report } = await runDaily(config);
        const results = report.targets[0]?.results ?? [];
        const expected = SCENARIOS[scenario].expected[flavor] as Record<string, string>;
        expect(Object.fromEntries(results.map((r) => [r.id, r.status]))).toEqual(Object.fromEntries(checks.map((c) => [c.id, expected[c.id]])));
        // An outage is reported once, by health; the rest never reach the gateway.
        expect(sim.hits.count('GET /v1/models')).toBe(scenario === 'outage' ? 0 : 1);
        expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(0);
        const health = results.find((r) => r.id === 'health');
        if (scenario === 'healthy') expect(health?.summary).toMatch(flavor === 'plus' ? /^GET \/ → 200 "CLI Proxy API Server"/ : /^GET \/healthz → 200 ok/);
        if (scenario === 'outage') expect(health?.summary).toContain('an HTML page "502 Bad Gateway"');
        for (const r of results) if (r.status === 'warn' || r.status === 'fail') expect(r.hint, r.id).toBeTruthy();
      });
    });
  }

  it('a wrong API key fails model-inventory after exactly one GET /v1/models, naming the 401', async () => {
    await withSimulator({ flavor, now: NOW }, async (sim) => {
      const config = demoRunConfig(core, { url: sim.url, apiKey: 'sk-not-configured', managementKey: sim.keys.managementKey }, new Date(NOW), 'json');
      const { report } = await runDaily(config);
      const inventory = report.targets[0]?.results.find((r) => r.id === 'model-inventory');
      expect(inventory?.status).toBe('fail');
      expect(inventory?.summary).toContain('401 "Invalid API key"');
      expect(sim.hits.count('GET /v1/models')).toBe(1);
      expect(JSON.stringify(report)).not.toContain('sk-not-configured');
    });
  });
});
