// End to end with a real Prometheus: `provops serve` over two simulated gateways (one healthy, one in
// the incident scenario), Prometheus scraping it with the shipped scrape config (intervals shortened)
// and evaluating the shipped alert rules; the assertions go through Prometheus's HTTP query API.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { freePort } from '../helpers/server.js';
import { startServe, type ServeProcess } from '../serve/process.js';
import { findTool } from './prometheus-tool.js';

const DEPLOY = resolve(import.meta.dirname, '../../deploy/prometheus');
const prometheus = findTool('prometheus');

interface PromConfig {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: Array<{
    job_name: string;
    scrape_interval?: string;
    scrape_timeout?: string;
    static_configs: Array<{ targets: string[] }>;
    relabel_configs?: Array<{ replacement?: string }>;
  }>;
}

/** The shipped config, pointed at this test's exporter and targets, with short intervals. */
function testConfig(exporter: string, targets: string[]): string {
  const config = yaml.load(readFileSync(join(DEPLOY, 'prometheus.yml'), 'utf8')) as PromConfig;
  config.global = { scrape_interval: '10s', evaluation_interval: '1s' };
  config.rule_files = config.rule_files.map((f) => join(DEPLOY, f));
  for (const job of config.scrape_configs) {
    job.scrape_interval = '10s';
    job.scrape_timeout = '10s';
    if (job.job_name === 'provops') {
      (job.static_configs[0] as { targets: string[] }).targets = targets;
      for (const r of job.relabel_configs ?? []) if (r.replacement?.includes(':9317')) r.replacement = exporter;
    } else job.static_configs = [{ targets: [exporter] }];
  }
  return yaml.dump(config);
}

let sims: RunningSimulator[] = [];
let serve: ServeProcess | undefined;
let prom: ChildProcess | undefined;
let api = '';

async function query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data: { result: [] } };
  if (body.status !== 'success') throw new Error(`query ${expr}: ${JSON.stringify(body)}`);
  return body.data.result;
}

/** Polls until `expr` returns at least `count` series (Prometheus scrapes and evaluates on its own clock). */
async function eventually(expr: string, count: number, ms = 45_000) {
  const until = Date.now() + ms;
  for (;;) {
    const result = await query(expr).catch(() => []);
    if (result.length >= count) return result;
    if (Date.now() > until) throw new Error(`${expr} returned ${result.length} series after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.skipIf(!prometheus)('provops serve scraped by a real Prometheus', () => {
  beforeAll(async () => {
    // Clocks not pinned: serve runs at the wall clock, like the gateways it watches.
    sims = await Promise.all((['healthy', 'incident'] as const).map((scenario) => startSimulator({ scenario })));
    const dir = mkdtempSync(join(tmpdir(), 'provops-prom-e2e-'));
    const entries = sims.map(
      (s) =>
        `  - { name: ${s.scenario.name}, url: "${s.url}", apiKey: "${s.keys.apiKey}", managementKey: "${s.keys.managementKey}" }`,
    );
    writeFileSync(join(dir, 'provops.yaml'), `serve: { minIntervalSeconds: 60 }\ntargets:\n${entries.join('\n')}\n`);
    const [servePort, promPort] = [await freePort(), await freePort()];
    serve = startServe(['--listen', `127.0.0.1:${servePort}`, '--no-state'], dir);
    await serve.waitFor(/listening on/);

    writeFileSync(join(dir, 'prometheus.yml'), testConfig(`127.0.0.1:${servePort}`, ['healthy', 'incident']));
    api = `http://127.0.0.1:${promPort}`;
    prom = spawn(
      prometheus as string,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    const until = Date.now() + 30_000;
    while (
      !(await fetch(`${api}/-/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > until) throw new Error('Prometheus did not become ready within 30 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 60_000);

  afterAll(async () => {
    prom?.kill('SIGTERM');
    await serve?.stop();
    await Promise.all(sims.map((s) => s.close()));
  });

  it('scrapes both targets through /probe?target= and sees the incident in the status series', async () => {
    const up = await eventually('up{job="provops"} == 1', 2);
    expect(up.map((r) => r.metric.instance).sort()).toEqual(['healthy', 'incident']);
    const worst = await eventually('provops_target_status == 1', 2);
    expect(Object.fromEntries(worst.map((r) => [r.metric.instance, r.metric.status]))).toEqual({
      healthy: 'pass',
      incident: 'fail',
    });
    const failing = await query('provops_check_status{instance="incident",status="fail"} == 1');
    expect(failing.map((r) => r.metric.check)).toEqual(
      expect.arrayContaining(['kiro-quota', 'antigravity-aliases', 'log-scan']),
    );
    expect(await query('provops_check_status{instance="healthy",status=~"warn|fail|error"} == 1')).toEqual([]);
  }, 60_000);

  it('fires the alert rules for the incident, and none for the healthy gateway', async () => {
    // The rule's own expression, evaluated by Prometheus, then the alert it drives.
    const kiro = await eventually('provops_kiro_quota_max_usage_ratio >= 0.95', 1);
    expect(kiro.map((r) => r.metric.target)).toEqual(['incident']);
    const alerts = await eventually('ALERTS{alertstate="firing",target="incident"}', 3);
    expect(alerts.map((r) => r.metric.alertname)).toEqual(
      expect.arrayContaining([
        'ProvopsKiroQuotaCritical',
        'ProvopsModelMissingForKey',
        'ProvopsAuthOrRateLimitSustained',
      ]),
    );
    expect(await query('ALERTS{target="healthy"}')).toEqual([]);
    // The scrapes are answered from one run per target, kept for minIntervalSeconds (60).
    const runs = await eventually('provops_exporter_runs_total', 2);
    expect(runs.map((r) => Number(r.value[1])).every((n) => n >= 1 && n <= 2)).toBe(true);
  }, 60_000);
});
