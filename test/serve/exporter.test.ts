// The exporter behind `provops serve`, over real loopback HTTP against simulated gateways: only
// configured targets are probed, answers are kept for the minimum interval and shared while a run is
// going, a rejected management key is not sent again by later scrapes, and a reload that fails keeps
// the running configuration.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { resolveExporterConfig } from '../../src/config/serve.js';
import type { Report } from '../../src/report.js';
import { startExporter, type RunningExporter } from '../../src/commands/serve/exporter.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { NOW, send } from '../simulator/helpers.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function gateway(options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({ now: NOW, recordKeys: true, ...options });
  open.push(sim);
  return sim;
}

interface Setup {
  exporter: RunningExporter;
  dir: string;
  logs: string[];
  write(yaml: string): void;
}

/** An exporter over a provops.yaml in a fresh directory; the report is rendered as JSON to read it back. */
async function exporter(yaml: string, flags: Record<string, unknown> = { state: false }): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'provops-serve-'));
  const write = (text: string) => writeFileSync(join(dir, 'provops.yaml'), text);
  write(yaml);
  const logs: string[] = [];
  const running = await startExporter({
    load: async () =>
      resolveExporterConfig({
        flags: { now: NOW, ...flags },
        env: {},
        cwd: dir,
        registry: checks,
        listen: '127.0.0.1:0',
      }),
    render: (report) => JSON.stringify(report),
    log: (line) => logs.push(line),
  });
  open.push({ close: () => running.close(1_000) });
  return { exporter: running, dir, logs, write };
}

const targetYaml = (name: string, sim: RunningSimulator, mgmt = sim.keys.managementKey) =>
  `  - { name: ${name}, url: "${sim.url}", apiKey: "${sim.keys.apiKey}", managementKey: "${mgmt}" }`;

const get = (url: string, headers: Record<string, string> = {}) => send(url, { headers });
const reportOf = (body: string) => JSON.parse(body) as Report;

