import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { runCli } from './helpers/cli.js';
import { json, startServer, type TestServer } from './helpers/server.js';

const API_KEY = 'sk-provops-e2e-api-0123456789';
const MGMT_KEY = 'mgmt-provops-e2e-9876543210';

let gateway: TestServer;
// A gateway that, like a badly written proxy, echoes the credentials it got into every body.
beforeAll(async () => {
  gateway = await startServer((req, res) => {
    const echo = `${req.headers.authorization ?? ''} ${req.headers['x-management-key'] ?? ''}`;
    if (req.url === '/healthz') return json(res, 200, { status: 'ok' });
    if (req.url === '/v1/models') {
      if (req.headers.authorization !== `Bearer ${API_KEY}`)
        return json(res, 401, { error: `Invalid API key: ${echo}` });
      return json(res, 200, {
        object: 'list',
        data: [{ id: 'gpt-5.3-codex', object: 'model', created: 1770307200, owned_by: 'openai' }],
      });
    }
    json(res, 401, { error: `invalid management key ${echo}` });
  });
});
afterAll(() => gateway.close());

const tmp = () => mkdtempSync(join(tmpdir(), 'provops-cli-'));

describe('provops CLI', () => {
  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect([r.code, r.stdout.trim()]).toEqual([0, '0.1.0']);
  });

  it('list --format json lists every registry id in order', async () => {
    const r = await runCli(['list', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ id: string }>).map((c) => c.id)).toEqual(checks.map((c) => c.id));
  });

  it('explain prints the runbook step and what the gateway really does', async () => {
    const r = await runCli(['explain', 'health']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('curl -sS http://localhost:8317/health');
    expect(r.stdout).toContain('/healthz');
  });

  it.each([
    [['explain', 'nope'], /^provops: unknown check "nope"; valid ids: health, model-inventory/],
    [['daily', '--bogus'], /unknown option '--bogus'/],
    [['check', 'helth'], /unknown check "helth" \(did you mean "health"\?\)/],
    [['daily', '--timeout', 'soon'], /--timeout <ms>' argument 'soon' is invalid/],
    [['daily', '--format', 'xml'], /Allowed choices are table, json/],
    [['daily', '--now', 'yesterday'], /--now: "yesterday" is not an ISO-8601 instant/],
  ])('usage error %j exits 3 with one line and no stack', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('malformed provops.yaml exits 3 naming the file and line', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'provops.yaml'), 'url: [unclosed\n');
    const r = await runCli(['daily'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/provops\.yaml:\d+:\d+: .*fix the YAML/);
  });

  it('daily --format json prints the versioned report and exits with its exitCode', async () => {
    const r = await runCli(
      ['daily', '--url', gateway.url, '--format', 'json', '--no-state', '--now', '2026-11-26T12:00:00Z'],
      { env: { PROVOPS_API_KEY: API_KEY } },
    );
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: 'provops',
      version: '0.1.0',
      now: '2026-11-26T12:00:00.000Z',
      targets: [{ name: 'default', url: gateway.url }],
    });
    expect(report.exitCode).toBe(r.code);
    const health = report.targets[0].results[0];
    expect(Object.keys(health)).toEqual([
      'id',
      'title',
      'status',
      'summary',
      'details',
      'metrics',
      'hint',
      'runbook',
      'durationMs',
      'thresholds',
      'series',
    ]);
    expect(health).toMatchObject({
      id: 'health',
      title: 'Gateway health',
      status: 'pass',
      runbook: 'Daily Checks 1',
      hint: null,
    });
    expect(report.targets[0].results.map((x: { id: string }) => x.id)).toEqual(checks.map((c) => c.id));
  });

  it('the table ends with the totals line and the exit code', async () => {
    const r = await runCli(['check', 'health', 'model-inventory', '--url', gateway.url, '--no-state'], {
      env: { PROVOPS_API_KEY: 'sk-wrong-key-for-e2e' },
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/PASS\s+Gateway health/);
    expect(r.stdout).toMatch(/ERROR\s+Model inventory\s+GET \/v1\/models → 401/);
    expect(r.stdout).toMatch(/→ Check PROVOPS_API_KEY/);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^1 pass, 0 warn, 0 fail, 1 error, 0 skip in \d+ ms → exit 3$/);
  });

  it('--fail-on maps warn and fail away', async () => {
    // Nothing listens on port 1: health fails (2), which --fail-on error maps to 0.
    const args = ['check', 'health', '--url', 'http://127.0.0.1:1', '--no-state'];
    expect((await runCli([...args, '--fail-on', 'error'])).code).toBe(0);
    expect((await runCli([...args, '--fail-on', 'fail'])).code).toBe(2);
    // provops's own credential rejected is an error, which no --fail-on maps away.
    const own = ['check', 'model-inventory', '--url', gateway.url, '--no-state', '--fail-on', 'error'];
    expect((await runCli(own)).code).toBe(3);
  });

  it('no output of any command, in any format, contains the API or management key', async () => {
    const cwd = tmp();
    const out = join(cwd, 'report.json');
    writeFileSync(join(cwd, 'provops.yaml'), `url: ${gateway.url}\nmanagementKey: ${MGMT_KEY}\n`);
    const runs = [
      await runCli(['daily', '--format', 'json', '--no-state', '--verbose'], {
        cwd,
        env: { PROVOPS_API_KEY: API_KEY },
      }),
      await runCli(['daily', '--no-state', '--verbose', '--api-key', API_KEY], { cwd }),
      await runCli(['daily', '--no-state', `--management-key=${MGMT_KEY}`, '--api-key', 'sk-wrong-but-echoed-1'], {
        cwd,
      }),
      await runCli(['daily', '--no-state', '--format', 'json', '--output', out], {
        cwd,
        env: { PROVOPS_API_KEY: API_KEY },
      }),
      await runCli(['daily', `--api-kye=${API_KEY}`], { cwd }),
      await runCli(['daily', '--url', 'not a url', '--api-key', API_KEY], { cwd }),
      await runCli(['list'], { cwd, env: { PROVOPS_API_KEY: API_KEY } }),
      await runCli(['explain', 'model-inventory'], { cwd, env: { PROVOPS_API_KEY: API_KEY } }),
    ];
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n') + readFileSync(out, 'utf8');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(MGMT_KEY);
    expect(everything).not.toContain('sk-wrong-but-echoed-1');
    expect(runs[1]?.stderr).toMatch(/--api-key puts the key on the command line/);
  }, 60_000); // eight spawns: slow when the whole suite shares two cores
});

describe('startup weight', () => {
  const trace = ['--import', new URL('./fixtures/trace-imports.mjs', import.meta.url).href];
  it.each([[['--version']], [['list']], [['explain', 'health']], [['list', '--format', 'json']]])(
    '%j loads no undici, js-yaml, cli-table3 or simulator',
    async (args) => {
      const file = join(tmp(), 'trace.txt');
      const r = await runCli(args, { nodeArgs: trace, env: { PROVOPS_TRACE_FILE: file } });
      expect(r.code).toBe(0);
      const loaded = readFileSync(file, 'utf8');
      expect(loaded).toContain('/dist/src/main.js'); // the trace works
      expect(loaded).not.toMatch(/node_modules\/(undici|js-yaml|cli-table3|chalk)\//);
      expect(loaded).not.toMatch(/dist\/src\/(simulator\/index|config|run|http)\.js/);
    },
  );

  it('daily does load them (the trace would notice)', async () => {
    const file = join(tmp(), 'trace.txt');
    await runCli(['check', 'health', '--url', gateway.url, '--no-state'], {
      nodeArgs: trace,
      env: { PROVOPS_TRACE_FILE: file },
    });
    expect(readFileSync(file, 'utf8')).toMatch(/node_modules\/undici\//);
  });
});
