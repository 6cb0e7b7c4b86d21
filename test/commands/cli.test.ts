// The runbook commands through the built CLI (`npm test` builds first): help with examples, JSON on
// stdout, exit codes, usage errors in one line, live lines when piped, and no key in any output.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { NOW } from './helpers.js';

const sims: RunningSimulator[] = [];
async function sim(scenario: string, pinned = true) {
  const s = await startSimulator({ scenario, ...(pinned ? { now: NOW } : {}) });
  sims.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

const envFor = (s: RunningSimulator) => ({
  PROVOPS_URL: s.url,
  PROVOPS_API_KEY: s.keys.apiKey,
  PROVOPS_MANAGEMENT_KEY: s.keys.managementKey,
});
const noKeys = (s: RunningSimulator, text: string) => {
  expect(text).not.toContain(s.keys.apiKey);
  expect(text).not.toContain(s.keys.managementKey);
};

describe('help', () => {
  it.each(['triage', 'mitigate', 'onboard', 'watch'])('provops %s --help has examples', async (cmd) => {
    const { code, stdout } = await runCli([cmd, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Examples/);
    expect(stdout).toContain(`provops ${cmd}`);
  });
});

describe('triage', () => {
  let incident: RunningSimulator;
  beforeAll(async () => {
    incident = await sim('incident');
  });

  it('JSON on stdout, its exitCode is the process exit code', async () => {
    const r = await runCli(
      ['triage', '502', '--model', 'gemini-claude-opus-4-6-thinking', '--now', NOW, '--no-state', '--format', 'json'],
      {
        env: envFor(incident),
      },
    );
    const report = JSON.parse(r.stdout) as { exitCode: number; symptom: string; findings: unknown[] };
    expect(r.code).toBe(2);
    expect(report).toMatchObject({ exitCode: 2, symptom: '502' });
    noKeys(incident, r.stdout + r.stderr);
  });

  it('usage errors are one line and exit 3', async () => {
    const unknown = await runCli(['triage', 'meltdown', '--no-state'], { env: envFor(incident) });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^provops: unknown symptom "meltdown"; valid: 401, 403, 429/);
    const noModel = await runCli(['triage', '502', '--no-state'], { env: envFor(incident) });
    expect(noModel.code).toBe(3);
    expect(noModel.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('mitigate', () => {
  it('--apply piped without --yes refuses; --apply --yes then --revert --yes restore the channel', async () => {
    const s = await sim('incident');
    const stateDir = mkdtempSync(join(tmpdir(), 'provops-cli-mitigate-'));
    const base = ['mitigate', 'spark-fallback', '--state-dir', stateDir];
    const refused = await runCli([...base, '--apply'], { env: envFor(s) });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/confirm on a terminal, or pass --yes/);
    expect((await runCli([...base, '--apply', '--yes'], { env: envFor(s) })).code).toBe(0);
    const reverted = await runCli([...base, '--revert', '--yes', '--format', 'json'], { env: envFor(s) });
    expect(reverted.code).toBe(0);
    expect(JSON.parse(reverted.stdout)).toMatchObject({ status: 'reverted', after: null });
    expect(s.hits.count({ method: 'PATCH' })).toBe(1);
    expect(s.hits.count({ method: 'DELETE' })).toBe(1);
  });

  it('daily with spark-error-ratio at fail names the mitigate command as its next step', async () => {
    const s = await sim('spark-errors');
    const r = await runCli(['check', 'spark-error-ratio', '--now', NOW, '--no-state', '--format', 'json'], {
      env: envFor(s),
    });
    const result = (JSON.parse(r.stdout) as { targets: Array<{ results: Array<{ status: string; hint: string }> }> })
      .targets[0]?.results[0];
    expect(result?.status).toBe('fail');
    expect(result?.hint).toMatch(/`provops mitigate spark-fallback` shows the write, `--apply` makes it/);
  });
});

describe('onboard and watch', () => {
  it('onboard: a missing id exits 2 with its cause', async () => {
    const s = await sim('onboarding');
    const r = await runCli(
      ['onboard', '--prefix', 'nim', '--expect', 'kimi-k2-instruct,deepseek-r1', '--watch', '0', '--no-state'],
      {
        env: envFor(s),
      },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/fail {2}nim\/deepseek-r1: provider block "nim" \(prefix nim\) does not list deepseek-r1/);
    noKeys(s, r.stdout + r.stderr);
  });

  it('onboard --watch piped: one line per poll, then the report', async () => {
    const s = await sim('onboarding', false);
    const r = await runCli(
      ['onboard', '--prefix', 'nim', '--expect', 'kimi-k2-instruct', '--watch', '2s', '--interval', '1s', '--no-state'],
      {
        env: envFor(s),
      },
    );
    const polls = r.stdout.split('\n').filter((l) => l.startsWith('watch '));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toMatch(/^watch: skip: only \d+ request\(s\) through nim\//m);
    expect(r.code).toBe(0);
  });

  it('onboard refuses --now with a watch', async () => {
    const s = await sim('onboarding');
    const r = await runCli(['onboard', '--prefix', 'nim', '--expect', 'x', '--now', NOW, '--no-state'], {
      env: envFor(s),
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--now pins the clock/);
  });

  it('watch --format json: one object per run, then the report', async () => {
    const s = await sim('healthy', false);
    const r = await runCli(
      ['watch', '--only', 'health', '--for', '1s', '--interval', '1s', '--no-state', '--format', 'json'],
      {
        env: envFor(s),
      },
    );
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toHaveProperty('sample.run', 1);
    expect(lines.at(-1)).toMatchObject({ command: 'watch', status: 'pass', exitCode: 0 });
    expect(r.code).toBe(0);
  });
});
