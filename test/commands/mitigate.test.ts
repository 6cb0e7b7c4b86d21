// mitigate spark-fallback against the simulator: the plan writes nothing, --apply writes exactly one
// PATCH and reads it back, --revert leaves the channel exactly as before, a write the gateway did not
// keep is a failure, and a rejected management key costs one rejected call.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMitigate, type MitigateInput } from '../../src/commands/mitigate.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { withSession } from './helpers.js';

const ALIAS = '/v0/management/oauth-model-alias';
const signal = new AbortController().signal;
const input = (over: Partial<MitigateInput> = {}): MitigateInput => ({
  channel: 'codex',
  target: 'gpt-5.3-codex',
  apply: false,
  revert: false,
  yes: true,
  confirm: undefined,
  ...over,
});

async function withSim<T>(opts: SimulatorOptions, fn: (sim: RunningSimulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ now: '2026-11-26T12:00:00Z', ...opts });
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

async function aliasMap(sim: RunningSimulator): Promise<string> {
  const res = await fetch(`${sim.url}${ALIAS}`, { headers: { authorization: `Bearer ${sim.keys.managementKey}` } });
  return res.text();
}

describe('mitigate spark-fallback', () => {
  it('plans without writing: a diff that keeps every other entry', async () => {
    await withSim({ scenario: 'incident' }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-mitigate-'));
      const report = await withSession(sim, { stateDir }, (s) => runMitigate(s, input(), signal));
      expect(report).toMatchObject({ status: 'planned', exitCode: 0, before: null });
      expect(report.diff).toEqual(['+ {"name":"gpt-5.3-codex","alias":"gpt-5.3-codex-spark","fork":true}']);
      expect(sim.hits.count({ method: 'PATCH' }) + sim.hits.count({ method: 'DELETE' })).toBe(0);
    });
  });

  it('--apply then --revert leaves the channel exactly as before (an existing channel)', async () => {
    const kiro = [{ name: 'kiro-claude-sonnet-4-5', alias: 'claude-sonnet-4-5', fork: true }];
    await withSim({ scenario: 'spark-errors' }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-mitigate-'));
      const original = await aliasMap(sim);
      const applied = await withSession(sim, { stateDir }, (s) =>
        runMitigate(s, input({ apply: true, channel: 'kiro', target: 'kiro-auto' }), signal),
      );
      expect(applied.status).toBe('applied');
      expect(applied.before).toEqual(kiro);
      expect(sim.hits.list({ method: 'PATCH' }).map((h) => JSON.parse(h.body as string))).toEqual([
        { channel: 'kiro', aliases: [...kiro, { name: 'kiro-auto', alias: 'gpt-5.3-codex-spark', fork: true }] },
      ]);
      const record = readdirSync(join(stateDir, 'mitigations'));
      expect(record).toEqual(['default.spark-fallback.json']);
      const text = readFileSync(join(stateDir, 'mitigations', record[0] as string), 'utf8');
      expect(text).not.toContain(sim.keys.managementKey);
      expect(text).not.toContain(sim.keys.apiKey);

      const reverted = await withSession(sim, { stateDir }, (s) =>
        runMitigate(s, input({ revert: true, channel: 'kiro' }), signal),
      );
      expect(reverted).toMatchObject({ status: 'reverted', exitCode: 0 });
      expect(await aliasMap(sim)).toBe(original);
      expect(readdirSync(join(stateDir, 'mitigations'))).toEqual([]);
    });
  });

  it('--apply on a missing channel confirms /v1/models; --revert deletes the channel again', async () => {
    await withSim({ scenario: 'incident' }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-mitigate-'));
      const original = await aliasMap(sim);
      const applied = await withSession(sim, { stateDir }, (s) => runMitigate(s, input({ apply: true }), signal));
      expect(applied).toMatchObject({ status: 'applied', exitCode: 0 });
      expect(applied.summary).toMatch(/listed in \/v1\/models for this key/);
      const again = await withSession(sim, { stateDir }, (s) => runMitigate(s, input({ apply: true }), signal));
      expect(again.status).toBe('unchanged');
      const reverted = await withSession(sim, { stateDir }, (s) => runMitigate(s, input({ revert: true }), signal));
      expect(reverted.status).toBe('reverted');
      expect(await aliasMap(sim)).toBe(original);
      expect(sim.hits.list({ method: 'DELETE' }).map((h) => h.path)).toEqual([ALIAS]);
    });
  });

  it('a write the gateway acknowledged but did not keep is a failure with the evidence', async () => {
    await withSim({ scenario: 'incident', aliasWrites: 'ignore' }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-mitigate-'));
      const report = await withSession(sim, { stateDir }, (s) => runMitigate(s, input({ apply: true }), signal));
      expect(report).toMatchObject({ status: 'failed', exitCode: 2 });
      expect(report.summary).toBe('the gateway acknowledged the write but did not keep it');
      expect(report.evidence[0]).toBe('read back: null');
    });
  });

  it('--revert refuses over a later edit by someone else', async () => {
    await withSim({ scenario: 'incident' }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-mitigate-'));
      await withSession(sim, { stateDir }, (s) => runMitigate(s, input({ apply: true }), signal));
      await fetch(`${sim.url}${ALIAS}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${sim.keys.managementKey}` },
        body: JSON.stringify({ channel: 'codex', aliases: [{ name: 'gpt-5.2', alias: 'cheap' }] }),
      });
      const report = await withSession(sim, { stateDir }, (s) => runMitigate(s, input({ revert: true }), signal));
      expect(report).toMatchObject({ status: 'failed', exitCode: 2 });
      expect(sim.hits.count({ method: 'DELETE' })).toBe(0);
    });
  });

  it('a declined confirmation writes nothing; no terminal and no --yes is a usage error', async () => {
    await withSim({ scenario: 'incident' }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-mitigate-'));
      const asked: string[] = [];
      const declined = await withSession(sim, { stateDir }, (s) =>
        runMitigate(s, input({ apply: true, yes: false, confirm: async (q) => (asked.push(q), false) }), signal),
      );
      expect(declined).toMatchObject({ status: 'declined', exitCode: 1 });
      expect(asked).toEqual([expect.stringMatching(/^Write oauth-model-alias.codex \(1 entries\) to http/)]);
      await expect(
        withSession(sim, { stateDir }, (s) => runMitigate(s, input({ apply: true, yes: false }), signal)),
      ).rejects.toThrow(/confirm on a terminal, or pass --yes/);
      expect(sim.hits.count({ method: 'PATCH' })).toBe(0);
    });
  });

  it('a rejected management key costs one rejected call and writes nothing', async () => {
    await withSim({ scenario: 'incident' }, async (sim) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'provops-mitigate-'));
      for (const apply of [false, true]) {
        sim.hits.reset();
        const report = await withSession(sim, { stateDir, managementKey: 'wrong-management-key' }, (s) =>
          runMitigate(s, input({ apply }), signal),
        );
        expect(report).toMatchObject({ status: 'error', exitCode: 3 });
        expect(sim.hits.count({ credential: 'bad-management' })).toBe(apply ? 0 : 1);
      }
      // The first run remembered the rejection in the state dir: the second sent the key no more.
      expect(sim.hits.count({ method: 'PATCH' })).toBe(0);
    });
  });
});
