// Environment values as cron, systemd and k8s hand them over, and every usage/config error naming
// where the bad value came from: argument, flag, env var, or the provops.yaml key with its line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { keyLine, resolveConfig, type CliFlags } from '../../src/config.js';
import { runCli } from '../helpers/cli.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'provops-sources-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
const resolve = (flags: CliFlags, env: Record<string, string> = {}, cwd = dirWith({}), checkIds?: string[]) =>
  resolveConfig({ flags, env, cwd, registry: checks, checkIds });
const yaml = (text: string) => dirWith({ 'provops.yaml': text });

describe('environment values', () => {
  it('an empty env var is unset', () => {
    const c = resolve({}, { PROVOPS_MANAGEMENT_KEY: '', PROVOPS_API_KEY: '  ', PROVOPS_URL: '' });
    expect([c.managementKey, c.apiKey, c.target.url]).toEqual([undefined, undefined, 'http://localhost:8317']);
  });

  it('trims a key and says where it came from', () => {
    const c = resolve({}, { PROVOPS_MANAGEMENT_KEY: 'mgmt-secret-1\n' });
    expect(c.managementKey).toBe('mgmt-secret-1');
    expect(c.warnings).toEqual([
      'warning: PROVOPS_MANAGEMENT_KEY: the key has surrounding whitespace (a trailing newline?); provops trimmed it',
    ]);
    const file = resolve({}, {}, dirWith({ 'provops.yaml': 'apiKeyFile: api.key\n', 'api.key': 'sk-in-file\n' }));
    expect([file.apiKey, file.warnings]).toEqual(['sk-in-file', []]);
  });

  it.each([
    [
      {},
      { PROVOPS_API_KEY: 'sk-a\u0007b-key' },
      undefined,
      /^PROVOPS_API_KEY: the key holds a control character \(U\+0007\)/,
    ],
    [{ apiKey: 'sk-a\tb-key' }, {}, undefined, /^--api-key: the key holds a control character \(U\+0009\)/],
    [{}, {}, 'url: http://x\napiKey: "sk-a\\nb-key"\n', /provops\.yaml:2: apiKey: the key holds a control character/],
  ])('a control character inside a key is an error naming its source (%#)', (flags, env, file, message) => {
    expect(() => resolve(flags, env, file ? yaml(file) : dirWith({}))).toThrow(message);
  });

  it('a key file with a control character inside names the file', () => {
    const cwd = dirWith({ 'provops.yaml': 'managementKeyFile: m.key\n', 'm.key': 'abc\u0000def\n' });
    expect(() => resolve({}, {}, cwd)).toThrow(
      /provops\.yaml:1: managementKeyFile \(.*m\.key\): the key holds a control/,
    );
  });
});

describe('errors name their source', () => {
  it.each([
    [{}, {}, undefined, ['helth'], /^check <ids>: unknown check "helth" \(did you mean "health"\?\)/],
    [{ only: 'helth' }, {}, undefined, undefined, /^--only: unknown check "helth"/],
    [{}, {}, 'only: [helth]\n', undefined, /provops\.yaml:1: only: unknown check "helth"/],
    [{}, { PROVOPS_URL: 'ftp://gw' }, undefined, undefined, /^PROVOPS_URL: expected an http:\/\/ or https:\/\/ URL/],
    [{}, {}, 'name: x\nfailOn: never\n', undefined, /provops\.yaml:2: failOn: "never" is not one of warn, fail, error/],
    [{}, {}, 'format: xml\n', undefined, /provops\.yaml:1: format: "xml" is not one of table, json/],
    [{}, {}, 'logTimezone: Mars/Base\n', undefined, /provops\.yaml:1: logTimezone: unknown time zone "Mars\/Base"/],
    [{ logTimezone: 'Mars/Base' }, {}, undefined, undefined, /^--log-timezone: unknown time zone/],
    [{ config: 'nope.yaml' }, {}, undefined, undefined, /^--config: config file not found/],
    [{}, { PROVOPS_API_KEY: 'ab' }, undefined, undefined, /^PROVOPS_API_KEY: the key is shorter than 4 characters/],
    [{}, { PROVOPS_CONFIG: 'nope.yaml' }, undefined, undefined, /^PROVOPS_CONFIG: config file not found/],
    [
      {},
      {},
      'checks:\n  health:\n    warnLatencyMs: fast\n',
      undefined,
      /provops\.yaml:3: checks\.health\.warnLatencyMs: expected a number/,
    ],
  ])('%j %j %j %j', (flags, env, file, ids, message) => {
    expect(() => resolve(flags, env, file ? yaml(file) : dirWith({}), ids)).toThrow(message);
  });
});

