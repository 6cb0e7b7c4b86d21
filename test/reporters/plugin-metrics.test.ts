// A plugin's metrics reach the machine reports like a built-in check's: its declared thresholds in the
// Nagios perfdata, its per-queue series as labelled Prometheus metrics (accepted by promtool).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { promtoolCheck, tool } from './helpers.js';

const NOW = '2026-11-26T12:00:00Z';
const promtool = tool('promtool');

const PLUGIN = (thresholds: string) => `
export default {
  id: 'queue-depth',
  title: 'Job queue depth',
  description: 'The batch queues in front of the gateway are not backing up.',
  options: { warnDepth: 100, failDepth: 1000 },
  metricThresholds: ${thresholds},
  async run(ctx) {
    const queues = { batch: 250, realtime: 3 };
    const depth = Math.max(...Object.values(queues));
    return {
      status: depth >= ctx.options.warnDepth ? 'warn' : 'pass',
      summary: \`deepest queue \${depth} (warn >= \${ctx.options.warnDepth})\`,
      hint: 'Scale the workers.',
      metrics: { maxDepth: depth, oldestJobMs: 1500 },
      series: Object.entries(queues).map(([queue, value]) => ({ metric: 'depth', labels: { queue }, value })),
    };
  },
};
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'provops-plugin-metrics-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('plugin metrics in the machine reports', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW });
  });
  afterAll(async () => sim.close());
  const env = () => ({ PROVOPS_API_KEY: sim.keys.apiKey, PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey });

  it('puts declared thresholds in the perfdata and series in labelled metrics', async () => {
    const cwd = folder({
      'provops.yaml': `url: ${sim.url}\nplugins: [./q.js]\nchecks:\n  queue-depth: { warnDepth: 200 }\n`,
      'q.js': PLUGIN("{ maxDepth: { warn: 'warnDepth', fail: 'failDepth' } }"),
    });
    const r = await runCli(
      [
        'daily',
        '--only',
        'queue-depth',
        '--no-state',
        '--now',
        NOW,
        '--format',
        'nagios',
        '--report',
        'prometheus=q.prom',
      ],
      { cwd, env: env() },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      "PROVOPS WARNING - 1 check: 1 warn - queue-depth warning | 'queue-depth maxDepth'=250;200;1000",
    );
    expect(r.stdout).toContain(
      "'queue-depth oldestJobMs'=1500ms 'queue-depth depth batch'=250 'queue-depth depth realtime'=3",
    );
    const prom = readFileSync(join(cwd, 'q.prom'), 'utf8');
    expect(prom).toContain('provops_queue_depth{target="default",queue="batch"} 250');
    expect(prom).toContain('provops_queue_depth_oldest_job_seconds{target="default"} 1.5');
    if (promtool) expect(promtoolCheck(prom)).toEqual({ code: 0, output: '' });
  });

  it('a threshold that names no option of the plugin is a one-line config error', async () => {
    const cwd = folder({
      'provops.yaml': `url: ${sim.url}\nplugins: [./q.js]\n`,
      'q.js': PLUGIN("{ maxDepth: { warn: 'warnDeep' } }"),
    });
    const r = await runCli(['daily', '--no-state'], { cwd, env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /"metricThresholds"\.maxDepth\.warn must name one of the check's options \(warnDepth, failDepth\)\n$/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
