// User check plugins end to end through the CLI: a plain .js file in a temp folder, listed under
// `plugins:` in provops.yaml, runs in `daily`, appears in `list`, `explain` and the JSON report, takes
// its thresholds from `checks.<id>`, and its warn drives the exit code. A broken plugin is one line, exit 3.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src/simulator/index.js';
import { runCli } from './helpers/cli.js';

const NOW = '2026-11-26T12:00:00Z';

/** A plain-JavaScript plugin an ops team might write: no import from provops at all. */
const QUEUE_DEPTH = `
export default {
  id: 'queue-depth',
  title: 'Job queue depth',
  description: 'The batch queue in front of the gateway is not backing up.',
  runbook: 'Team runbook: batch queue',
  options: { warnDepth: 100 },
  async run(ctx) {
    const depth = 250; // a real plugin would ask its queue; the value is fixed so the test knows the verdict
    if (depth >= ctx.options.warnDepth)
      return { status: 'warn', summary: \`depth \${depth} (warn >= \${ctx.options.warnDepth})\`, hint: 'Scale the workers.' };
    return { status: 'pass', summary: \`depth \${depth} (warn >= \${ctx.options.warnDepth})\` };
  },
};
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'provops-plugin-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('user check plugins through the CLI', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW });
  });
  afterAll(async () => sim.close());

  const env = () => ({ PROVOPS_API_KEY: sim.keys.apiKey, PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey });
  const config = (extra = '') => `url: ${sim.url}\nplugins: [./ops-checks/queue-depth.js]\nstateDir: ./state\n${extra}`;

  it('runs in daily after the built-in checks, and its warn makes the exit code 1', async () => {
    const cwd = folder({ 'provops.yaml': config(), 'ops-checks/queue-depth.js': QUEUE_DEPTH });
    const run = await runCli(['daily', '--format', 'json', '--now', NOW], { cwd, env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      exitCode: number;
      targets: Array<{ results: Array<Record<string, unknown>> }>;
    };
    const results = report.targets[0]?.results ?? [];
    expect(results.at(-1)).toMatchObject({
      id: 'queue-depth',
      title: 'Job queue depth',
      status: 'warn',
      summary: 'depth 250 (warn >= 100)',
      hint: 'Scale the workers.',
      runbook: 'Team runbook: batch queue',
    });
    // every built-in check passes on the healthy simulator: the plugin alone decides the exit code
    expect(results.slice(0, -1).every((r) => r.status === 'pass')).toBe(true);
    expect(report.exitCode).toBe(1);
  });

  it('takes its thresholds from checks.<id> in provops.yaml, and --only/--skip know its id', async () => {
    const cwd = folder({
      'provops.yaml': config('checks:\n  queue-depth: { warnDepth: 500 }\n'),
      'ops-checks/queue-depth.js': QUEUE_DEPTH,
    });
    const run = await runCli(['check', 'health', 'queue-depth', '--format', 'json'], { cwd, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('depth 250 (warn >= 500)');
    const skipped = await runCli(['daily', '--skip', 'queue-depth', '--format', 'json', '--now', NOW], {
      cwd,
      env: env(),
    });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).not.toContain('queue-depth');
  });

  it('appears in list and explain', async () => {
    const cwd = folder({ 'provops.yaml': config(), 'ops-checks/queue-depth.js': QUEUE_DEPTH });
    const list = await runCli(['list', '--format', 'json'], { cwd });
    const ids = (JSON.parse(list.stdout) as Array<{ id: string; options: Record<string, unknown> }>).map((c) => c.id);
    expect(ids.at(-1)).toBe('queue-depth');
    expect(list.stdout).toContain('warnDepth');
    const explain = await runCli(['explain', 'queue-depth'], { cwd });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('Job queue depth');
    expect(explain.stdout).toContain('warnDepth = 100');
    const flagged = await runCli(['list', '--plugin', './ops-checks/queue-depth.js'], {
      cwd: folder({ 'ops-checks/queue-depth.js': QUEUE_DEPTH }),
    });
    expect(flagged.stdout).toContain('queue-depth');
  });

  it('a typed plugin imports defineCheck from the package', async () => {
    const typed = QUEUE_DEPTH.replace(
      'export default {',
      "import { defineCheck } from 'provops';\nexport default defineCheck({",
    ).replace(/};\s*$/, '});\n');
    // inside the package folder, so that `provops` resolves to this package (self-reference via exports)
    const dir = mkdtempSync(join(import.meta.dirname, '..', '.plugin-test-'));
    writeFileSync(join(dir, 'typed.js'), typed);
    try {
      const run = await runCli(['list', '--plugin', join(dir, 'typed.js')]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('queue-depth');
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a missing file',
      {},
      /^provops: plugin \.\/ops-checks\/queue-depth\.js \(.*plugins\): no such file .*queue-depth\.js\n$/,
    ],
    ['a syntax error', { 'ops-checks/queue-depth.js': 'export default {' }, /failed to load: SyntaxError: /],
    ['no default export', { 'ops-checks/queue-depth.js': 'export const x = 1;' }, /no default export/],
    [
      'an id clash with a built-in check',
      { 'ops-checks/queue-depth.js': QUEUE_DEPTH.replace("id: 'queue-depth'", "id: 'health'") },
      /check id "health" is already taken by a built-in check/,
    ],
    [
      'an invalid shape',
      { 'ops-checks/queue-depth.js': 'export default { id: "queue-depth", title: "t", description: "d" };' },
      /"run" must be a function/,
    ],
  ] as const)('%s is a one-line config error naming the plugin, exit 3', async (_name, files, message) => {
    const cwd = folder({ 'provops.yaml': config(), ...files });
    for (const args of [['daily'], ['list']]) {
      const run = await runCli(args, { cwd, env: env() });
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^provops: plugin \.\/ops-checks\/queue-depth\.js/);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });

  it('two plugins with the same id clash, naming the second', async () => {
    const cwd = folder({
      'provops.yaml': `url: ${sim.url}\nplugins: [./a.js, ./b.js]\n`,
      'a.js': QUEUE_DEPTH,
      'b.js': QUEUE_DEPTH,
    });
    const run = await runCli(['list'], { cwd });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^provops: plugin \.\/b\.js .*: check id "queue-depth" is already taken by plugin \.\/a\.js/,
    );
  });

  it.each([
    ['throws', 'throw new Error("queue API down")', /^internal error: queue API down/],
    ['hangs', 'await new Promise(() => {})', /^check timed out after 600 ms/],
    ['returns garbage', 'return { status: "ok", summary: "fine" }', /unknown status "ok"/],
  ])('a plugin whose run %s is an error row, never a crash or a hang', async (_name, body, summary) => {
    const plugin = `export default { id: 'queue-depth', title: 'Q', description: 'd', async run() { ${body} } };`;
    const cwd = folder({ 'provops.yaml': config(), 'ops-checks/queue-depth.js': plugin });
    const run = await runCli(['check', 'queue-depth', '--format', 'json', '--timeout', '200'], { cwd, env: env() });
    expect(run.code).toBe(3);
    const results = (
      JSON.parse(run.stdout) as { targets: Array<{ results: Array<{ id: string; status: string; summary: string }> }> }
    ).targets[0]?.results;
    expect(results?.find((r) => r.id === 'queue-depth')).toMatchObject({
      status: 'error',
      summary: expect.stringMatching(summary),
    });
  });
});
