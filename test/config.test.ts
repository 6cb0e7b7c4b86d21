import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { resolveConfig, type CliFlags } from '../src/config.js';
import { ConfigError, UsageError } from '../src/errors.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'provops-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function resolve(flags: CliFlags, env: Record<string, string> = {}, cwd = dirWith({}), checkIds?: string[]) {
  return resolveConfig({ flags, env, cwd, registry: checks, checkIds });
}

describe('resolveConfig', () => {
  it('uses the defaults when nothing is given', () => {
    const c = resolve({}, { XDG_STATE_HOME: '/var/state' });
    expect(c.target).toEqual({ name: 'default', url: 'http://localhost:8317' });
    expect([c.format, c.failOn, c.timeoutMs, c.deadlineMs, c.concurrency]).toEqual([
      'table',
      'warn',
      10_000,
      60_000,
      4,
    ]);
    expect(c.stateDir).toBe('/var/state/provops');
    expect(c.checks.map((x) => x.id)).toEqual(checks.map((x) => x.id));
    expect(c.apiKey).toBeUndefined();
  });

  it('lets flags win over the environment and the environment over the file', () => {
    const cwd = dirWith({ 'provops.yaml': 'url: http://file:1\ntimeoutMs: 111\nformat: json\n' });
    expect(resolve({}, {}, cwd).target.url).toBe('http://file:1');
    expect(resolve({}, { PROVOPS_URL: 'http://env:2' }, cwd).target.url).toBe('http://env:2');
    expect(resolve({ url: 'http://flag:3' }, { PROVOPS_URL: 'http://env:2' }, cwd).target.url).toBe('http://flag:3');
    expect(resolve({ timeout: 5 }, {}, cwd).timeoutMs).toBe(5);
    expect(resolve({}, {}, cwd).timeoutMs).toBe(111);
    expect(resolve({ format: 'table' }, {}, cwd).format).toBe('table');
  });

  it('takes keys from flags, then env, then the file, and warns about keys on argv', () => {
    const cwd = dirWith({ 'provops.yaml': 'apiKey: file-key-1\nmanagementKey: file-mgmt-1\n' });
    const fromFile = resolve({}, {}, cwd);
    expect([fromFile.apiKey, fromFile.managementKey]).toEqual(['file-key-1', 'file-mgmt-1']);
    expect(fromFile.warnings).toEqual([]);
    const fromEnv = resolve({}, { PROVOPS_API_KEY: 'env-key-1' }, cwd);
    expect(fromEnv.apiKey).toBe('env-key-1');
    const fromFlag = resolve(
      { apiKey: 'flag-key-1', managementKey: 'flag-mgmt-1' },
      { PROVOPS_API_KEY: 'env-key-1' },
      cwd,
    );
    expect(fromFlag.apiKey).toBe('flag-key-1');
    expect(fromFlag.warnings.join('\n')).toMatch(/--api-key puts the key on the command line[\s\S]*--management-key/);
    expect(fromFlag.secrets).toEqual(expect.arrayContaining(['flag-key-1', 'flag-mgmt-1']));
  });

  it('interpolates ${VAR} and refuses an unset one', () => {
    const cwd = dirWith({ 'provops.yaml': 'apiKey: ${GW_KEY}\nurl: http://${GW_HOST}:8317\n' });
    const c = resolve({}, { GW_KEY: 'sk-from-env', GW_HOST: 'gw.internal' }, cwd);
    expect([c.apiKey, c.target.url]).toEqual(['sk-from-env', 'http://gw.internal:8317']);
    expect(() => resolve({}, { GW_HOST: 'x' }, cwd)).toThrow(/apiKey uses \$\{GW_KEY\}, which is not set/);
  });

  it('reads key files relative to the config file, trimmed', () => {
    const cwd = dirWith({
      'provops.yaml': 'apiKeyFile: api.key\nmanagementKeyFile: ./mgmt.key\n',
      'api.key': 'sk-in-file\n',
      'mgmt.key': '  m-in-file \n',
    });
    const c = resolve({}, {}, cwd);
    expect([c.apiKey, c.managementKey]).toEqual(['sk-in-file', 'm-in-file']);
  });

  it('explains a missing key file without quoting anything secret', () => {
    const cwd = dirWith({ 'provops.yaml': 'apiKeyFile: nope.key\n' });
    expect(() => resolve({}, {}, cwd)).toThrow(/apiKeyFile: cannot read .*nope\.key \(ENOENT\)/);
  });

  it('refuses keys too short to redact', () => {
    expect(() => resolve({}, { PROVOPS_API_KEY: 'ab' })).toThrow(ConfigError);
  });

  it('reports malformed YAML with the line and what to do', () => {
    const cwd = dirWith({ 'provops.yaml': 'url: http://x\n  bad: : indent\n' });
    expect(() => resolve({}, {}, cwd)).toThrow(/provops\.yaml:2:\d+: .*\(fix the YAML and run again\)/);
  });

  it('rejects unknown settings, unknown checks and bad thresholds, suggesting the near miss', () => {
    expect(() => resolve({}, {}, dirWith({ 'provops.yaml': 'timeout: 5\n' }))).toThrow(
      /unknown setting "timeout".*did you mean "timeoutMs"/,
    );
    expect(() => resolve({}, {}, dirWith({ 'provops.yaml': 'checks:\n  helth: {}\n' }))).toThrow(
      /unknown check "helth" \(did you mean "health"\?\)/,
    );
    expect(() => resolve({}, {}, dirWith({ 'provops.yaml': 'checks:\n  health:\n    warnLatencyMs: fast\n' }))).toThrow(
      /checks\.health\.warnLatencyMs: expected a number, got "fast"/,
    );
    expect(() => resolve({}, {}, dirWith({ 'provops.yaml': 'checks:\n  health:\n    latency: 5\n' }))).toThrow(
      /unknown threshold "latency"/,
    );
    expect(() => resolve({}, {}, dirWith({ 'provops.yaml': '- a\n- b\n' }))).toThrow(/expected a mapping/);
  });

  it('applies per-check thresholds over the defaults', () => {
    const c = resolve(
      {},
      {},
      dirWith({
        'provops.yaml': 'checks:\n  health:\n    warnLatencyMs: 250\n  model-inventory:\n    warnBelowModels: 10\n',
      }),
    );
    expect(c.checkOptions.health).toEqual({ warnLatencyMs: 250 });
    expect(c.checkOptions['model-inventory']).toEqual({ minModels: 1, warnBelowModels: 10 });
  });

  it('selects checks with --only/--skip and check ids, and names the valid ids on a typo', () => {
    expect(resolve({ only: 'health' }).checks.map((c) => c.id)).toEqual(['health']);
    expect(resolve({ skip: 'health' }).checks.map((c) => c.id)).not.toContain('health');
    expect(resolve({}, {}, undefined, ['model-inventory']).checks.map((c) => c.id)).toEqual(['model-inventory']);
    expect(() => resolve({ only: 'health,nope' })).toThrow(UsageError);
    expect(() => resolve({ only: 'nope' })).toThrow(/--only: unknown check "nope"; valid ids: health, model-inventory/);
    expect(() => resolve({ only: 'health', skip: 'health' })).toThrow(/no checks left/);
  });

  it('rejects a bad URL, a bad --now and an unknown log zone', () => {
    expect(() => resolve({ url: 'localhost:8317' })).toThrow(
      /--url: "localhost:8317" has no scheme; did you mean "http:\/\/localhost:8317"\?/,
    );
    expect(() => resolve({ url: 'http://not a url' })).toThrow(/is not a URL/);
    expect(() => resolve({ now: 'yesterday' })).toThrow(/--now: "yesterday" is not an ISO-8601 instant/);
    expect(() => resolve({ logTimezone: 'Mars/Olympus' })).toThrow(/unknown time zone/);
    expect(resolve({ now: '2026-11-26T08:00:00Z' }).now?.toISOString()).toBe('2026-11-26T08:00:00.000Z');
  });

  it('keeps a password in the URL out of the printed target and adds it to the secrets', () => {
    const c = resolve({ url: 'https://ops:s3cret-pw@gw.example:8317' });
    expect(c.target.url).toBe('https://gw.example:8317');
    expect(c.secrets).toContain('s3cret-pw');
  });

  it('checks the --output directory before the run', () => {
    expect(() => resolve({ output: '/nonexistent-dir/report.json' })).toThrow(
      '--output: the directory /nonexistent-dir does not exist',
    );
    const cwd = dirWith({});
    expect(resolve({ output: 'report.json' }, {}, cwd).output).toBe(join(cwd, 'report.json'));
  });

  it('--no-state turns state off; --config must exist', () => {
    expect(resolve({ state: false }).stateDir).toBeUndefined();
    expect(() => resolve({ config: '/nonexistent/provops.yaml' })).toThrow(/config file not found/);
  });
});