describe('provops serve: /probe', () => {
  it('answers for a configured target, and N scrapes within the interval make one run', async () => {
    const sim = await gateway();
    const { exporter: e } = await exporter(`serve: { minIntervalSeconds: 60 }\ntargets:\n${targetYaml('eu', sim)}\n`);
    const probe = () => get(`${e.url}/probe?target=eu`);
    // Five at once share one run; three more within the interval are answered from the cache.
    const first = await Promise.all(Array.from({ length: 5 }, probe));
    for (let i = 0; i < 3; i++) first.push(await probe());
    expect(new Set(first.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(first.map((r) => r.body)).size).toBe(1);
    expect(first[0]?.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const report = reportOf(first[0]?.body ?? '');
    expect(report.targets.map((t) => [t.name, t.status])).toEqual([['eu', 'pass']]);
    expect(sim.hits.count('GET /v1/models')).toBe(1);

    const metrics = (await get(`${e.url}/metrics`)).body;
    expect(metrics).toContain('provops_exporter_runs_total{target="eu"} 1');
    expect(metrics).toContain('provops_exporter_probes_total{target="eu",source="run"} 1');
    // Those sent together usually join the run in flight; the later three are always from the cache.
    const shared = Number(/provops_exporter_probes_total\{target="eu",source="shared"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    expect(metrics).toContain(`provops_exporter_probes_total{target="eu",source="cache"} ${7 - shared}`);
    expect(metrics).toContain('provops_exporter_cache_hits_total{target="eu"} 7');
  });

  it('runs again once the interval has passed', async () => {
    const sim = await gateway();
    const { exporter: e } = await exporter(`serve: { minIntervalSeconds: 0.2 }\ntargets:\n${targetYaml('eu', sim)}\n`);
    await get(`${e.url}/probe?target=eu&checks=health,model-inventory`);
    await get(`${e.url}/probe?target=eu&checks=model-inventory,health`);
    expect(sim.hits.count('GET /v1/models')).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    await get(`${e.url}/probe?target=eu&checks=health,model-inventory`);
    expect(sim.hits.count('GET /v1/models')).toBe(2);
  });

  it('runs only the checks asked for, and refuses an unknown one', async () => {
    const sim = await gateway();
    const { exporter: e } = await exporter(`targets:\n${targetYaml('eu', sim)}\n`);
    const r = await get(`${e.url}/probe?target=eu&checks=kiro-quota&checks=health`);
    expect(reportOf(r.body).targets[0]?.results.map((x) => x.id)).toEqual(['health', 'kiro-quota']);
    const bad = await get(`${e.url}/probe?target=eu&checks=helth`);
    expect([bad.status, bad.body]).toEqual([
      400,
      `probe: check "helth" is not run for eu; it runs ${checks.map((c) => c.id).join(', ')}\n`,
    ]);
  });

  it('refuses an unknown target, a URL or two targets with a one-line 400, and never reaches a gateway', async () => {
    const sim = await gateway();
    const { exporter: e } = await exporter(`targets:\n${targetYaml('eu', sim)}\n${targetYaml('us', sim)}\n`);
    const unknown = await get(`${e.url}/probe?target=asia`);
    expect([unknown.status, unknown.body]).toEqual([400, 'probe: unknown target "asia"; configured targets: eu, us\n']);
    const url = await get(`${e.url}/probe?target=${encodeURIComponent(sim.url)}`);
    expect(url.status).toBe(400);
    expect((await get(`${e.url}/probe?target=eu&target=us`)).status).toBe(400);
    expect((await get(`${e.url}/probe`)).body).toBe('probe: give exactly one target=<name> (configured: eu, us)\n');
    expect(sim.hits.count()).toBe(0);
    expect((await get(`${e.url}/metrics`)).body).toMatch(
      /provops_exporter_probe_rejections_total\{reason="unknown_target"\} 2/,
    );
  });

  it('does not send a rejected management key again on later scrapes (state in memory)', async () => {
    const sim = await gateway();
    const { exporter: e } = await exporter(
      `serve: { minIntervalSeconds: 0 }\ntargets:\n${targetYaml('eu', sim, 'mgmt-wrong-key-for-serve')}\n`,
    );
    for (let i = 0; i < 4; i++) await get(`${e.url}/probe?target=eu`);
    expect(sim.hits.count('GET /v1/models')).toBe(4);
    expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(1);
    expect(sim.hits.count({ route: '/v0/management/*' })).toBe(1);
    const last = reportOf((await get(`${e.url}/probe?target=eu`)).body);
    expect(last.targets[0]?.results.find((r) => r.id === 'kiro-quota')?.summary).toMatch(/^management key not sent/);
    expect(JSON.stringify(last)).not.toContain('mgmt-wrong-key-for-serve');
  });

  it('sends each target its own keys only', async () => {
    const eu = await gateway({ apiKeys: ['sk-eu-serve-1111'], managementKey: 'mgmt-eu-serve-1111' });
    const us = await gateway({ apiKeys: ['sk-us-serve-2222'], managementKey: 'mgmt-us-serve-2222' });
    const { exporter: e } = await exporter(`targets:\n${targetYaml('eu', eu)}\n${targetYaml('us', us)}\n`);
    await Promise.all([get(`${e.url}/probe?target=eu`), get(`${e.url}/probe?target=us`)]);
    expect([...eu.keysSeen].sort()).toEqual(['mgmt-eu-serve-1111', 'sk-eu-serve-1111']);
    expect([...us.keysSeen].sort()).toEqual(['mgmt-us-serve-2222', 'sk-us-serve-2222']);
  });
});

describe('provops serve: reload, auth and health', () => {
  it('reloads a good configuration and keeps the running one when the new file is bad', async () => {
    const sim = await gateway();
    const s = await exporter(`targets:\n${targetYaml('eu', sim)}\n`);
    expect((await get(`${s.exporter.url}/probe?target=us`)).status).toBe(400);
    s.write(`targets:\n${targetYaml('eu', sim)}\n${targetYaml('us', sim)}\n`);
    expect(await s.exporter.reload()).toBe(true);
    expect((await get(`${s.exporter.url}/probe?target=us&checks=health`)).status).toBe(200);

    s.write('targets:\n  - { name: eu, url: "not a url" }\n');
    expect(await s.exporter.reload()).toBe(false);
    expect(s.logs.at(-1)).toMatch(
      /^provops serve: reload failed, keeping the previous configuration: .*targets\[0\]\.url/,
    );
    expect((await get(`${s.exporter.url}/probe?target=us&checks=health`)).status).toBe(200);
    const metrics = (await get(`${s.exporter.url}/metrics`)).body;
    expect(metrics).toContain('provops_exporter_config_reloads_total{result="success"} 1');
    expect(metrics).toContain('provops_exporter_config_reloads_total{result="failure"} 1');
    expect(metrics).toContain('provops_exporter_config_last_reload_successful 0');
    expect(metrics).toContain('provops_exporter_targets 2');
  });

  it('asks its scrapers for the configured bearer token, except on /-/healthy', async () => {
    const sim = await gateway();
    const { exporter: e } = await exporter(
      `serve: { auth: { bearerToken: scrape-token-123456 } }\ntargets:\n${targetYaml('eu', sim)}\n`,
    );
    expect((await get(`${e.url}/-/healthy`)).status).toBe(200);
    const denied = await get(`${e.url}/probe?target=eu`);
    expect([denied.status, denied.headers['www-authenticate']]).toEqual([401, 'Bearer realm="provops"']);
    expect((await get(`${e.url}/metrics`, { authorization: 'Bearer wrong-token-0000' })).status).toBe(401);
    expect((await get(`${e.url}/metrics`, { authorization: 'Bearer scrape-token-123456' })).status).toBe(200);
    expect(sim.hits.count()).toBe(0);
  });

  it('takes basic auth too', async () => {
    const sim = await gateway();
    const { exporter: e } = await exporter(
      `serve: { auth: { username: prom, password: basic-pass-123456 } }\ntargets:\n${targetYaml('eu', sim)}\n`,
    );
    const basic = (s: string) => ({ authorization: `Basic ${Buffer.from(s).toString('base64')}` });
    expect((await get(`${e.url}/metrics`, basic('prom:nope-nope-nope'))).status).toBe(401);
    expect((await get(`${e.url}/metrics`, basic('prom:basic-pass-123456'))).status).toBe(200);
  });
});
