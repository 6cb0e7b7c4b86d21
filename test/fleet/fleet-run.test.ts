// A fleet run (src/daily.ts runFleet) over simulated gateways configured in provops.yaml `targets:`:
// each target's keys go to that target only, each has its own state file and management-ban memory,
// and the report and exit code cover the whole fleet.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { resolveFleetConfig } from '../../src/config/targets.js';
import { runFleet } from '../../src/daily.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { NOW } from '../simulator/helpers.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

interface Gw {
  name: string;
  apiKey: string;
  managementKey: string;
  sim: RunningSimulator;
}

async function gateway(name: string, options: SimulatorOptions = {}, managementKey = `mgmt-${name}-5b1e7c`) {
  const apiKey = `sk-${name}-3f9a2d71`;
  const sim = await startSimulator({ now: NOW, apiKeys: [apiKey], managementKey, recordKeys: true, ...options });
  running.push(sim);
  return { name, apiKey, managementKey, sim };
}

/** provops.yaml listing the gateways, keys by ${VAR} from the environment, and the resolved fleet. */
function fleetConfig(
  gws: Gw[],
  opts: { stateDir?: string; keyFor?: (g: Gw) => string; extra?: string; only?: string } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'provops-fleet-'));
  const env: Record<string, string> = {};
  const lines = [opts.extra ?? '', 'targets:'];
  for (const g of gws) {
    const v = g.name.toUpperCase().replace(/-/g, '_');
    env[`${v}_API_KEY`] = g.apiKey;
    env[`${v}_MGMT_KEY`] = opts.keyFor?.(g) ?? g.managementKey;
    lines.push(
      `  - name: ${g.name}`,
      `    url: ${g.sim.url}`,
      `    apiKey: \${${v}_API_KEY}`,
      `    managementKey: \${${v}_MGMT_KEY}`,
    );
  }
  writeFileSync(join(dir, 'provops.yaml'), `${lines.join('\n')}\n`);
  const flags = {
    now: NOW,
    ...(opts.stateDir ? { stateDir: opts.stateDir } : { state: false }),
    ...(opts.only ? { only: opts.only } : {}),
  };
  return resolveFleetConfig({ flags, env, cwd: dir, registry: checks });
}

const statusOf = (report: Awaited<ReturnType<typeof runFleet>>['report'], name: string) =>
  report.targets.find((t) => t.name === name)?.status;

describe('a fleet run', () => {
  it('sends each target its own keys and no other target ever sees them', async () => {
    const gws = [await gateway('eu-1'), await gateway('us-1'), await gateway('ap-1', { flavor: 'upstream' })];
    const { report } = await runFleet(fleetConfig(gws));
    expect(report.targets.map((t) => [t.name, t.status])).toEqual([
      ['eu-1', 'pass'],
      ['us-1', 'pass'],
      ['ap-1', 'pass'],
    ]);
    for (const g of gws) {
      // Both of its own keys reached it (so the run really used them) and nothing else did.
      expect([...g.sim.keysSeen].sort(), g.name).toEqual([g.apiKey, g.managementKey].sort());
      expect(g.sim.hits.count('GET /v1/models'), g.name).toBe(1);
    }
  });

  it('reports every target and exits with the worst status of the fleet', async () => {
    const gws = [
      await gateway('healthy'),
      await gateway('degraded', { scenario: 'degraded' }),
      await gateway('incident', { scenario: 'incident' }),
    ];
    const config = fleetConfig(gws);
    const { report } = await runFleet(config);
    expect(report.targets.map((t) => [t.name, t.status])).toEqual([
      ['healthy', 'pass'],
      ['degraded', 'warn'],
      ['incident', 'fail'],
    ]);
    expect([report.status, report.exitCode]).toEqual(['fail', 2]);
    expect(report.summary.pass + report.summary.warn + report.summary.fail + report.summary.skip).toBe(
      3 * checks.length,
    );
    // --fail-on applies to the fleet as to one gateway.
    expect((await runFleet({ ...config, failOn: 'error' })).report.exitCode).toBe(0);
    expect((await runFleet({ ...config, targets: config.targets.slice(0, 2) })).report.exitCode).toBe(1);
  });

  it('keeps one state file per target, and remembers a rejected management key for that target only', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'provops-fleet-state-'));
    const gws = [await gateway('good'), await gateway('wrong-key')];
    const wrong = 'mgmt-not-the-right-one-771';
    const config = fleetConfig(gws, { stateDir, keyFor: (g) => (g.name === 'wrong-key' ? wrong : g.managementKey) });
    for (let run = 0; run < 3; run++) await runFleet(config);

    const files = readdirSync(stateDir).sort();
    expect(files).toEqual([expect.stringMatching(/^good-[0-9a-f]{12}\.json$/), expect.stringMatching(/^wrong-key-/)]);
    const state = (f: string) => readFileSync(join(stateDir, f), 'utf8');
    expect(state(files[0] as string)).not.toContain('managementRejection');
    expect(state(files[1] as string)).toContain('managementRejection');
    expect(state(files[1] as string)).not.toContain(wrong);
    const [good, bad] = gws as [Gw, Gw];
    // The wrong key was sent once in three runs; the good target's key was used every run.
    expect(bad.sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(1);
    expect(bad.sim.hits.count({ route: '/v0/management/*' })).toBe(1);
    expect(good.sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(0);
    // each run's key test is its first management request, on the v0 route every version serves
    expect(good.sim.hits.count({ route: '/v0/management/*', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    // model-inventory compared with its own target's last run: no drift for either.
    const { report } = await runFleet(config);
    expect(report.targets.map((t) => t.results.find((r) => r.id === 'model-inventory')?.status)).toEqual([
      'pass',
      'pass',
    ]);
    expect(statusOf(report, 'wrong-key')).toBe('error');
  });

  it('gives each target a share of the deadline, so hung gateways cannot keep the others from running', async () => {
    const hung = await Promise.all(
      ['hung-1', 'hung-2', 'hung-3'].map((n) => gateway(n, { faults: [{ route: '*', kind: 'hang' }] })),
    );
    const fine = await gateway('fine');
    const only = 'health,model-inventory';
    const config = {
      ...fleetConfig([...hung, fine], { only }),
      targetConcurrency: 1,
      deadlineMs: 4_000,
      timeoutMs: 10_000,
    };
    const started = performance.now();
    const { report } = await runFleet(config);
    // Each hung target is cut at its share (~1 s); without shares the first would take the whole 4 s.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(statusOf(report, 'fine')).toBe('pass');
    const health = report.targets[0]?.results.find((r) => r.id === 'health');
    expect(health).toMatchObject({ status: 'error' });
    expect(health?.summary).toMatch(
      /^deadline exceeded \(this target's share: \d+ ms of 4000 ms for 4 targets, 1 at a time\)/,
    );
  });
});
