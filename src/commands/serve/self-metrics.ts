// The exporter's own metrics (GET /metrics): probes by where their answer came from, runs and their
// durations, failures, config reloads and the process's memory. Label values are configured target
// names only (rejected probes are counted by reason), so the series stay bounded over days.
import { VERSION } from '../../version.js';
import type { ProbeSource } from './probe-cache.js';

type Labels = Record<string, string>;

class Counter {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' = 'counter',
  ) {}

  inc(labels: Labels, by = 1): void {
    const id = JSON.stringify(labels);
    const v = this.values.get(id) ?? { labels, value: 0 };
    v.value += by;
    this.values.set(id, v);
  }

  set(labels: Labels, value: number): void {
    this.values.set(JSON.stringify(labels), { labels, value });
  }
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export class SelfMetrics {
  private readonly startedAt = Date.now() / 1000;
  readonly probes = new Counter(
    'provops_exporter_probes_total',
    'Probes answered, by target and by where the answer came from: a new run, the cache, or a run in flight.',
  );
  readonly cacheHits = new Counter(
    'provops_exporter_cache_hits_total',
    'Probes answered without a new run (kept or shared), by target.',
  );
  readonly rejected = new Counter(
    'provops_exporter_probe_rejections_total',
    'Requests refused before any run, by reason (unknown target, bad request, unauthorized).',
  );
  readonly runs = new Counter('provops_exporter_runs_total', 'Check runs made against a target.');
  readonly runSeconds = new Counter(
    'provops_exporter_run_duration_seconds_total',
    'Time spent in check runs against a target, in seconds (divide by provops_exporter_runs_total for the mean).',
  );
  readonly errors = new Counter(
    'provops_exporter_run_errors_total',
    'Runs that ended in an internal error instead of a report, by target.',
  );
  readonly reloads = new Counter('provops_exporter_config_reloads_total', 'Configuration reloads, by result.');
  readonly lastReloadOk = new Counter(
    'provops_exporter_config_last_reload_successful',
    'Whether the last configuration reload succeeded (1) or kept the previous configuration (0).',
    'gauge',
  );
  readonly targets = new Counter('provops_exporter_targets', 'Targets configured for /probe.', 'gauge');

  probe(target: string, source: ProbeSource): void {
    this.probes.inc({ target, source });
    if (source !== 'run') this.cacheHits.inc({ target });
  }

  render(): string {
    const out: string[] = [];
    const family = (name: string, help: string, type: string, samples: string[]) =>
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    for (const c of [
      this.probes,
      this.cacheHits,
      this.rejected,
      this.runs,
      this.runSeconds,
      this.errors,
      this.reloads,
      this.lastReloadOk,
      this.targets,
    ]) {
      const samples = [...c.values.values()].map(({ labels, value }) => {
        const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`);
        return `${c.name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${Number(value.toPrecision(15))}`;
      });
      family(c.name, c.help, c.type, samples);
    }
    family('provops_exporter_build_info', 'The provops version serving these metrics.', 'gauge', [
      `provops_exporter_build_info{version="${escape(VERSION)}"} 1`,
    ]);
    family('process_resident_memory_bytes', 'Resident memory size in bytes.', 'gauge', [
      `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    ]);
    family('process_start_time_seconds', 'Start time of the process since the Unix epoch in seconds.', 'gauge', [
      `process_start_time_seconds ${Math.round(this.startedAt)}`,
    ]);
    return `${out.join('\n')}\n`;
  }
}
