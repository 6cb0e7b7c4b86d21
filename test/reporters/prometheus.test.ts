// The textfile-collector output: accepted by promtool (the real consumer), one status series per status,
// base units, families grouped under their HELP/TYPE, several targets in one file.
import { describe, expect, it } from 'vitest';
import renderPrometheus, { metricFamily } from '../../src/reporters/prometheus.js';
import { STATUSES } from '../../src/check.js';
import type { Report } from '../../src/report.js';
import { promtoolCheck, reportOf, tool, twoTargetReport, withResult } from './helpers.js';

const promtool = tool('promtool');

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of what the reporter writes: every line is HELP, TYPE or `name{labels} value`, no timestamp. */
function parse(text: string): { samples: Sample[]; order: string[] } {
  const samples: Sample[] = [];
  const order: string[] = [];
  for (const line of text.trimEnd().split('\n')) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'HELP') order.push(meta[2] as string);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return { samples, order };
}

const scenarios = ['healthy', 'degraded', 'incident', 'outage'] as const;

describe('prometheus reporter', () => {
  it.skipIf(!promtool).each(scenarios)('promtool check metrics accepts the %s run', async (scenario) => {
    const r = promtoolCheck(renderPrometheus(await reportOf(scenario)));
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });

  it.skipIf(!promtool)(
    'promtool accepts a report of two targets, one with quotes and a backslash in its name',
    async () => {
      const r = promtoolCheck(renderPrometheus(await twoTargetReport()));
      expect([r.code, r.output]).toEqual([0, '']);
    },
  );

  it('promtool itself rejects a broken file (the check above can fail)', () => {
    if (!promtool) return;
    expect(promtoolCheck('provops_x{a="1"} 1\nprovops_x{a="1"} 2\n# TYPE provops_x gauge\n').code).not.toBe(0);
  });

  it('gives every check of every target one series per status, exactly one of them 1: the one it had', async () => {
    const report = await twoTargetReport();
    const { samples } = parse(renderPrometheus(report));
    for (const target of report.targets) {
      for (const r of target.results) {
        const series = samples.filter(
          (s) => s.name === 'provops_check_status' && s.labels.target === target.name && s.labels.check === r.id,
        );
        expect(series.map((s) => s.labels.status)).toEqual([...STATUSES]);
        expect(series.filter((s) => s.value === 1).map((s) => s.labels.status)).toEqual([r.status]);
        const duration = samples.find(
          (s) =>
            s.name === 'provops_check_duration_seconds' && s.labels.target === target.name && s.labels.check === r.id,
        );
        expect(duration?.value).toBe(r.durationMs / 1000);
      }
    }
    expect(samples.filter((s) => s.name === 'provops_target_info').map((s) => s.labels.target)).toEqual([
      'prod-gw',
      'staging "eu"\\1',
    ]);
  });

  it('keeps each family together under its HELP and TYPE, and puts no timestamp on any sample', async () => {
    const text = renderPrometheus(await twoTargetReport());
    const { samples, order } = parse(text);
    expect(new Set(order).size).toBe(order.length);
    let current = '';
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('# TYPE ')) {
        expect(line).toMatch(/ gauge$/);
        current = line.split(' ')[2] as string;
      } else if (!line.startsWith('#')) expect(line.split(/[{ ]/)[0]).toBe(current);
    }
    const seen = samples.map((s) => `${s.name}${JSON.stringify(s.labels)}`);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('writes run-wide facts: start time, duration, exit code, version', async () => {
    const report = await reportOf('incident');
    const { samples } = parse(renderPrometheus(report));
    const value = (name: string) => samples.find((s) => s.name === name)?.value;
    expect(value('provops_run_timestamp_seconds')).toBe(Date.parse(report.startedAt) / 1000);
    expect(value('provops_run_duration_seconds')).toBe(report.durationMs / 1000);
    expect(value('provops_run_exit_code')).toBe(2);
    expect(samples.find((s) => s.name === 'provops_build_info')?.labels.version).toBe(report.version);
  });

  it("turns each check's metrics into base units: ms → seconds, percent → ratio, minutes → seconds", async () => {
    const report = await reportOf('incident');
    const { samples } = parse(renderPrometheus(report));
    const metric = (id: string, key: string) =>
      report.targets[0]?.results.find((r) => r.id === id)?.metrics[key] as number;
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('provops_health_latency_seconds')).toBeCloseTo(metric('health', 'latencyMs') / 1000, 9);
    expect(value('provops_kiro_quota_max_usage_ratio')).toBeCloseTo(metric('kiro-quota', 'maxUsagePct') / 100, 9);
    expect(value('provops_log_scan_longest_burst_seconds')).toBe(metric('log-scan', 'longestBurstMinutes') * 60);
    expect(value('provops_log_scan_responses', { code: '401' })).toBe(metric('log-scan', 'status401'));
    expect(value('provops_spark_eligibility_spark_visible')).toBe(0);
    expect(samples.find((s) => s.name === 'provops_health_info')?.labels.path).toBe(metric('health', 'path'));
    for (const s of samples) expect(s.name).toMatch(/^provops_[a-z0-9_]+$/);
  });

  it('labels per-provider and per-account series: provider success ratios, Kiro usage by account', async () => {
    const report = await reportOf('incident');
    const { samples } = parse(renderPrometheus(report));
    const results = report.targets[0]?.results ?? [];
    const providers = results.find((r) => r.id === 'provider-metrics')?.series ?? [];
    expect(providers.length).toBeGreaterThan(0);
    for (const s of providers.filter((x) => x.metric === 'successRate')) {
      const sample = samples.find(
        (x) => x.name === 'provops_provider_metrics_success_ratio' && x.labels.provider === s.labels.provider,
      );
      expect(sample?.value).toBeCloseTo(s.value, 9);
    }
    const kiro = samples.filter((x) => x.name === 'provops_kiro_quota_usage_ratio');
    expect(kiro.map((x) => [x.labels.account, x.value])).toEqual(
      expect.arrayContaining([
        ['ops@example.com', 1],
        ['backup@example.com', 0.4],
      ]),
    );
    for (const x of kiro) expect(x.labels.auth_index).toMatch(/^[0-9a-f]{16}$/);
  });

  it.skipIf(!promtool)(
    'keeps a series label that would take over target or check apart, and promtool accepts it',
    async () => {
      const report = withResult(await reportOf('healthy'), 0, {
        series: [{ metric: 'latencyMs', labels: { target: 'x', check: 'y', 'odd key!': 'a"b\\c\nd' }, value: 5 }],
      });
      const text = renderPrometheus(report);
      expect(text).toContain(
        'provops_health_latency_seconds{target="demo",series_target="x",series_check="y",odd_key="a\\"b\\\\c\\nd"} 0.005',
      );
      expect(promtoolCheck(text)).toEqual({ code: 0, output: '' });
    },
  );

  it.each([
    ['spark-error-ratio', 'ratio', 'ratio', 'provops_spark_error_ratio'],
    ['health', 'latency', 'seconds', 'provops_health_latency_seconds'],
    ['log-scan', 'read', 'bytes', 'provops_log_scan_read_bytes'],
    ['check', 'status', '', 'provops_check_metric_check_status'],
    ['run', 'duration', 'seconds', 'provops_check_metric_run_duration_seconds'],
  ])('names %s/%s (%s) %s, never a built-in family', (id, name, unit, family) => {
    expect(metricFamily(id, name, unit)).toBe(family);
  });

  it('is a pure function of the report (serve and the textfile get the same bytes for one report)', async () => {
    const report: Report = await reportOf('degraded');
    const a = renderPrometheus(report);
    expect(renderPrometheus(structuredClone(report))).toBe(a);
  });
});
