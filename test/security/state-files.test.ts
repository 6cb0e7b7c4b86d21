// State files are never damaged: no predictable temp file, no symlink followed, nothing left behind,
// and a rejection one run remembers is never dropped by another run writing at the same time.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { demoRunConfig } from '../../src/commands/demo.js';
import { runDaily } from '../../src/daily.js';
import { readState, rejectionOf, stateFile, writeState, type TargetState } from '../../src/state.js';
import { NOW, withSimulator } from '../simulator/helpers.js';

const target = { name: 'gw', url: 'http://gw:8317' };
const tmp = () => mkdtempSync(join(tmpdir(), 'provops-state-hard-'));
const state = (extra: Partial<TargetState> = {}): TargetState => ({ schemaVersion: 1, target, checks: {}, ...extra });

describe('state files', () => {
  it('a symlink planted at the state path is neither read nor written through; state is off with a warning', () => {
    const dir = tmp();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const file = stateFile(dir, target);
    symlinkSync(victim, file);
    const warnings: string[] = [];
    const read = readState(file, target, (m) => warnings.push(m));
    expect(read.usable).toBe(false);
    expect(warnings[0]).toMatch(/is not a regular file .*state is off for this run/);
    writeState(file, dir, state(), (m) => warnings.push(m));
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('temp files have unpredictable names: a symlink at the old pid-based name is not followed', () => {
    const dir = tmp();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const file = stateFile(dir, target);
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    const warnings: string[] = [];
    writeState(file, dir, state({ checks: { a: { at: 'x', data: 1 } } }), (m) => warnings.push(m));
    expect(warnings).toEqual([]);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(JSON.parse(readFileSync(file, 'utf8')).checks.a.data).toBe(1);
  });

  it('a state path that is a directory is a warning, and no temp file is left behind run after run', async () => {
    const dir = tmp();
    mkdirSync(stateFile(dir, target));
    for (let i = 0; i < 3; i++) {
      const warnings: string[] = [];
      const read = readState(stateFile(dir, target), target, (m) => warnings.push(m));
      expect(read.usable).toBe(false);
      writeState(stateFile(dir, target), dir, state(), () => {});
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
  });

  it('a write merges with what another run wrote since this one read: a rejection is never lost', () => {
    const dir = tmp();
    const file = stateFile(dir, target);
    const rejection = rejectionOf('mgmt-wrong', 401, new Date(NOW));
    // Run B read an empty file, then run A wrote its rejection, then B writes its model list.
    writeState(file, dir, state({ managementRejection: rejection }), () => {});
    writeState(
      file,
      dir,
      { target, merge: (current) => state({ ...current, checks: { m: { at: 'b', data: 2 } } }) },
      () => {},
    );
    const after = readState(file, target, () => {});
    expect(after.managementRejection).toEqual(rejection);
    expect(after.checks.m?.data).toBe(2);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('a run that overlaps one whose key was rejected does not erase the rejection', async () => {
    const faults = [{ route: '/v1/models', kind: 'latency' as const, ms: 400 }];
    await withSimulator({ flavor: 'plus', now: NOW, faults }, async (sim) => {
      const stateDir = tmp();
      const run = (ids: string[], managementKey: string) =>
        runDaily({
          ...demoRunConfig(
            checks.filter((c) => ids.includes(c.id)),
            { url: sim.url, apiKey: sim.keys.apiKey, managementKey },
            new Date(NOW),
            'json',
          ),
          stateDir,
        });
      // Both read the (empty) state at once; the slow one writes its model list after the other wrote the rejection.
      await Promise.all([
        run(['model-inventory'], 'mgmt-wrong-key-overlap'),
        run(['kiro-quota'], 'mgmt-wrong-key-overlap'),
      ]);
      expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(1);
      await run(['kiro-quota'], 'mgmt-wrong-key-overlap');
      expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(1);
      const text = readFileSync(
        join(
          stateDir,
          readdirSync(stateDir).find((n) => n.endsWith('.json'))!,
        ),
        'utf8',
      );
      expect(text).toContain('managementRejection');
      expect(text).toContain('model-inventory');
      expect(text).not.toContain('mgmt-wrong-key-overlap');
    });
  });
});
