// The check contract. A check is a plain typed object (identity defineCheck) with its metadata next
// to its logic; the runner, reporters and `list`/`explain` read the same object.
import type { Gateway } from './gateway/client.js';
import type { Shared } from './shared.js';
import type { OptionSpecs, OptionValues } from './options.js';

export const STATUSES = ['pass', 'warn', 'fail', 'error', 'skip'] as const;
export type Status = (typeof STATUSES)[number];

/** The one status ranking: a later status is worse. skip is lowest, so it wins only over nothing. */
export const STATUS_RANK: Record<Status, number> = { skip: 0, pass: 1, warn: 2, fail: 3, error: 4 };

export type Metric = number | string | boolean | null;

/**
 * One measurement per provider, account, ...: `metric` carries its unit in the name like a metrics key
 * (successRate, usagePct), `labels` say whose it is. Machine reports turn them into labelled series.
 */
export interface Series {
  metric: string;
  labels: Record<string, string>;
  value: number;
}

export interface Result {
  status: Status;
  /** One line with the measured value and the threshold it was held to. */
  summary: string;
  details?: string[];
  metrics?: Record<string, Metric>;
  /** Per-provider, per-account ... measurements, for labelled metrics (Prometheus). */
  series?: Series[];
  /** For warn/fail: the runbook's next step. */
  hint?: string | null;
  /**
   * Set when this result makes the checks that depend on this one meaningless: they skip with this
   * reason instead of repeating the same fault (one fault is reported once).
   */
  blocks?: string;
  /**
   * On a skip for lack of configuration (no management key, no log source): what to set so the check
   * runs. Such skips are listed in the report's closing "not checked" line, apart from skips that mean
   * "not served by this gateway version".
   */
  needs?: string;
}

export interface Target {
  name: string;
  url: string;
}

/** Inputs a run hands to every check besides its thresholds. */
export interface RunInputs {
  /** Local gateway log files (already expanded from globs) for log-based checks. */
  logFiles: string[];
  /** IANA zone or ±HH:MM offset the gateway host writes its log timestamps in. */
  logTimezone: string | undefined;
}

export interface CheckContext<T> {
  readonly target: Target;
  /** The check's thresholds: defaults, overridden by provops.yaml `checks.<id>`. */
  readonly options: T;
  /** The instant the run is evaluated at (`--now`); windows are measured back from it. */
  readonly now: Date;
  readonly signal: AbortSignal;
  readonly gateway: Gateway;
  readonly shared: Shared;
  readonly inputs: RunInputs;
  /** What this check remembered on the previous run against this target, if state is on. */
  readonly previous: { at: string; data: unknown } | undefined;
  /** Keep `data` for the next run against this target (ignored with --no-state). */
  remember(data: unknown): void;
  /** Whether `remember` keeps anything (state is on): what only state needs can be skipped otherwise. */
  readonly remembers: boolean;
}

export interface Explanation {
  /** What each status means for this check. */
  statuses: Partial<Record<Status, string>>;
  /** The runbook's own steps for this check, verbatim where they are commands. */
  runbookSteps: string[];
  /** Where the real gateway differs from the runbook, and what provops does about it. */
  gatewayNotes?: string[];
}

export interface MetricThreshold<K extends string = string> {
  warn?: K;
  fail?: K;
  below?: boolean;
}

export interface Check<O extends OptionSpecs = OptionSpecs> {
  /** kebab-case and stable: a CLI value, a config key, a JSON field and the file name. */
  id: string;
  title: string;
  /** What "bad" means operationally. */
  description: string;
  /** The runbook section it implements. */
  runbook: string;
  options: O;
  /**
   * Which thresholds each metric is held to (metric key → option names), so that machine reports can
   * put the limit next to the value (Nagios perfdata). `below`: the metric is bad when it falls under them.
   */
  metricThresholds?: Record<string, MetricThreshold>;
  /** Checks whose result this one reads; a dependency that `blocks` makes this one skip. */
  dependsOn?: string[];
  /** Checks this one runs after when they are in the run (to reuse what they fetched), without inheriting their skips. */
  after?: string[];
  /**
   * false for checks that do not talk to the gateway, so they still run when it is unreachable; a
   * function when that depends on the inputs (a log scan of local files needs no gateway).
   */
  network?: boolean | ((inputs: RunInputs) => boolean);
  /** A liveness check: when it reports the gateway unreachable, every network check skips. */
  liveness?: boolean;
  /**
   * A budget for the whole check, in units of the per-request timeout (default 3), or 'deadline'
   * for checks whose work grows with local input (a log scan) and is bounded by the run deadline.
   */
  budget?: number | 'deadline';
  explain: Explanation;
  /**
   * For checks that hold each run to a remembered baseline: `provops baseline accept` turns what the
   * check remembered last into the new baseline, or says why it cannot (a string).
   */
  baseline?: { accept(remembered: unknown, now: Date): { data: unknown; message: string } | string };
  run(ctx: CheckContext<OptionValues<O>>): Promise<Result>;
  /**
   * Starts the requests run() will make, through ctx.shared so run() reuses them, as soon as the run
   * starts and outside the concurrency slots: a slot then never adds a round trip. Must not throw or
   * await; the gateway holds the requests until liveness reports.
   */
  prefetch?(ctx: CheckContext<OptionValues<O>>): void;
  /**
   * Round trips this check's requests need in sequence (default 1; kiro-quota: auth-files, then the
   * quota). Deeper chains are prefetched first, so their first management request is the key test
   * and shares the liveness round trip.
   */
  prefetchDepth?: number;
}

/** Identity; it also holds metricThresholds to the check's own option names. */
export function defineCheck<O extends OptionSpecs>(
  check: Check<O> & { metricThresholds?: Record<string, MetricThreshold<keyof O & string>> },
): Check<O> {
  return check;
}

/** Small constructors so checks read as their verdicts. */
export const result = {
  pass: (summary: string, extra: Omit<Result, 'status' | 'summary'> = {}): Result => ({
    status: 'pass',
    summary,
    ...extra,
  }),
  warn: (summary: string, hint: string, extra: Omit<Result, 'status' | 'summary' | 'hint'> = {}): Result => ({
    status: 'warn',
    summary,
    hint,
    ...extra,
  }),
  fail: (summary: string, hint: string, extra: Omit<Result, 'status' | 'summary' | 'hint'> = {}): Result => ({
    status: 'fail',
    summary,
    hint,
    ...extra,
  }),
  error: (summary: string, extra: Omit<Result, 'status' | 'summary'> = {}): Result => ({
    status: 'error',
    summary,
    ...extra,
  }),
  skip: (summary: string, extra: Omit<Result, 'status' | 'summary'> = {}): Result => ({
    status: 'skip',
    summary,
    ...extra,
  }),
};
