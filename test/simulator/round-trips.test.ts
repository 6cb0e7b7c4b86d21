// Issue 11's critical path, asserted from the simulator's request timeline (not from wall time): a
// healthy daily run needs two round trips in sequence — liveness with the management key test beside
// it, then everything else (kiro-quota needs the auth_index auth-files gave).
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { demoRunConfig } from '../../src/commands/demo.js';
import { runDaily } from '../../src/daily.js';
import { NOW, withSimulator } from './helpers.js';

const LATENCY_MS = 60;

describe.each(['plus', 'v7', 'v8'] as const)('a healthy daily against the %s simulator with latency', (flavor) => {
  it('makes at most 2 sequential round trips', async () => {
    await withSimulator({ flavor, now: NOW, latencyMs: LATENCY_MS }, async (sim) => {
      const config = demoRunConfig(checks, { url: sim.url, ...sim.keys }, new Date(NOW), 'json');
      const { report } = await runDaily(config);
      expect(report.exitCode).toBe(0);
      expect(sim.hits.count()).toBeGreaterThan(5);
      // Exactly two: a timeline that cannot see sequence would read 1 and pass for the wrong reason.
      expect(sim.hits.sequentialRoundTrips()).toBe(2);
      // The key test went alone: no management request overlapped the first one.
      const management = [
        ...sim.hits.timeline({ route: '/v0/management/*' }),
        ...sim.hits.timeline({ route: '/v8/management/*' }),
      ].sort((a, b) => a.receivedMs - b.receivedMs);
      const [first, ...rest] = management;
      expect(first?.path).toMatch(/^\/v0\/management\//);
      for (const later of rest) expect(later.receivedMs).toBeGreaterThanOrEqual(first?.answeredMs ?? 0);
      // v8: the key test named the version, so every later route with a v8 twin used the /v8/management tree
      // (/usage has none: v8 answers it 404, and spark-error-ratio skips as not served by this version).
      if (flavor === 'v8') {
        expect(rest.filter((h) => h.path.startsWith('/v8/management/')).length).toBeGreaterThan(0);
        for (const later of rest) expect(later.path).toMatch(/^\/v8\/management\/|^\/v0\/management\/usage$/);
      }
    });
  });
});

describe('the cases whose verdicts and request counts stay as they were', () => {
  it('a wrong management key: one management request, in the first round trip', async () => {
    await withSimulator({ flavor: 'plus', now: NOW, latencyMs: LATENCY_MS }, async (sim) => {
      const config = demoRunConfig(
        checks,
        { url: sim.url, apiKey: sim.keys.apiKey, managementKey: 'mgmt-wrong-key-for-rtt' },
        new Date(NOW),
        'json',
      );
      const { report } = await runDaily(config);
      expect(sim.hits.count({ route: '/v0/management/*' })).toBe(1);
      expect(sim.hits.count('GET /v1/models')).toBe(1);
      expect(report.exitCode).toBe(3);
    });
  });

  it('a proxy answering 502: health fails once, /v1/models is never asked for', async () => {
    await withSimulator({ flavor: 'plus', scenario: 'outage', now: NOW, latencyMs: LATENCY_MS }, async (sim) => {
      const config = demoRunConfig(checks, { url: sim.url, ...sim.keys }, new Date(NOW), 'json');
      const { report } = await runDaily(config);
      const results = report.targets[0]?.results ?? [];
      expect(results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['health']);
      expect(sim.hits.count('GET /v1/models')).toBe(0);
      expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(0);
      expect(report.exitCode).toBe(2);
    });
  });
});
