// Hostile local inputs and values end as one-line errors within the deadline: devices, FIFOs, huge
// files, YAML alias bombs, pathological wildcards, timers beyond Node's range, dates no calendar
// holds, and SIGTERM/SIGHUP mid-run.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { main } from '../../src/cli.js';
import { parseNow, resolveConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { compileGlob } from '../../src/logs/files.js';
import { parseQuota } from '../../src/gateway/kiro-quota.js';
import { startSimulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'provops-input-'));

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await main(['node', 'provops', ...args], { out: (t) => (out += t), err: (t) => (err += t) }, env);
  return { code, out, err };
}

function fifo(): string {
  const path = join(tmp(), 'pipe');
  execFileSync('mkfifo', [path]);
  return path;
}

describe('local files', () => {
  it.each([
    ['/dev/zero', /cannot read \/dev\/zero: not a regular file/],
    ['a FIFO', /not a regular file/],
  ])('--config %s is a one-line error, at once', async (what, message) => {
    const path = what === 'a FIFO' ? fifo() : what;
    const started = Date.now();
    const r = await cli(['daily', '--config', path, '--no-state']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a config file over 1 MiB is refused before it is parsed', () => {
    const file = join(tmp(), 'provops.yaml');
    writeFileSync(file, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    expect(() => resolveConfig({ flags: { config: file }, env: {}, cwd: tmp(), registry: checks })).toThrow(
      /larger than 1048576 bytes/,
    );
  });

  it('a YAML alias bomb is a one-line error, not gigabytes', () => {
    const file = join(tmp(), 'provops.yaml');
    // Nine levels of nine aliases each, under a real setting: 9^9 (387 million) strings once expanded.
    const levels = ['  - &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`  - &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(file, `skip:\n${levels.join('\n')}\n`);
    let error: unknown;
    try {
      resolveConfig({ flags: { config: file }, env: {}, cwd: tmp(), registry: checks });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/alias bomb/);
  });

  it('a FIFO as --log-file: the run reports and exits, inside its deadline', async () => {
    const path = fifo();
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [BIN, 'check', 'log-scan', '--log-file', path, '--no-state', '--deadline', '3000'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(Date.now() - started).toBeLessThan(4_000 + 2_000); // the deadline, plus process start-up
    expect(code).toBe(3);
    expect(stdout).toMatch(/not a regular file/);
  });

  it('a wildcard that makes a backtracking regex explode is matched in linear time', () => {
    const glob = `${'*a'.repeat(30)}*b`;
    const started = performance.now();
    expect(compileGlob(glob).test('a'.repeat(200))).toBe(false);
    expect(compileGlob('main-*.log').test('main-2026.log')).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('timers and dates', () => {
  it.each([
    [['--deadline', String(2 ** 31)], /--deadline.*at most 2147483647/],
    [['--timeout', '1.5'], /--timeout.*positive whole number/],
    [['--timeout', '1e9'], /--timeout.*positive whole number/],
  ])('%j is a usage error, not a timer that fires after 1 ms', async (flags, message) => {
    const r = await cli(['daily', '--no-state', ...flags]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(message);
  });

  it.each([
    ['timeoutMs: 1.5', /timeoutMs: expected a whole number from 1 to 2147483647/],
    ['deadlineMs: 99999999999', /deadlineMs: expected a whole number from 1 to 2147483647/],
  ])('provops.yaml %s is a ConfigError', (line, message) => {
    const file = join(tmp(), 'provops.yaml');
    writeFileSync(file, `${line}\n`);
    expect(() => resolveConfig({ flags: { config: file }, env: {}, cwd: tmp(), registry: checks })).toThrow(message);
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-02-28T24:00:00Z',
    '2026-02-28T10:60:00Z',
    '2025-02-29T00:00Z',
  ])('--now %s is refused, not rolled over', (value) => {
    expect(() => parseNow(value)).toThrow(/not an ISO-8601 instant/);
  });

  it.each([
    ['2026-02-28T10:15:00Z', '2026-02-28T10:15:00.000Z'],
    ['2024-02-29T00:00:00.5+08:00', '2024-02-28T16:00:00.500Z'],
    ['2026-11-26T12:00:00-0130', '2026-11-26T13:30:00.000Z'],
  ])('--now %s is %s', (value, iso) => {
    expect(parseNow(value).toISOString()).toBe(iso);
  });

  it("a Kiro nextDateReset no calendar holds is that answer's error, naming the field", () => {
    const body = {
      auth_index: '0123456789abcdef',
      usage_percentage: 10,
      remaining_quota: 90,
      quota_exhausted: false,
      usage: { nextDateReset: 1e300 },
    };
    const res = {
      status: 200,
      headers: {},
      body: Buffer.from(JSON.stringify(body)),
      durationMs: 1,
      path: '/v0/management/kiro-quota',
    };
    expect(() => parseQuota(res)).toThrow(/usage\.nextDateReset \(1e\+300\) is not an epoch-millisecond date/);
  });
});

describe.each(['SIGTERM', 'SIGHUP'] as const)('%s during a run', (signal) => {
  it('reports what finished, marks the rest interrupted and exits 3, as Ctrl-C does', async () => {
    const sim = await startSimulator({
      flavor: 'plus',
      now: '2026-11-26T12:00:00Z',
      faults: [{ route: '/v0/management/*', kind: 'hang' }],
    });
    try {
      const child = spawn(
        process.execPath,
        [BIN, 'daily', '--url', sim.url, '--no-state', '--now', '2026-11-26T12:00:00Z'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            NO_COLOR: '1',
            PROVOPS_API_KEY: sim.keys.apiKey,
            PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey,
          },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      while (sim.hits.count({ route: '/v0/management/*' }) === 0 || sim.hits.count('GET /v1/models') === 0)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(3);
      expect(stdout).toMatch(/ERROR\s+Kiro quota\s+interrupted before it finished/);
      expect(stdout).toMatch(/→ exit 3$/m);
      expect(stderr).toContain(`got ${signal}; reporting what finished`);
    } finally {
      await sim.close();
    }
  }, 30_000);
});
