// provops's own API key is provops's problem: a 401/403 to it is `error` (exit 3, also under
// --fail-on error) with a hint naming where the key comes from, never the gateway's 401/403 playbook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ now: '2026-11-26T12:00:00Z' });
});
afterAll(async () => sim.close());

const NOW = ['--now', '2026-11-26T12:00:00Z', '--no-state'];

describe('own credentials', () => {
  it('a wrong API key is error, exit 3, and --fail-on error still exits 3', async () => {
    const env = { PROVOPS_API_KEY: 'sk-wrong-key-123', PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey };
    const run = await runCli(['check', 'model-inventory', '--url', sim.url, ...NOW, '--format', 'json'], { env });
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout).targets[0].results[0];
    expect(result).toMatchObject({ id: 'model-inventory', status: 'error' });
    expect(result.summary).toMatch(/401 "Invalid API key": the gateway rejected provops's API key/);
    expect(result.hint).toMatch(/PROVOPS_API_KEY \(or apiKey\/apiKeyFile in provops.yaml\)/);
    expect(result.hint).not.toMatch(/Repeated 401\/403/);
    expect(run.stdout).not.toContain('sk-wrong-key-123');

    const failOnError = await runCli(['daily', '--url', sim.url, ...NOW, '--fail-on', 'error'], { env });
    expect(failOnError.code).toBe(3);
    expect(failOnError.stdout).toMatch(/ERROR\s+Model inventory/);
  });

  it('no API key against a gateway that requires one says so', async () => {
    const run = await runCli(['check', 'model-inventory', '--url', sim.url, ...NOW, '--format', 'json']);
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout).targets[0].results[0];
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/the gateway requires a client key, and none was given/);
    expect(result.hint).toMatch(/Set PROVOPS_API_KEY/);
  });
});
