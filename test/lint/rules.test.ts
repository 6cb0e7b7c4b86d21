// One case per rule (more where a rule has several outcomes): the finding, its severity and its line.
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/lint/rules/index.js';
import { CLEAN, lint, markedLines, type LintCase } from './helpers.js';

interface Case extends LintCase {
  name: string;
  rule: string;
  severity: 'error' | 'warn' | 'info';
  yaml: string;
  message?: RegExp;
  /** YAML replaces the clean baseline instead of following it. */
  alone?: boolean;
}

const CASES: Case[] = [
  {
    name: 'a misspelt top-level key, with did-you-mean',
    rule: 'unknown-key',
    severity: 'warn',
    yaml: 'force-model-prefx: true # <-\n',
    message: /does not know `force-model-prefx` and ignores it \(did you mean "force-model-prefix"\?\)/,
  },
  {
    name: 'a misspelt key inside an openai-compatibility block',
    rule: 'unknown-key',
    severity: 'warn',
    yaml: `openai-compatibility:
  - name: or
    base_url: https://openrouter.ai/api/v1 # <-
    models: [{ name: a, alias: b }]
`,
    message: /`base_url`.*did you mean "base-url"/,
  },
  {
    name: 'a cliproxyapi++ key linted for upstream',
    rule: 'unknown-key',
    severity: 'warn',
    gatewayVersion: '7.2.140',
    yaml: 'kiro-preferred-endpoint: ide # <-\n',
    message: /read by cliproxyapi\+\+ only/,
  },
  {
    name: 'oauth-model-mappings',
    rule: 'legacy-key',
    severity: 'error',
    yaml: 'oauth-model-mappings: # <-\n  antigravity: [{ name: a, alias: b }]\n',
    message: /legacy key the gateway silently ignores/,
  },
  {
    name: 'openai-compatibility[].api-keys',
    rule: 'legacy-key',
    severity: 'error',
    yaml: `openai-compatibility:
  - name: or
    base-url: https://openrouter.ai/api/v1
    api-keys: ["sk-or-legacy-0001"] # <-
    models: [{ name: a, alias: b }]
`,
  },
  {
    name: 'a codex key without base-url',
    rule: 'missing-base-url',
    severity: 'error',
    yaml: 'codex-api-key:\n  - api-key: sk-proj-0001 # <-\n',
    message: /codex-api-key\[0\] has no base-url: the gateway drops this entry/,
  },
  {
    name: 'a compat block without base-url',
    rule: 'missing-base-url',
    severity: 'error',
    yaml: 'openai-compatibility:\n  - name: deepseek # <-\n    models: [{ name: deepseek-chat }]\n',
  },
  {
    name: 'a compat block without models',
    rule: 'compat-without-models',
    severity: 'warn',
    yaml: 'openai-compatibility:\n  - name: or # <-\n    base-url: https://openrouter.ai/api/v1\n',
    message: /registers no model id/,
  },
  {
    name: 'a prefix with an inner slash',
    rule: 'prefix-slash',
    severity: 'error',
    yaml: 'claude-api-key:\n  - api-key: sk-ant-0001\n    prefix: team/a # <-\n',
    message: /discards it/,
  },
  {
    name: 'an alias equal to its name',
    rule: 'alias-equals-name',
    severity: 'warn',
    yaml: 'oauth-model-alias:\n  codex:\n    - { name: gpt-5.3-codex, alias: gpt-5.3-codex } # <-\n',
  },
  {
    name: 'a repeated alias in one channel',
    rule: 'duplicate-alias',
    severity: 'error',
    yaml: `oauth-model-alias:
  codex:
    - { name: gpt-5.3-codex, alias: latest }
    - { name: gpt-5.2, alias: latest } # <-
`,
    message: /keeps the first \(→ gpt-5\.3-codex, line \d+\) and drops this one \(→ gpt-5\.2\)/,
  },
  {
    name: 'an unknown routing strategy',
    rule: 'routing-strategy',
    severity: 'error',
    yaml: 'routing:\n  strategy: least-busy # <-\n',
    message: /routes round-robin instead/,
  },
  {
    name: 'one id from two providers at the same priority',
    rule: 'mixed-pool',
    severity: 'warn',
    yaml: `claude-api-key:
  - api-key: sk-ant-0001
    models: [{ name: claude-sonnet-4-5-20250929, alias: sonnet }]
openai-compatibility:
  - name: or
    base-url: https://openrouter.ai/api/v1
    models:
      - { name: anthropic/claude-sonnet-4.5, alias: sonnet } # <-
`,
    message: /round-robins requests for it across these providers/,
  },
  {
    name: 'one id from two providers, priority decides',
    rule: 'mixed-pool',
    severity: 'info',
    yaml: `claude-api-key:
  - api-key: sk-ant-0001
    priority: 10
    models: [{ name: claude-sonnet-4-5-20250929, alias: sonnet }]
openai-compatibility:
  - name: or
    base-url: https://openrouter.ai/api/v1
    models:
      - { name: anthropic/claude-sonnet-4.5, alias: sonnet } # <-
`,
    message: /claude-api-key\[0\] wins while it has a ready credential/,
  },
  {
    name: 'force-model-prefix hides an expected bare id',
    rule: 'force-model-prefix',
    severity: 'warn',
    expect: { ids: ['kimi-k2'] },
    yaml: `force-model-prefix: true # <-
openai-compatibility:
  - name: or
    prefix: or
    base-url: https://openrouter.ai/api/v1
    models: [{ name: moonshotai/kimi-k2, alias: kimi-k2 }]
`,
    message: /expected ids kimi-k2 are only served behind a prefix \(or\/…\)/,
  },
  {
    name: 'force-model-prefix without any prefix',
    rule: 'force-model-prefix',
    severity: 'info',
    yaml: 'force-model-prefix: true # <-\n',
    message: /changes nothing/,
  },
  {
    name: 'an excluded-models pattern that hides an expected id',
    rule: 'excluded-expected-id',
    severity: 'warn',
    expect: { ids: ['claude-opus-4-6-thinking'] },
    yaml: 'oauth-excluded-models:\n  antigravity: ["gpt-oss-*", "*-THINKING"] # <-\n',
    message: /pattern "\*-THINKING" hides "claude-opus-4-6-thinking"/,
  },
  {
    name: 'antigravity in use without the thinking bridge',
    rule: 'antigravity-thinking-alias',
    severity: 'warn',
    yaml: 'oauth-model-alias:\n  antigravity: # <-\n    - { name: gemini-3-pro-high, alias: gemini-3-pro-preview }\n',
  },
  {
    name: 'the bridge without fork',
    rule: 'antigravity-thinking-alias',
    severity: 'info',
    yaml: `oauth-model-alias:
  antigravity:
    - { name: claude-opus-4-6-thinking, alias: gemini-claude-opus-4-6-thinking } # <-
`,
  },
  {
    name: 'a provider with one key',
    rule: 'single-credential',
    severity: 'info',
    yaml: 'claude-api-key:\n  - api-key: sk-ant-0001 # <-\n    prefix: direct\n',
  },
  {
    name: 'a critical workload served by one provider',
    rule: 'workload-without-alternate',
    severity: 'warn',
    expect: { workloads: { coding: ['gpt-5.3-codex', 'claude-sonnet-4-5'] } },
    yaml: `codex-api-key:
  - api-key: sk-proj-0001
    base-url: https://api.openai.com/v1
    models: [{ name: gpt-5.3-codex }] # <-
`,
    message:
      /workload "coding" .* is served by codex-api-key only in config\.yaml: no alternate provider; claude-sonnet-4-5 not found/,
  },
  {
    name: 'no prefixes at all',
    rule: 'no-prefixes',
    severity: 'info',
    yaml: `claude-api-key:
  - api-key: sk-ant-0001 # <-
gemini-api-key:
  - api-key: AIza-0001
`,
  },
  {
    name: 'remote management without a secret',
    rule: 'management-without-secret',
    severity: 'warn',
    alone: true,
    yaml: `api-keys: ["sk-client-0001"]
logging-to-file: true
usage-statistics-enabled: true
remote-management:
  allow-remote: true # <-
  secret-key: ""
`,
    message: /serves no management API \(404\)/,
  },
  { name: 'debug on', rule: 'debug-logging', severity: 'warn', yaml: 'debug: true # <-\n' },
  { name: 'request-log on', rule: 'request-log', severity: 'warn', yaml: 'request-log: true # <-\n' },
  {
    name: 'logging to file off',
    rule: 'logging-to-file-off',
    severity: 'warn',
    alone: true,
    yaml: 'api-keys: ["sk-client-0001"]\nusage-statistics-enabled: true\nlogging-to-file: false # <-\n',
    message: /log scan has nothing to read/,
  },
  {
    name: 'usage statistics off',
    rule: 'usage-statistics-off',
    severity: 'warn',
    alone: true,
    yaml: 'api-keys: ["sk-client-0001"]\nlogging-to-file: true\nusage-statistics-enabled: false # <-\n',
  },
  {
    name: 'no client keys',
    rule: 'no-client-api-keys',
    severity: 'error',
    alone: true,
    yaml: 'api-keys: [] # <-\nlogging-to-file: true\nusage-statistics-enabled: true\n',
    message: /lets every request through/,
  },
  {
    name: 'an entry the gateway did not load',
    rule: 'dropped-by-gateway',
    severity: 'error',
    gateway: { effective: { 'api-keys': ['sk-client-0001', 'sk-client-0002'] }, listed: [] },
    yaml: 'openai-compatibility:\n  - name: deepseek # <-\n    models: [{ name: deepseek-chat }]\n',
    message: /openai-compatibility "deepseek" is in the file but not in what the gateway loaded/,
  },
  {
    name: 'a configured id missing from /v1/models',
    rule: 'missing-from-models',
    severity: 'error',
    gateway: {
      effective: {
        'api-keys': ['sk-client-0001', 'sk-client-0002'],
        'openai-compatibility': [
          {
            name: 'or',
            prefix: 'or',
            'base-url': 'https://openrouter.ai/api/v1',
            models: [{ name: 'm', alias: 'kimi-k2' }],
          },
        ],
      },
      listed: ['kimi-k2'],
    },
    yaml: `openai-compatibility:
  - name: or
    prefix: or
    base-url: https://openrouter.ai/api/v1
    models: [{ name: m, alias: kimi-k2 }] # <-
`,
    message: /"or\/kimi-k2" \(from openai-compatibility "or"\) is not in \/v1\/models/,
  },
];

