// The Prometheus text format for node_exporter's textfile collector (and `provops serve`'s /probe): a pure
// function of the report. Each check's status is one series per status (1 for the one it has, 0 for the
// others), so alerts match `{status="fail"} == 1` without knowing a code table and a new status stays a
// new label value; durations in seconds, the run's timestamp, and every numeric metric of every check in
// base units. No sample carries a timestamp: the textfile collector refuses them.
import { STATUSES } from '../check.js';
import type { Report, ResultEntry, TargetReport } from '../report.js';
import { measure, snake } from './units.js';

interface Family {
  help: string;
  type: 'gauge';
  samples: string[];
}

type Labels = Record<string, string>;

/** Label values escape backslash, double quote and newline; nothing else needs it. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(Number(value.toPrecision(15)));
}

function sample(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`;
}

/** Families a check's metric must not take over, whatever its id. */
const RESERVED = /^provops_(check|run|target|build)_/;

/** provops_<check>_<metric>_<unit>, without saying a word twice (spark-error-ratio's ratioPct → provops_spark_error_ratio). */
export function metricFamily(checkId: string, name: string, unit: string): string {
  const check = snake(checkId);
  let family = check === name || check.endsWith(`_${name}`) ? `provops_${check}` : `provops_${check}_${name}`;
  if (unit && !family.endsWith(`_${unit}`)) family += `_${unit}`;
  return RESERVED.test(family) ? family.replace(/^provops_/, 'provops_check_metric_') : family;
}

class Exposition {
  private readonly families = new Map<string, Family>();
  private readonly series = new Set<string>();

  /** Adds a sample; a second sample of the same series (two keys naming one metric) is dropped, not duplicated. */
  add(name: string, help: string, labels: Labels, value: number): void {
    const line = sample(name, labels, value);
    const id = line.slice(0, line.lastIndexOf(' '));
    if (this.series.has(id)) return;
    this.series.add(id);
    let family = this.families.get(name);
    if (!family) this.families.set(name, (family = { help, type: 'gauge', samples: [] }));
    family.samples.push(line);
  }

  toString(): string {
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# HELP ${name} ${escapeHelp(f.help)}`, `# TYPE ${name} ${f.type}`, ...f.samples);
    }
    return `${out.join('\n')}\n`;
  }
}

function addResult(x: Exposition, target: TargetReport, r: ResultEntry): void {
  const base = { target: target.name, check: r.id };
  for (const status of STATUSES)
    x.add(
      'provops_check_status',
      'Status of a check in the last run: 1 for the status it had, 0 for the others.',
      { ...base, status },
      r.status === status ? 1 : 0,
    );
  x.add('provops_check_duration_seconds', 'How long the check took in the last run.', base, r.durationMs / 1000);

  const info: Labels = {};
  for (const [key, metric] of Object.entries(r.metrics)) {
    if (typeof metric === 'string') info[snake(key)] = metric;
    const m = measure(key, metric);
    if (!m) continue;
    const unit = m.unit ? `, in ${m.unit === 'ratio' ? 'a ratio 0..1' : m.unit}` : '';
    x.add(
      metricFamily(r.id, m.name, m.unit),
      `${r.title} (${r.id}): ${m.about ?? key}${unit}, as measured by the last run.`,
      { target: target.name, ...m.labels },
      m.value,
    );
  }
  for (const s of r.series) {
    const m = measure(s.metric, s.value);
    if (!m) continue;
    const unit = m.unit ? `, in ${m.unit === 'ratio' ? 'a ratio 0..1' : m.unit}` : '';
    const labels: Labels = {};
    for (const [k, v] of Object.entries(s.labels)) {
      const name = snake(k);
      // a label a series brings may not take over the ones every series has
      labels[name === 'target' || name === 'check' ? `series_${name}` : name] = v;
    }
    x.add(
      metricFamily(r.id, m.name, m.unit),
      `${r.title} (${r.id}): ${m.about ?? s.metric}${unit}, per ${Object.keys(labels).join(', ') || 'series'}.`,
      { target: target.name, ...labels, ...m.labels },
      m.value,
    );
  }
  // Text facts (the health path that answered, the worst provider) as an info series.
  if (Object.keys(info).length) {
    const labels: Labels = { target: target.name };
    for (const [k, v] of Object.entries(info)) if (!(k in labels)) labels[k] = v;
    x.add(metricFamily(r.id, 'info', ''), `${r.title} (${r.id}): text facts of the last run, as labels.`, labels, 1);
  }
}

export default function renderPrometheus(report: Report): string {
  const x = new Exposition();
  x.add('provops_build_info', 'The provops version that wrote these metrics.', { version: report.version }, 1);
  x.add(
    'provops_run_timestamp_seconds',
    'When the last run started, in seconds since the Unix epoch (alert when it grows stale).',
    {},
    Date.parse(report.startedAt) / 1000,
  );
  x.add('provops_run_duration_seconds', 'How long the last run took.', {}, report.durationMs / 1000);
  x.add(
    'provops_run_exit_code',
    'Exit code of the last run: 0 pass/skip, 1 warn, 2 fail, 3 error (after --fail-on).',
    {},
    report.exitCode,
  );
  for (const target of report.targets) {
    x.add('provops_target_info', 'A gateway the last run checked.', { target: target.name, url: target.url }, 1);
    for (const status of STATUSES)
      x.add(
        'provops_target_status',
        'Worst status of a target in the last run: 1 for that status, 0 for the others.',
        { target: target.name, status },
        target.status === status ? 1 : 0,
      );
  }
  for (const target of report.targets) for (const r of target.results) addResult(x, target, r);
  return x.toString();
}
