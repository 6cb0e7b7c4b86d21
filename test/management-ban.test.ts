// The gateway bans a client IP for 30 minutes after 5 failed management logins in a row. provops sends
// a rejected key once per run, and with state on, never again in later runs (a cron job every 10
// minutes would otherwise ban its host within the hour).
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { demoRunConfig } from '../src/commands/demo.js';
import { runDaily } from '../src/daily.js';
import type { RunningSimulator } from '../src/simulator/index.js';
import { NOW, withSimulator } from './simulator/helpers.js';

const WRONG = 'mgmt-wrong-key-for-ban-test';
const MANAGEMENT_CHECKS = ['log-scan', 'kiro-quota', 'spark-error-ratio'];

async function daily(sim: RunningSimulator, managementKey: string, stateDir?: string) {
  const config = {
    ...demoRunConfig(checks, { url: sim.url, apiKey: sim.keys.apiKey, managementKey }, new Date(NOW), 'json'),
    stateDir,
  };
  const { report } = await runDaily(config);
  return report;
}

const rejected = (sim: RunningSimulator) => sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' });

describe('a wrong management key', () => {
  it('is sent once in a full daily run, and every management-backed check reports that one rejection', async () => {
    await withSimulator({ flavor: 'plus', now: NOW }, async (sim) => {
      const report = await daily(sim, WRONG);
      expect(sim.hits.count({ route: '/v0/management/*' })).toBe(1);
      const results = report.targets[0]?.results ?? [];
      const summaries = results.filter((r) => MANAGEMENT_CHECKS.includes(r.id)).map((r) => [r.status, r.summary]);
      expect(new Set(summaries.map((s) => s.join('|'))).size).toBe(1);
      expect(summaries[0]).toEqual([
        'error',
        expect.stringMatching(
          /^management key rejected: 401 invalid management key; provops made no further management requests/,
        ),
      ]);
      expect(results.find((r) => r.id === 'quota-pressure')?.status).toBe('skip');
      expect(report.exitCode).toBe(3);
      expect(JSON.stringify(report)).not.toContain(WRONG);
    });
  });

  it('is not sent again by later runs with state, so six cron runs never get the host banned', async () => {
    await withSimulator({ flavor: 'plus', now: NOW }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-ban-'));
      for (let run = 0; run < 6; run++) await daily(sim, WRONG, stateDir);
      expect(rejected(sim)).toBe(1);
      expect(sim.hits.count({ route: '/v0/management/*' })).toBe(1);
      const last = (await daily(sim, WRONG, stateDir)).targets[0]?.results.find((r) => r.id === 'kiro-quota');
      expect(last?.summary).toMatch(
        /^management key not sent: this gateway rejected the same key \(HTTP 401\) at 2026-11-26T12:00:00\.000Z/,
      );
      expect(last?.hint).toMatch(/Fix PROVOPS_MANAGEMENT_KEY/);
      const state = readFileSync(join(stateDir, readdirSync(stateDir)[0] as string), 'utf8');
      expect(state).not.toContain(WRONG);

      // The right key is tried as usual, and its success clears the memory of the wrong one.
      const fixed = await daily(sim, sim.keys.managementKey, stateDir);
      expect(fixed.targets[0]?.results.find((r) => r.id === 'kiro-quota')?.status).toBe('pass');
      expect(readFileSync(join(stateDir, readdirSync(stateDir)[0] as string), 'utf8')).not.toContain(
        'managementRejection',
      );
    });
  });

  it('"remote management disabled" is a gateway setting, not a failed login: the next run asks again', async () => {
    await withSimulator({ flavor: 'plus', now: NOW, management: 'remote-disabled' }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-ban-'));
      const first = await daily(sim, sim.keys.managementKey, stateDir);
      expect(first.targets[0]?.results.find((r) => r.id === 'kiro-quota')?.hint).toMatch(/allow-remote: true/);
      await daily(sim, sim.keys.managementKey, stateDir);
      expect(sim.hits.count({ route: '/v0/management/*' })).toBe(2);
    });
  });
});
