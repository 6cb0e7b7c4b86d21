// Real reports for reporter tests: runDaily against the simulator, plus a two-target report built
// from two runs (the shape fleet runs produce), and the real consumers that validate the output.
import { spawnSync } from 'node:child_process';
import { checks } from '../../checks/index.js';
import { demoRunConfig } from '../../src/commands/demo.js';
import { runDaily } from '../../src/daily.js';
import { worstStatus } from '../../src/exit-code.js';
import { buildReport, type Report } from '../../src/report.js';
import type { Flavor } from '../../src/simulator/names.js';
import { NOW, withSimulator } from '../simulator/helpers.js';

const cache = new Map<string, Promise<Report>>();

/** The report of a full daily run against one scenario (runs once per scenario and flavour per file). */
export function reportOf(scenario: string, flavor: Flavor = 'plus'): Promise<Report> {
  const key = `${scenario}/${flavor}`;
  let report = cache.get(key);
  if (!report) {
    report = withSimulator({ flavor, scenario, now: NOW }, async (sim) => {
      const config = demoRunConfig(checks, { url: sim.url, ...sim.keys }, new Date(NOW), 'json');
      return (await runDaily(config)).report;
    });
    cache.set(key, report);
  }
  return report;
}

/** Two gateways in one report: prod-gw (incident) and "staging \"eu\"" (healthy, a name that needs escaping). */
export async function twoTargetReport(): Promise<Report> {
  const [a, b] = await Promise.all([reportOf('incident'), reportOf('healthy', 'upstream')]);
  const targets = [
    { ...(a.targets[0] as Report['targets'][number]), name: 'prod-gw' },
    { ...(b.targets[0] as Report['targets'][number]), name: 'staging "eu"\\1' },
  ];
  return buildReport({
    startedAt: new Date(a.startedAt),
    now: new Date(a.now),
    durationMs: a.durationMs + b.durationMs,
    failOn: 'warn',
    targets,
  });
}

/** The path of a real consumer's binary, or undefined; under CI a missing one is a failure, never a skip. */
export function tool(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : undefined;
  if (!path && process.env.CI)
    throw new Error(`${name} is not installed; .ci/run installs it (apt-get install prometheus)`);
  return path;
}

export function promtoolCheck(text: string): { code: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

/** `report` with one result of its first target changed (statuses the simulator never plants), totals rebuilt. */
export function withResult(
  report: Report,
  index: number,
  patch: Partial<Report['targets'][number]['results'][number]>,
): Report {
  const targets = structuredClone(report.targets);
  const target = targets[0] as Report['targets'][number];
  target.results[index] = { ...(target.results[index] as Report['targets'][number]['results'][number]), ...patch };
  return buildReport({
    startedAt: new Date(report.startedAt),
    now: new Date(report.now),
    durationMs: report.durationMs,
    failOn: 'warn',
    targets: targets.map((t) => targetStatus(t)),
  });
}

function targetStatus(t: Report['targets'][number]): Report['targets'][number] {
  return { ...t, status: worstStatus(t.results.map((r) => r.status)) };
}
