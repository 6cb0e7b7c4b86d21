// provops.yaml `targets:`: names safe for files and labels, per-target keys and thresholds over the
// top-level defaults, --target selection, and the environment's keys kept out of a fleet.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import type { CliFlags } from '../../src/config.js';
import { resolveFleetConfig } from '../../src/config/targets.js';
import { ConfigError, UsageError } from '../../src/errors.js';

function withYaml(yaml: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'provops-targets-'));
  writeFileSync(join(dir, 'provops.yaml'), yaml);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const resolve = (cwd: string, flags: CliFlags = {}, env: Record<string, string> = {}) =>
  resolveFleetConfig({ flags: { state: false, ...flags }, env, cwd, registry: checks });

const FLEET = `
checks:
  kiro-quota: { warnUsagePct: 75, failUsagePct: 90 }
managementKeyFile: shared.key
targets:
  - name: prod-eu
    url: https://gw-eu.internal:8317
    apiKey: \${EU_API_KEY}
    managementKeyFile: eu.key
    logFiles: [logs/eu.log]
    checks: { kiro-quota: { warnUsagePct: 70 } }
  - name: prod-us
    url: https://gw-us.internal:8317/
    skip: [log-scan]
`;
const FILES = { 'eu.key': 'mgmt-eu-key-1234\n', 'shared.key': 'mgmt-shared-key-5678\n' };
const ENV = { EU_API_KEY: 'sk-eu-api-key-0001' };

describe('targets in provops.yaml', () => {
  it('resolves each target over the top-level defaults', () => {
    const dir = withYaml(FLEET, FILES);
    const c = resolve(dir, {}, ENV);
    expect(c.fleet).toBe(true);
    expect(c.targetConcurrency).toBe(16);
    const [eu, us] = c.targets;
    expect(eu?.target).toEqual({ name: 'prod-eu', url: 'https://gw-eu.internal:8317' });
    expect(us?.target).toEqual({ name: 'prod-us', url: 'https://gw-us.internal:8317' });
    expect([eu?.apiKey, eu?.managementKey]).toEqual(['sk-eu-api-key-0001', 'mgmt-eu-key-1234']);
    expect([us?.apiKey, us?.managementKey]).toEqual([undefined, 'mgmt-shared-key-5678']);
    expect(eu?.checkOptions['kiro-quota']).toMatchObject({ warnUsagePct: 70, failUsagePct: 90 });
    expect(us?.checkOptions['kiro-quota']).toMatchObject({ warnUsagePct: 75, failUsagePct: 90 });
    expect(eu?.inputs.logFiles).toEqual([join(dir, 'logs/eu.log')]);
    expect(us?.inputs.logFiles).toEqual([]);
    expect(eu?.checks.map((x) => x.id)).toContain('log-scan');
    expect(us?.checks.map((x) => x.id)).not.toContain('log-scan');
    expect(c.secrets).toEqual(
      expect.arrayContaining(['sk-eu-api-key-0001', 'mgmt-eu-key-1234', 'mgmt-shared-key-5678']),
    );
  });

  it('--target picks targets by name and names the near miss of an unknown one', () => {
    const dir = withYaml(FLEET, FILES);
    expect(resolve(dir, { target: 'prod-us' }, ENV).targets.map((t) => t.target.name)).toEqual(['prod-us']);
    expect(() => resolve(dir, { target: 'prod-uss' }, ENV)).toThrow(
      new UsageError(
        '--target: unknown target "prod-uss" (did you mean "prod-us"?); provops.yaml lists prod-eu, prod-us',
      ),
    );
  });

  it('--url (or PROVOPS_URL) means one gateway, with the environment keys, and excludes --target', () => {
    const dir = withYaml(FLEET, FILES);
    const one = resolve(dir, { url: 'http://other:1' }, { ...ENV, PROVOPS_API_KEY: 'sk-env-key-99' });
    expect(one.fleet).toBe(false);
    expect(one.targets.map((t) => [t.target.url, t.apiKey])).toEqual([['http://other:1', 'sk-env-key-99']]);
    expect(resolve(dir, {}, { ...ENV, PROVOPS_URL: 'http://env:2' }).targets).toHaveLength(1);
    expect(() => resolve(dir, { url: 'http://other:1', target: 'prod-eu' }, ENV)).toThrow(UsageError);
    expect(() => resolve(withYaml('url: http://x:1\n'), { target: 'a' })).toThrow(/lists none/);
  });

  it('refuses the environment keys in a fleet: they would go to every gateway', () => {
    const dir = withYaml(FLEET, FILES);
    expect(() => resolve(dir, {}, { ...ENV, PROVOPS_MANAGEMENT_KEY: 'mgmt-env-1234' })).toThrow(
      /^PROVOPS_MANAGEMENT_KEY is set, but provops.yaml lists targets: keys are per target there/,
    );
    expect(() => resolve(dir, { apiKey: 'sk-flag-key-1' }, ENV)).toThrow(/^--api-key is set/);
  });

  it('refuses --log-file for several targets (one gateway’s log judged for another is a wrong verdict)', () => {
    const dir = withYaml(FLEET, FILES);
    expect(() => resolve(dir, { logFile: ['x.log'] }, ENV)).toThrow(/--log-file names one gateway's log/);
    expect(resolve(dir, { logFile: ['x.log'], target: 'prod-us' }, ENV).targets[0]?.inputs.logFiles).toEqual([
      join(dir, 'x.log'),
    ]);
  });

  it.each([
    ['targets: []\n', /targets: expected a list of targets/],
    ['targets: [{ url: "http://a:1" }]\n', /targets\[0\]\.name: every target needs a name/],
    ['targets: [{ name: a }]\n', /targets\[0\]\.url: target "a" needs a url/],
    ['targets: [{ name: "eu/1", url: "http://a:1" }]\n', /targets\[0\]\.name: "eu\/1" must be 1-64 letters/],
    ['targets: [{ name: "a b", url: "http://a:1" }]\n', /must be 1-64 letters/],
    ['targets: [{ name: a, url: "ftp://a" }]\n', /targets\[0\]\.url: expected an http/],
    [
      'targets: [{ name: a, url: "http://a:1" }, { name: a, url: "http://b:1" }]\n',
      /targets\[1\]\.name: "a" is used by an earlier target/,
    ],
    ['targets: [{ name: a, url: "http://a:1", apikey: x }]\n', /unknown setting "apikey" \(did you mean "apiKey"\?\)/],
    [
      'targets: [{ name: a, url: "http://a:1", checks: { kiro-quota: { warnPct: 1 } } }]\n',
      /targets\[0\]\.checks\.kiro-quota: unknown threshold "warnPct"/,
    ],
    [
      'url: http://x:1\ntargets: [{ name: a, url: "http://a:1" }]\n',
      /url: with targets:, give each target its own url/,
    ],
    ['targets: [{ name: a, url: "http://a:1", apiKey: abc }]\n', /targets\[0\]: the API key is shorter than/],
    ['targets: [{ name: a, url: "http://a:1", logTimezone: Mars/Olympus }]\n', /targets\[0\]\.logTimezone/],
  ])('rejects %j with one line that says what to fix', (yaml, message) => {
    let err: unknown;
    try {
      resolve(withYaml(yaml));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });
});