describe('URLs', () => {
  it('suggests http:// when the scheme is missing', () => {
    expect(() => resolve({ url: 'localhost:8317' })).toThrow(
      '--url: "localhost:8317" has no scheme; did you mean "http://localhost:8317"? (https:// for TLS)',
    );
    expect(() => resolve({}, { PROVOPS_URL: 'gw.internal' })).toThrow(/^PROVOPS_URL: "gw.internal" has no scheme/);
  });

  it('refuses a query or a fragment', () => {
    expect(() => resolve({ url: 'http://gw:8317/?x=1' })).toThrow(
      /--url: "http:\/\/gw:8317\/\?x=1" has a query \(\?…\); give the gateway's base URL only, e.g. http:\/\/gw:8317$/,
    );
    expect(() => resolve({}, {}, yaml('\nurl: http://gw:8317/base#top\n'))).toThrow(
      /provops\.yaml:2: url: .* has a fragment \(#…\)/,
    );
  });
});

describe('provops.yaml', () => {
  it('$VAR without braces is an error suggesting ${VAR}; $$ is a literal $', () => {
    expect(() => resolve({}, { GW_KEY: 'sk-123456' }, yaml('url: http://x\napiKey: $GW_KEY\n'))).toThrow(
      /provops\.yaml:2: apiKey has \$GW_KEY, which provops\.yaml does not expand: write \$\{GW_KEY\}/,
    );
    expect(resolve({}, {}, yaml('apiKey: sk-$$abc\n')).apiKey).toBe('sk-$abc');
    expect(() => resolve({}, { GW_KEY: '' }, yaml('apiKey: ${GW_KEY}\n'))).toThrow(/\$\{GW_KEY\}, which is not set/);
  });

  it('contradictory thresholds are a config error naming the line', () => {
    const file = 'checks:\n  provider-metrics: { warnSuccessRate: 0.95, failSuccessRate: 0.99 }\n';
    expect(() => resolve({}, {}, yaml(file))).toThrow(
      /provops\.yaml:2: checks\.provider-metrics: failSuccessRate 0\.99 is above warnSuccessRate 0\.95, so one level can never be reached .*swap them\?/,
    );
    expect(() => resolve({}, {}, yaml('checks:\n  kiro-quota:\n    warnUsagePct: 99\n'))).toThrow(
      /checks\.kiro-quota: warnUsagePct 99 is above failUsagePct 95/,
    );
    expect(
      resolve({}, {}, yaml('checks:\n  kiro-quota: { warnUsagePct: 90, failUsagePct: 99 }\n')).checkOptions[
        'kiro-quota'
      ],
    ).toMatchObject({ warnUsagePct: 90 });
  });

  it('finds the line of a key, block or flow style', () => {
    const text = 'url: http://x\nchecks:\n  health:\n    warnLatencyMs: 5\n  log-scan: { minEvents: 3 }\n';
    expect(keyLine(text, ['url'])).toBe(1);
    expect(keyLine(text, ['checks', 'health', 'warnLatencyMs'])).toBe(4);
    expect(keyLine(text, ['checks', 'log-scan', 'minEvents'])).toBe(5);
    expect(keyLine(text, ['nope'])).toBeUndefined();
  });
});

describe('the CLI', () => {
  it('argument-parser errors use the one-line provops: form', async () => {
    for (const args of [['daily', '--bogus'], ['daily', '--timeout', 'soon'], ['nonsense']]) {
      const r = await runCli(args);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^provops: [^\n]+\n$/);
    }
    expect((await runCli(['daily', '--apikey=sk-secret-value'])).stderr).not.toContain('sk-secret-value');
  });

  it('a key with a trailing newline works, with a warning naming the env var', async () => {
    const r = await runCli(['check', 'health', '--url', 'http://127.0.0.1:1', '--no-state'], {
      env: { PROVOPS_MANAGEMENT_KEY: 'mgmt-secret-1\n', PROVOPS_API_KEY: '' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/warning: PROVOPS_MANAGEMENT_KEY: the key has surrounding whitespace/);
    expect(r.stdout).not.toMatch(/invalid URL/);
  });
});
