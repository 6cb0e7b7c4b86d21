// provops lint as an operator and a CI job run it: exit codes, every format, rules listed and explained,
// and no secret of the linted file in any output.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/lint/rules/index.js';
import { runCli } from '../helpers/cli.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'provops-lint-cli-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const SECRETS = ['sk-client-secret-0001', 'mgmt-secret-value-0002', 'sk-ant-secret-0003', 'sk-or-secret-0004'];
const LEAKY = write(
  'leaky.yaml',
  `api-keys: ["${SECRETS[0]}"]
remote-management: { allow-remote: true, secret-key: "${SECRETS[1]}" }
debug: true
claude-api-key:
  - api-key: "${SECRETS[2]}"
    prefix: "team/a"
openai-compatibility:
  - name: or
    api-keys: ["${SECRETS[3]}"]
`,
);

describe('provops lint', () => {
  it('prints findings grouped by file with line:column and exits with the worst severity', async () => {
    const r = await runCli(['lint', fixture('upstream-example.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/upstream-example\.yaml\n {2}flat layout/);
    expect(r.stdout).toMatch(
      / {2}16:5 +error {2}no-client-api-keys {2}api-keys still holds the example's template keys/,
    );
    expect(r.stdout).toMatch(/at api-keys\[0\]; fix: /);
    expect(r.stdout).toMatch(/1 error\(s\), 2 warning\(s\), 0 info in 1 file\(s\) \(exit 2\)/);
  });

  it('exits 0 for info only, 1 for warnings, and --fail-on error lets warnings pass', async () => {
    expect((await runCli(['lint', fixture('fork-example.yaml')])).code).toBe(0);
    const warnOnly = write(
      'warn.yaml',
      'api-keys: ["sk-c-0001"]\nlogging-to-file: true\nusage-statistics-enabled: true\ndebug: true\n',
    );
    expect((await runCli(['lint', warnOnly])).code).toBe(1);
    expect((await runCli(['lint', warnOnly, '--fail-on', 'error'])).code).toBe(0);
    expect((await runCli(['lint', fixture('upstream-example.yaml'), '--fail-on', 'error'])).code).toBe(2);
  });

  it('lints several files, and one unreadable file makes the run exit 3', async () => {
    const r = await runCli(['lint', fixture('v8-example.yaml'), join(dir, 'missing.yaml'), '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as {
      status: string;
      files: Array<{ error: string | null; layout: string | null }>;
    };
    expect(report.status).toBe('unreadable');
    expect(report.files.map((f) => f.error)).toEqual([null, expect.stringMatching(/missing\.yaml: no such file/)]);
    expect(report.files[0]?.layout).toMatch(/^v8 layout/);
  });

  it('--format json: schemaVersion and per-file findings as data', async () => {
    const r = await runCli(['lint', fixture('upstream-example.yaml'), '--format', 'json']);
    const report = JSON.parse(r.stdout) as Record<string, unknown> & { files: Array<{ findings: unknown[] }> };
    expect(report).toMatchObject({
      schemaVersion: 1,
      status: 'error',
      exitCode: 2,
      summary: { error: 1, warn: 2, info: 0 },
    });
    expect(report.files[0]?.findings[0]).toEqual({
      rule: 'no-client-api-keys',
      severity: 'error',
      message: expect.any(String),
      line: 16,
      column: 5,
      path: 'api-keys[0]',
      hint: expect.any(String),
    });
  });

  it('--format junit: one testcase per rule per file, failures for error and warn', async () => {
    const r = await runCli([
      'lint',
      fixture('upstream-example.yaml'),
      fixture('fork-example.yaml'),
      '--format',
      'junit',
    ]);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(r.stdout) as {
      testsuites: {
        '@_tests': string;
        '@_failures': string;
        testsuite: Array<{ testcase: Array<Record<string, unknown>> }>;
      };
    };
    expect(Number(doc.testsuites['@_tests'])).toBe(2 * rules.length);
    expect(doc.testsuites['@_failures']).toBe('3');
    const upstream = doc.testsuites.testsuite[0]?.testcase ?? [];
    expect(upstream.filter((t) => t.failure).map((t) => t['@_name'])).toEqual([
      'logging-to-file-off',
      'usage-statistics-off',
      'no-client-api-keys',
    ]);
  });

  it('--format sarif: SARIF 2.1.0 with the rules and a result per finding', async () => {
    const r = await runCli(['lint', fixture('upstream-example.yaml'), '--format', 'sarif']);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<Record<string, unknown>> }>;
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.tool.driver.rules.map((x) => x.id)).toEqual(rules.map((x) => x.id));
    expect(log.runs[0]?.results[0]).toMatchObject({
      ruleId: 'no-client-api-keys',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: fixture('upstream-example.yaml') },
            region: { startLine: 16, startColumn: 5 },
          },
        },
      ],
    });
    expect(log.runs[0]?.results.map((x) => x.level)).toEqual(['error', 'warning', 'warning']);
  });

  it('never prints a secret of the linted file, in any format or report file', async () => {
    const out = join(dir, 'report.sarif');
    const runs = await Promise.all([
      runCli(['lint', LEAKY]),
      runCli(['lint', LEAKY, '--format', 'json']),
      runCli(['lint', LEAKY, '--format', 'junit']),
      runCli(['lint', LEAKY, '--format', 'sarif', '--output', out]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n') + readFileSync(out, 'utf8');
    for (const s of SECRETS) expect(everything).not.toContain(s);
    expect(everything).toMatch(/legacy-key/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('--list-rules lists every rule; explain takes rule ids next to check ids', async () => {
    const list = await runCli(['lint', '--list-rules']);
    expect(list.code).toBe(0);
    for (const rule of rules) expect(list.stdout).toMatch(new RegExp(`^${rule.id} `, 'm'));
    const json = JSON.parse((await runCli(['lint', '--list-rules', '--format', 'json'])).stdout) as Array<{
      id: string;
    }>;
    expect(json.map((x) => x.id)).toEqual(rules.map((x) => x.id));
    const explain = await runCli(['explain', 'mixed-pool']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(
      /^mixed-pool: One model id exposed by two providers \(lint rule, warn; runbook: Wrong Provider Selected\)/,
    );
    expect((await runCli(['explain', 'health'])).stdout).toMatch(/^health: /);
    const unknown = await runCli(['explain', 'mixed-pol']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/unknown check "mixed-pol"; valid ids: health, .*; lint rules: unknown-key, /);
  });

  it('rule ids and check ids never collide (explain takes both)', async () => {
    const { checks } = await import('../../checks/index.js');
    const checkIds = new Set(checks.map((c) => c.id));
    expect(rules.filter((r) => checkIds.has(r.id))).toEqual([]);
  });

  it.each([[['explain', 'mixed-pool']], [['lint', '--list-rules']]])(
    '%j loads no YAML parser, undici or cli-table3',
    async (args) => {
      const file = join(dir, `trace-${args.join('-')}.txt`);
      const trace = ['--import', new URL('../fixtures/trace-imports.mjs', import.meta.url).href];
      const r = await runCli(args, { nodeArgs: trace, env: { PROVOPS_TRACE_FILE: file } });
      expect(r.code).toBe(0);
      const loaded = readFileSync(file, 'utf8');
      expect(loaded).toContain('/dist/src/cli.js');
      expect(loaded).not.toMatch(/node_modules\/(undici|js-yaml|yaml|cli-table3|chalk)\//);
    },
  );
});
