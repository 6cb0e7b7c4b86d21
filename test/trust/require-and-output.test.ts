// Skips no longer read as green without a word: required checks that skip fail, and checks not run
// for lack of configuration are listed in one closing line. --output is private and `-` is stdout.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { runAgainst } from '../helpers/run.js';

const NOW = '2026-11-26T12:00:00Z';
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ now: NOW });
});
afterAll(async () => sim.close());

const base = () => ['--url', sim.url, '--now', NOW, '--no-state'];
const apiOnly = () => ({ PROVOPS_API_KEY: sim.keys.apiKey });

describe('require', () => {
  it('--require log-scan without a log source exits 2, with the skip reason', async () => {
    const r = await runCli(['check', 'log-scan', ...base(), '--require', 'log-scan', '--format', 'json'], {
      env: apiOnly(),
    });
    expect(r.code).toBe(2);
    const result = JSON.parse(r.stdout).targets[0].results[0];
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/^required, but not checked: no log file given and no management key/);
    expect(result.hint).toMatch(/Set PROVOPS_MANAGEMENT_KEY or --log-file so that it runs/);
  });

  it('require: all in provops.yaml fails every skipped check; without it the run exits 0 but says what was not checked', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'provops-require-'));
    const plain = await runCli(['daily', ...base()], { env: apiOnly(), cwd });
    expect(plain.code).toBe(0);
    const closing = plain.stdout.trim().split('\n').at(-2);
    expect(closing).toBe(
      'not checked: log-scan, quota-pressure — set PROVOPS_MANAGEMENT_KEY or --log-file; kiro-quota, spark-error-ratio — set PROVOPS_MANAGEMENT_KEY',
    );
    const json = JSON.parse((await runCli(['daily', ...base(), '--format', 'json'], { env: apiOnly(), cwd })).stdout);
    expect(json.targets[0].notChecked).toEqual([
      { ids: ['log-scan', 'quota-pressure'], set: 'PROVOPS_MANAGEMENT_KEY or --log-file' },
      { ids: ['kiro-quota', 'spark-error-ratio'], set: 'PROVOPS_MANAGEMENT_KEY' },
    ]);

    writeFileSync(join(cwd, 'provops.yaml'), 'require: all\n');
    const required = await runCli(['daily', ...base()], { env: apiOnly(), cwd });
    expect(required.code).toBe(2);
    expect(required.stdout).toMatch(/FAIL\s+Kiro quota\s+required, but not checked/);
    expect(required.stdout).not.toMatch(/^not checked: /m);
  });

  it('a skip that means "not served by this gateway version" is not listed as unconfigured', async () => {
    const upstream = await startSimulator({ flavor: 'upstream', now: NOW });
    try {
      const run = await runAgainst(upstream.url, { ...upstream.keys, now: new Date(NOW) });
      expect(run.byId('kiro-quota').status).toBe('skip');
      expect(run.report.targets[0]?.notChecked).toEqual([]);
    } finally {
      await upstream.close();
    }
  });

  it('names the source of a bad --require', async () => {
    const r = await runCli(['check', 'health', ...base(), '--require', 'log-scan']);
    expect(r.stderr).toBe(
      'provops: --require: log-scan is required but left out of this run (--only/--skip/check ids)\n',
    );
    const typo = await runCli(['daily', ...base(), '--require', 'helth']);
    expect(typo.stderr).toMatch(/^provops: --require: unknown check "helth" \(did you mean "health"\?\)/);
  });
});

describe('--output', () => {
  it('leaves the report at 0600, also when overwriting a wider file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provops-output-'));
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old');
    chmodSync(out, 0o644);
    const r = await runCli(['check', 'health', ...base(), '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8')).tool).toBe('provops');
  });

  it('- is stdout', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'provops-output-'));
    const r = await runCli(['check', 'health', ...base(), '--format', 'json', '--output', '-'], { cwd });
    expect(JSON.parse(r.stdout).tool).toBe('provops');
    expect(r.stderr).not.toMatch(/report written/);
  });
});
