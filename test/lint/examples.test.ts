// The example configs the references describe lint as they deserve, and the v8 layout reads like the flat one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLayout, parseGatewayVersion } from '../../src/lint/layout.js';
import { parseConfigText } from '../../src/lint/load.js';
import { lint, markedLines } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const summary = (yaml: string) => lint(yaml).map((f) => `${f.severity} ${f.rule} ${f.line}`);

describe('pristine examples', () => {
  it('the cliproxyapi++ example (gateway-api.md §9.1) has nothing above info', () => {
    // Deserved infos: one key each for claude, codex, gemini, minimax and roo; the thinking bridge without fork.
    expect(summary(fixture('fork-example.yaml'))).toEqual([
      'info single-credential 24',
      'info single-credential 28',
      'info single-credential 32',
      'info single-credential 53',
      'info single-credential 57',
      'info antigravity-thinking-alias 60',
    ]);
  });

  it('the upstream example has only what it deserves: template client keys, no log file, no usage statistics', () => {
    expect(summary(fixture('upstream-example.yaml'))).toEqual([
      'error no-client-api-keys 16',
      'warn logging-to-file-off 24',
      'warn usage-statistics-off 27',
    ]);
  });

  it('a v8 file with client keys, groups and the bridge has no finding', () => {
    expect(lint(fixture('v8-example.yaml'))).toEqual([]);
  });
});

describe('layout', () => {
  const layoutOf = (yaml: string, pin?: string) =>
    detectLayout(parseConfigText(yaml, 'c.yaml').root, pin ? parseGatewayVersion(pin) : undefined);

  it('is detected and says why', () => {
    expect(layoutOf(fixture('fork-example.yaml'))).toMatchObject({ name: 'flat', dialect: 'plus' });
    expect(layoutOf(fixture('upstream-example.yaml'))).toMatchObject({ name: 'flat', dialect: 'any' });
    expect(layoutOf(fixture('v8-example.yaml'))).toMatchObject({ name: 'v8', reason: 'config-version is set' });
    expect(layoutOf('api-keys:\n  codex: []\n')).toMatchObject({
      name: 'v8',
      reason: 'api-keys is a map of provider groups',
    });
    expect(layoutOf('observability: {}\n').reason).toMatch(/`observability` is a v8 section/);
  });

  it('is pinned by --gateway-version', () => {
    expect(layoutOf('debug: false\n', '8.0.23')).toMatchObject({ name: 'v8', dialect: 'upstream' });
    expect(layoutOf('config-version: 8\n', '6.8.60-0')).toMatchObject({ name: 'flat', dialect: 'plus' });
    expect(parseGatewayVersion('plus')).toMatchObject({ layout: 'flat', dialect: 'plus' });
    expect(parseGatewayVersion('banana')).toBeUndefined();
    expect(parseGatewayVersion('5.0')).toBeUndefined();
  });
});

describe('the v8 layout', () => {
  const V8 = `config-version: 8
access: { api-keys: ["sk-client-v8-alpha"] }
observability:
  logs: { logging-to-file: true }
  usage: { usage-statistics-enabled: true }
`;
  const rule = (yaml: string, id: string) => lint(yaml).filter((f) => f.rule === id);

  it('reads switches at their v8 paths', () => {
    const yaml = `${V8.replace('logs: {', 'logs: { debug: true, # <-\n   ')}`;
    const f = rule(yaml, 'debug-logging');
    expect(f.map((x) => [x.line, x.path])).toEqual([[markedLines(yaml)[0], 'observability.logs.debug']]);
  });

  it('lets the v8 spelling win over the legacy one in a mixed file', () => {
    expect(rule(`${V8}debug: true\nrouting: { force-model-prefix: false }\n`, 'debug-logging')).toHaveLength(1);
    const mixed = V8.replace('logs: {', 'logs: { debug: false,');
    expect(rule(`${mixed}debug: true\n`, 'debug-logging')).toEqual([]);
  });

  it('reads api-keys groups: base-url, keys and unknown group fields', () => {
    const yaml = `${V8}api-keys:
  codex:
    - name: codex-1 # <-
      keys: [{ api-key: sk-proj-v8-0001 }, { api-key: sk-proj-v8-0002 }]
  claude:
    - name: claude-1
      base_url: https://api.anthropic.com # <-
      keys: [{ api-key: sk-ant-v8-0001 }, { api-key: sk-ant-v8-0002 }]
`;
    const [codexLine, typoLine] = markedLines(yaml);
    expect(rule(yaml, 'missing-base-url').map((f) => [f.line, f.message])).toEqual([
      [codexLine, expect.stringMatching(/^api-keys\.codex "codex-1" has no base-url/)],
    ]);
    expect(rule(yaml, 'unknown-key').map((f) => [f.line, f.path])).toEqual([[typoLine, 'api-keys.claude[0].base_url']]);
    expect(rule(yaml, 'single-credential')).toEqual([]);
  });

  it('finds client keys under access.api-keys', () => {
    const yaml = V8.replace('["sk-client-v8-alpha"]', '[]');
    expect(rule(yaml, 'no-client-api-keys').map((f) => [f.line, f.path])).toEqual([[2, 'access.api-keys']]);
  });
});

describe('client keys in a v8 file without access', () => {
  it('are asked for at access.api-keys', () => {
    const f = lint('config-version: 8\napi-keys:\n  codex: []\n').filter((x) => x.rule === 'no-client-api-keys');
    expect(f.map((x) => [x.path, x.severity])).toEqual([['access.api-keys', 'error']]);
  });
});
