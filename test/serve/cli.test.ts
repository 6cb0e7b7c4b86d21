// `provops serve` as a process: Prometheus metrics on /probe, SIGHUP reloads provops.yaml (a bad file
// keeps the running configuration), SIGTERM shuts down cleanly, a taken port is a one-line error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/server.js';
import { NOW, send } from '../simulator/helpers.js';
import { startServe } from './process.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ now: NOW });
});
afterAll(() => sim.close());

const entry = (name: string) =>
  `  - { name: ${name}, url: "${sim.url}", apiKey: "${sim.keys.apiKey}", managementKey: "${sim.keys.managementKey}" }`;

describe('provops serve', () => {
  it('answers /probe in the Prometheus format, reloads on SIGHUP, keeps the old config when the new one is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provops-serve-cli-'));
    const yaml = join(dir, 'provops.yaml');
    writeFileSync(yaml, `targets:\n${entry('eu')}\n`);
    const port = await freePort();
    const serve = startServe(['--listen', `127.0.0.1:${port}`, '--no-state'], dir);
    try {
      await serve.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+ for 1 target\(s\) \(eu\)/);
      const base = `http://127.0.0.1:${port}`;
      const probe = await send(`${base}/probe?target=eu&checks=health,model-inventory`);
      expect(probe.status).toBe(200);
      expect(probe.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(probe.body).toContain('provops_check_status{target="eu",check="health",status="pass"} 1');
      expect(probe.body).not.toContain(sim.keys.apiKey);

      writeFileSync(yaml, `targets:\n${entry('eu')}\n${entry('us')}\n`);
      serve.child.kill('SIGHUP');
      await serve.waitFor(/configuration reloaded: 2 target\(s\)/);
      expect((await send(`${base}/probe?target=us&checks=health`)).status).toBe(200);

      writeFileSync(yaml, 'targets:\n  - { name: eu }\n');
      serve.child.kill('SIGHUP');
      await serve.waitFor(
        /reload failed, keeping the previous configuration: .*targets\[0\]\.url: target "eu" needs a url/,
      );
      expect((await send(`${base}/probe?target=us&checks=health`)).status).toBe(200);
      expect((await send(`${base}/metrics`)).body).toContain('provops_exporter_config_last_reload_successful 0');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(serve.stderr()).toContain('provops serve: shutting down');
  });

  it('a port in use or a bad provops.yaml is a one-line error, exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provops-serve-cli-'));
    writeFileSync(join(dir, 'provops.yaml'), `targets:\n${entry('eu')}\n`);
    const taken = new URL(sim.url).port;
    const busy = await runCli(['serve', '--listen', `127.0.0.1:${taken}`, '--no-state'], { cwd: dir });
    expect([busy.code, busy.stderr]).toEqual([
      3,
      `provops: serve: cannot listen on 127.0.0.1:${taken}: the port is in use\n`,
    ]);
    const listen = await runCli(['serve', '--listen', 'nowhere', '--no-state'], { cwd: dir });
    expect(listen.code).toBe(3);
    expect(listen.stderr).toMatch(/^provops: --listen: "nowhere" is not host:port/);
    writeFileSync(join(dir, 'provops.yaml'), 'targets: [{ name: "a b", url: "http://x:1" }]\n');
    const bad = await runCli(['serve', '--no-state'], { cwd: dir });
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
