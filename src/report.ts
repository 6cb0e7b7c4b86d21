// The report every reporter renders: stable and versioned (schemaVersion), one entry per target.
import type { Check, Metric, Result, Series, Status } from './check.js';
import type { OptionValue } from './options.js';
import type { CheckRun } from './runner.js';
import { exitCode, worstStatus, type FailOn } from './exit-code.js';
import { VERSION } from './version.js';

export interface ResultEntry {
  id: string;
  title: string;
  status: Status;
  summary: string;
  details: string[];
  metrics: Record<string, Metric>;
  hint: string | null;
  runbook: string;
  durationMs: number;
  /** The thresholds each metric was held to, when the check declares them (metric key → limits). */
  thresholds: Record<string, Threshold>;
  /** Per-provider, per-account ... measurements ({ metric, labels, value }). */
  series: Series[];
}

/** A metric's limits as configured for this run; `below`: the metric is bad when it falls under them. */
export interface Threshold {
  warn: number | null;
  fail: number | null;
  below: boolean;
}

export interface TargetReport {
  name: string;
  url: string;
  status: Status;
  /**
   * The gateway's version as it named it this run (X-CPA-VERSION on any answer, else the last startup
   * line of the log scanned), with where it came from; null when nothing named it.
   */
  gatewayVersion?: { version: string; from: string } | null;
  results: ResultEntry[];
  /**
   * Checks that skipped for lack of configuration, grouped by what to set: a cron job that lost an
   * env var must not look green without a word. Skips that mean "not served here" are not listed.
   */
  notChecked: Array<{ ids: string[]; set: string }>;
}

export type StatusCounts = Record<Status, number>;

export interface Report {
  schemaVersion: 1;
  tool: 'provops';
  version: string;
  startedAt: string;
  now: string;
  durationMs: number;
  status: Status;
  exitCode: 0 | 1 | 2 | 3;
  summary: StatusCounts;
  targets: TargetReport[];
}

/** The numeric limits a check's metrics were held to in this run, from its metricThresholds declaration. */
function thresholdsOf(
  check: Check | undefined,
  options: Record<string, OptionValue> | undefined,
  metrics: Record<string, Metric>,
): Record<string, Threshold> {
  const out: Record<string, Threshold> = {};
  const value = (name: string | undefined) => {
    const v = name === undefined ? undefined : (options?.[name] ?? check?.options[name]?.default);
    return typeof v === 'number' ? v : null;
  };
  for (const [key, t] of Object.entries(check?.metricThresholds ?? {})) {
    const limits = { warn: value(t.warn), fail: value(t.fail), below: Boolean(t.below) };
    if (typeof metrics[key] === 'number' && (limits.warn !== null || limits.fail !== null)) out[key] = limits;
  }
  return out;
}

export function targetReport(
  target: { name: string; url: string },
  checks: readonly Check[],
  runs: readonly CheckRun[],
  checkOptions: Record<string, Record<string, OptionValue>> = {},
  required: readonly string[] = [],
  gatewayVersion: { version: string; from: string } | null = null,
): TargetReport {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const judged = runs.map((run) => ({ ...run, result: requiredResult(run.result, required.includes(run.id)) }));
  const results = judged.map((run): ResultEntry => {
    const check = byId.get(run.id);
    return {
      id: run.id,
      title: check?.title ?? run.id,
      status: run.result.status,
      summary: run.result.summary,
      details: run.result.details ?? [],
      metrics: run.result.metrics ?? {},
      hint:
        run.result.status === 'warn' || run.result.status === 'fail' || run.result.status === 'error'
          ? (run.result.hint ?? null)
          : null,
      runbook: check?.runbook ?? '',
      durationMs: run.durationMs,
      thresholds: thresholdsOf(check, checkOptions[run.id], run.result.metrics ?? {}),
      series: run.result.series ?? [],
    };
  });
  const notChecked: TargetReport['notChecked'] = [];
  for (const run of judged) {
    const set = run.result.status === 'skip' ? run.result.needs : undefined;
    if (set === undefined) continue;
    const group = notChecked.find((g) => g.set === set);
    if (group) group.ids.push(run.id);
    else notChecked.push({ ids: [run.id], set });
  }
  return {
    name: target.name,
    url: target.url,
    status: worstStatus(results.map((r) => r.status)),
    gatewayVersion,
    results,
    notChecked,
  };
}

/** A required check (require: / --require) that skipped is a fail, for the reason it skipped. */
function requiredResult(result: Result, required: boolean): Result {
  if (!required || result.status !== 'skip') return result;
  const fix = result.needs
    ? `Set ${result.needs} so that it runs`
    : 'Make it applicable to this gateway (see its summary)';
  return {
    ...result,
    status: 'fail',
    summary: `required, but not checked: ${result.summary}`,
    hint: `${fix}, or drop it from require (provops.yaml) / --require.`,
  };
}

/** "not checked: log-scan, kiro-quota — set PROVOPS_MANAGEMENT_KEY", or undefined when everything configured ran. */
export function notCheckedLine(target: Pick<TargetReport, 'notChecked'>): string | undefined {
  if (!target.notChecked.length) return undefined;
  return `not checked: ${target.notChecked.map((g) => `${g.ids.join(', ')} — set ${g.set}`).join('; ')}`;
}

export function buildReport(input: {
  startedAt: Date;
  now: Date;
  durationMs: number;
  failOn: FailOn;
  targets: TargetReport[];
}): Report {
  const statuses = input.targets.flatMap((t) => t.results.map((r) => r.status));
  const summary: StatusCounts = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 };
  for (const s of statuses) summary[s]++;
  return {
    schemaVersion: 1,
    tool: 'provops',
    version: VERSION,
    startedAt: input.startedAt.toISOString(),
    now: input.now.toISOString(),
    durationMs: input.durationMs,
    status: worstStatus(statuses),
    exitCode: exitCode(statuses, input.failOn),
    summary,
    targets: input.targets,
  };
}
