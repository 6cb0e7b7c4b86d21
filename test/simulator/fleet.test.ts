// startSimulatorFleet: many gateways from one process, one port each, sharing the answers they would
// all compute alike; each still counts its own requests and judges its own credentials.
import { afterEach, describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { runFleet } from '../../src/daily.js';
import { defaultsOf } from '../../src/options.js';
import { startSimulatorFleet, type RunningSimulator } from '../../src/simulator/index.js';
import { NOW, bearer, getJson } from './helpers.js';

let sims: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

const checkOptions = Object.fromEntries(checks.map((c) => [c.id, defaultsOf(c.options)]));

describe('startSimulatorFleet', () => {
  it('serves each gateway on its own port, and every daily check passes on each', async () => {
    sims = await startSimulatorFleet(3, { now: NOW });
    expect(new Set(sims.map((s) => s.url)).size).toBe(3);
    const { report } = await runFleet({
      targets: sims.map((s, i) => ({
        target: { name: `gw-${i}`, url: s.url },
        ...s.keys,
        checks: [...checks],
        checkOptions,
        inputs: { logFiles: [], logTimezone: undefined },
      })),
      targetConcurrency: 3,
      failOn: 'warn',
      timeoutMs: 5_000,
      deadlineMs: 20_000,
      concurrency: 4,
      maxResponseBytes: 16 * 1024 * 1024,
      now: new Date(NOW),
      stateDir: undefined,
    });
    expect(report.targets.map((t) => t.status)).toEqual(['pass', 'pass', 'pass']);
    for (const s of sims) expect(s.hits.count('GET /v1/models')).toBe(1);
  });

  it('never shares an answer with a request whose key is wrong', async () => {
    sims = await startSimulatorFleet(2, { now: NOW });
    const [a, b] = sims as [RunningSimulator, RunningSimulator];
    const good = await getJson(`${a.url}/v0/management/auth-files`, bearer(a.keys.managementKey));
    expect(good.status).toBe(200);
    const wrong = await getJson(`${b.url}/v0/management/auth-files`, bearer('mgmt-wrong-one-123'));
    expect(wrong.status).toBe(401);
    const models = await getJson(`${b.url}/v1/models`, bearer('sk-wrong-one-123'));
    expect(models.status).toBe(401);
    expect(b.hits.count({ outcome: 'rejected' })).toBe(2);
  });
});