describe('each lint rule', () => {
  it.each(CASES)('$rule: $name', (c) => {
    const yaml = c.alone ? c.yaml : CLEAN + c.yaml;
    const findings = lint(yaml, c).filter((f) => f.rule === c.rule);
    const [line] = markedLines(yaml);
    expect(findings.map((f) => [f.line, f.severity])).toContainEqual([line, c.severity]);
    const f = findings.find((x) => x.line === line);
    expect(f?.column).toBeGreaterThan(0);
    expect(f?.path).toBeTruthy();
    expect(f?.hint).toBeTruthy();
    if (c.message) expect(f?.message).toMatch(c.message);
  });

  it('covers every rule in the registry', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(rules.map((r) => r.id)));
  });

  it('does not pool with an entry the loader drops or that is disabled', () => {
    const yaml = `${CLEAN}openai-compatibility:
  - name: or
    prefix: or
    base-url: https://openrouter.ai/api/v1
    models: [{ name: moonshotai/kimi-k2, alias: kimi-k2 }]
  - name: deepseek
    models: [{ name: deepseek-chat, alias: kimi-k2 }]
  - name: groq
    disabled: true
    base-url: https://api.groq.com/openai/v1
    models: [{ name: kimi, alias: kimi-k2 }]
`;
    const rules = lint(yaml).map((f) => f.rule);
    expect(rules).toContain('missing-base-url');
    expect(rules).not.toContain('mixed-pool');
  });

  it('finds nothing in the clean baseline', () => {
    expect(lint(CLEAN)).toEqual([]);
  });
});
