// The built CLI end to end (`npm test` builds first): demo's exit codes, simulate's foreground life.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_MANAGEMENT_KEY, startSimulator } from '../../src/simulator/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { send } from './helpers.js';

const ENV = { ...process.env, NO_COLOR: '1', PROVOPS_API_KEY: '', PROVOPS_MANAGEMENT_KEY: '', PROVOPS_URL: '' };

describe('provops demo', () => {
  it('exits 0 on the healthy scenario and prints the daily table', async () => {
    const { code, stdout, stderr } = await runCli(['demo']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PASS\s+Gateway health/);
    expect(stdout).toMatch(/→ exit 0/);
    expect(stderr).toContain('scenario "healthy"');
    expect(stderr).not.toContain('--api-key');
    for (const key of [DEMO_API_KEY, DEMO_MANAGEMENT_KEY]) expect(stdout + stderr).not.toContain(key);
  });

  it('exits 0 on healthy upstream too', async () => {
    expect((await runCli(['demo', '--flavor', 'upstream', '--format', 'json'])).code).toBe(0);
  });

  it('exits non-zero on incident, with the report exit code and a runbook hint', async () => {
    const { code, stdout } = await runCli([
      'demo',
      '--scenario',
      'incident',
      '--format',
      'json',
      '--now',
      '2026-11-26T12:00:00Z',
    ]);
    const report = JSON.parse(stdout) as {
      exitCode: number;
      now: string;
      targets: Array<{ results: Array<{ id: string; status: string; hint: string | null }> }>;
    };
    expect(code).not.toBe(0);
    expect(code).toBe(report.exitCode);
    expect(report.now).toBe('2026-11-26T12:00:00.000Z');
    expect(code).toBe(2);
    const aliases = report.targets[0]?.results.find((r) => r.id === 'antigravity-aliases');
    expect(aliases?.status).toBe('fail');
    expect(aliases?.hint).toMatch(/re-add the alias bridge/);
  });

  it('exits 2 on outage', async () => {
    const { code, stdout } = await runCli(['demo', '--scenario', 'outage']);
    expect(code).toBe(2);
    expect(stdout).toMatch(/FAIL\s+Gateway health/);
  });

  it('refuses an unknown scenario with a usage error', async () => {
    const { code, stderr } = await runCli(['demo', '--scenario', 'meltdown']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/healthy, degraded, incident, outage/);
  });
});

describe('provops simulate', () => {
  it('prints the URL, the demo keys and the export line, serves, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'simulate', '--port', '0', '--flavor', 'upstream', '--now', '2026-11-26T12:00:00Z'],
      { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /URL\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m && stdout.includes('Ctrl-C')) resolve(m[1] as string);
      });
      child.on('close', () => reject(new Error(`simulate exited early: ${stderr}`)));
    });
    expect(stdout).toContain(
      `export PROVOPS_URL=${url} PROVOPS_API_KEY=${DEMO_API_KEY} PROVOPS_MANAGEMENT_KEY=${DEMO_MANAGEMENT_KEY}`,
    );
    expect(stdout).toContain('provops daily --now 2026-11-26T12:00:00Z --no-state');
    expect((await send(`${url}/healthz`)).body).toBe('{"status":"ok"}');
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stderr).toContain('stopped after 1 request(s)');
  });

  it('rejects a malformed --fault with a one-line usage error', async () => {
    const { code, stderr } = await runCli(['simulate', '--port', '0', '--fault', '/v1/models=explode']);
    expect(code).toBe(3);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/kinds: latency, hang/);
  });

  it('reports a port in use in one line', async () => {
    const first = spawn(process.execPath, [BIN, 'simulate', '--port', '0'], {
      env: ENV,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const port = await new Promise<string>((resolve) => {
        let out = '';
        first.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(m[1] as string);
        });
      });
      const { code, stderr } = await runCli(['simulate', '--port', port]);
      expect(code).toBe(3);
      expect(stderr).toContain('the port is in use');
    } finally {
      first.kill('SIGINT');
    }
  });
});

describe('Ctrl-C during a run', () => {
  it('aborts what is in flight and still prints what finished', async () => {
    const sim = await startSimulator({
      flavor: 'plus',
      now: '2026-11-26T12:00:00Z',
      faults: [{ route: '/v0/management/*', kind: 'hang' }],
    });
    try {
      const env = { ...ENV, PROVOPS_API_KEY: sim.keys.apiKey, PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey };
      const child = spawn(
        process.execPath,
        [BIN, 'daily', '--url', sim.url, '--no-state', '--now', '2026-11-26T12:00:00Z'],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      // Interrupt once the run is waiting on the hung management API and the model list has been answered.
      while (sim.hits.count({ route: '/v0/management/*' }) === 0 || sim.hits.count('GET /v1/models') === 0)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(3);
      expect(stdout).toMatch(/PASS\s+Model inventory/);
      expect(stdout).toMatch(/ERROR\s+Kiro quota\s+interrupted before it finished/);
      expect(stdout).toMatch(/→ exit 3$/m);
      expect(stderr).toContain('interrupted; reporting what finished');
    } finally {
      await sim.close();
    }
  });
});
