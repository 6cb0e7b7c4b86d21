// `provops daily` over a fleet, as an operator runs it: one table section per target, the fleet line,
// the fleet's worst exit code, every target in the JSON, and one-line usage errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { NOW } from '../simulator/helpers.js';

let sims: RunningSimulator[] = [];
let dir: string;
const ONLY = 'health,model-inventory,spark-eligibility,antigravity-aliases,kiro-quota';

beforeAll(async () => {
  sims = await Promise.all(
    (['healthy', 'degraded', 'incident'] as const).map((scenario) => startSimulator({ scenario, now: NOW })),
  );
  dir = mkdtempSync(join(tmpdir(), 'provops-fleet-cli-'));
  const targets = sims.map(
    (s) =>
      `  - { name: ${s.scenario.name}, url: "${s.url}", apiKey: "${s.keys.apiKey}", managementKey: "${s.keys.managementKey}" }`,
  );
  writeFileSync(join(dir, 'provops.yaml'), `only: [${ONLY}]\ntargets:\n${targets.join('\n')}\n`);
});
afterAll(() => Promise.all(sims.map((s) => s.close())));

const daily = (...args: string[]) => runCli(['daily', '--no-state', '--now', NOW, ...args], { cwd: dir });

describe('provops daily over targets', () => {
  it('prints a section per target and the fleet line, and exits with the worst status', async () => {
    const r = await daily();
    expect(r.code).toBe(2);
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('provops '));
    expect(headers.map((h) => h.split(' · ')[1]?.split(' ')[0])).toEqual(['healthy', 'degraded', 'incident']);
    expect(r.stdout).toContain('fleet: 3 targets: 1 pass, 1 warn (degraded), 1 fail (incident)');
    expect(r.stdout).toMatch(/→ exit 2\n$/);
    for (const s of sims) {
      expect(r.stdout + r.stderr).not.toContain(s.keys.apiKey);
      expect(r.stdout + r.stderr).not.toContain(s.keys.managementKey);
    }
  });

  it('--target narrows the run, and the exit code follows the targets run', async () => {
    expect((await daily('--target', 'healthy')).code).toBe(0);
    expect((await daily('--target', 'healthy,degraded')).code).toBe(1);
    expect((await daily('--fail-on', 'fail', '--target', 'degraded')).code).toBe(0);
  });

  it('--format json carries every target', async () => {
    const r = await daily('--format', 'json', '--target-concurrency', '1');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.targets.map((t) => [t.name, t.url, t.status])).toEqual(
      sims.map((s, i) => [s.scenario.name, s.url, ['pass', 'warn', 'fail'][i]]),
    );
    expect(report.targets.every((t) => t.results.length === ONLY.split(',').length)).toBe(true);
    expect([report.exitCode, r.code]).toEqual([2, 2]);
  });

  it('an unknown target or a key in the environment is a one-line usage error (exit 3)', async () => {
    const unknown = await daily('--target', 'healty');
    expect([unknown.code, unknown.stdout]).toEqual([3, '']);
    expect(unknown.stderr).toBe(
      'provops: --target: unknown target "healty" (did you mean "healthy"?); provops.yaml lists healthy, degraded, incident\n',
    );
    const env = await runCli(['daily', '--no-state'], { cwd: dir, env: { PROVOPS_API_KEY: 'sk-from-env-123' } });
    expect(env.code).toBe(3);
    expect(env.stderr).toMatch(/^provops: PROVOPS_API_KEY is set, but provops.yaml lists targets/);
    expect(env.stderr.trim().split('\n')).toHaveLength(1);
  });
});
