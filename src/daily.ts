// One `daily`/`check` run: the HTTP client, the gateway, state, the runner and the report. Nothing
// here writes to the terminal; warnings come back to the CLI with the report.
import { setMaxListeners } from 'node:events';
import type { Check, CheckContext, RunInputs } from './check.js';
import type { ResolvedConfig } from './config.js';
import { GatewayError } from './errors.js';
import { createGateway, type Gateway } from './gateway/client.js';
import { createHttpClient, type HttpClient } from './gateway/http.js';
import { Redactor } from './redact.js';
import { buildReport, targetReport, type Report, type TargetReport } from './report.js';
import { runChecks, type CheckRun } from './runner.js';
import { cleanResult, cleanValue } from './sanitize.js';
import { Shared } from './shared.js';
import type { TargetSettings } from './config/targets.js';
import {
  isSameKey,
  rejectionOf,
  type ManagementRejection,
  type ReadOutcome,
  type StateEntry,
  type StoredState,
} from './state.js';
import { fileStore, type StateStore } from './state-store.js';
import { LOG_SCAN_ID, type LogScanFacts } from './logs/facts.js';
import { VERSION } from './version.js';

export interface RunOutcome {
  report: Report;
  warnings: string[];
  /** Exceptions behind `error` results, for --debug. */
  causes: Array<{ target: string; id: string; cause: unknown }>;
}

/** One gateway's run, as `daily --url` and the tests make it. */
export type RunConfig = Pick<
  ResolvedConfig,
  | 'target'
  | 'apiKey'
  | 'managementKey'
  | 'checks'
  | 'checkOptions'
  | 'failOn'
  | 'timeoutMs'
  | 'deadlineMs'
  | 'concurrency'
  | 'maxResponseBytes'
  | 'now'
  | 'stateDir'
  | 'inputs'
> &
  Partial<Pick<ResolvedConfig, 'required' | 'tls'>> & {
    /** The CLI's redactor, which already knows every configured secret; one is made from the keys if absent. */
    redactor?: Redactor | undefined;
    /** Milliseconds since the process started (the CLI's): the deadline counts from there, not from the first check. */
    spentMs?: number | undefined;
  };

/** Several gateways in one run: what they share, and what each has of its own. */
export interface FleetRunConfig
  extends
    Pick<
      ResolvedConfig,
      'failOn' | 'timeoutMs' | 'deadlineMs' | 'concurrency' | 'maxResponseBytes' | 'now' | 'stateDir'
    >,
    Partial<Pick<ResolvedConfig, 'tls'>> {
  targets: readonly TargetSettings[];
  targetConcurrency: number;
  /** Where state lives; default one file per target under stateDir (none when stateDir is unset). */
  store?: StateStore | undefined;
  /** The CLI's redactor, which already knows every configured secret; one is made from the keys if absent. */
  redactor?: Redactor | undefined;
  /** Milliseconds since the process started (the CLI's): the deadline counts from there, not from the first check. */
  spentMs?: number | undefined;
}

export async function runDaily(config: RunConfig, signal?: AbortSignal): Promise<RunOutcome> {
  return runFleet(asFleet(config), signal);
}

/** One gateway's run as a fleet of one. */
export function asFleet(config: RunConfig): FleetRunConfig {
  const { target, apiKey, managementKey, checks, checkOptions, inputs, required, ...shared } = config;
  return {
    ...shared,
    targets: [{ target, apiKey, managementKey, checks, checkOptions, inputs, required }],
    targetConcurrency: 1,
  };
}

/**
 * Runs every target, at most `targetConcurrency` at once, over one HTTP dispatcher (connection pools
 * are per origin, so targets never share a connection). Each target gets its own keys, state and
 * management-ban memory, and a share of the deadline: the time left divided by the rounds of targets
 * still to start, so that every target starts, and the whole run ends, by the deadline.
 */
export async function runFleet(config: FleetRunConfig, signal?: AbortSignal): Promise<RunOutcome> {
  const startedAt = new Date();
  const t0 = performance.now();
  const now = config.now ?? startedAt;
  const warnings: string[] = [];
  const store = config.store ?? (config.stateDir ? fileStore(config.stateDir) : undefined);
  // Knows every target's keys before the first request: each response is scrubbed as it arrives.
  const redactor = config.redactor ?? new Redactor();
  for (const t of config.targets) {
    redactor.add(t.apiKey);
    redactor.add(t.managementKey);
  }
  const http = createHttpClient({
    timeoutMs: config.timeoutMs,
    maxBytes: config.maxResponseBytes,
    // Sized to the requests a run has in flight at once (issue 11: the pool must never add a round trip).
    connections: Math.max(8, config.concurrency * 2),
    tls: config.tls,
  });
  const slots = Math.max(1, Math.min(config.targetConcurrency, config.targets.length));
  // Every running target listens for the interrupt: that is expected, not a leak.
  if (signal) setMaxListeners(Math.max(10, slots * 2 + 10), signal);
  const results: Array<{ report: TargetReport; causes: RunOutcome['causes'] }> = [];
  const env: RunEnvironment = { http, store, now, signal, warnings, redactor };
  let next = 0;
  const worker = async () => {
    while (next < config.targets.length) {
      const index = next++;
      const settings = config.targets[index] as TargetSettings;
      const elapsed = performance.now() - t0 + (config.spentMs ?? 0);
      if (signal?.aborted) results[index] = notStarted(settings, 'interrupted before it started');
      else if (elapsed >= config.deadlineMs)
        results[index] = notStarted(
          settings,
          `deadline exceeded (${config.deadlineMs} ms for the whole run) before it started`,
        );
      else
        results[index] = await runTarget(settings, { ...config, ...deadlineShare(config, index, slots, elapsed) }, env);
    }
  };
  try {
    await Promise.all(Array.from({ length: slots }, worker));
  } finally {
    await http.close();
  }
  const report = buildReport({
    startedAt,
    now,
    durationMs: Math.round(performance.now() - t0),
    failOn: config.failOn,
    targets: results.map((r) => r.report),
  });
  return { report, warnings, causes: results.flatMap((r) => r.causes) };
}

/** The time left, divided by the rounds of targets still to start; all of it for a single target. */
function deadlineShare(
  config: FleetRunConfig,
  index: number,
  slots: number,
  elapsedMs: number,
): { deadlineMs: number; deadlineReason?: string; spentMs?: number } {
  if (config.targets.length === 1) return { deadlineMs: config.deadlineMs, spentMs: elapsedMs };
  const rounds = Math.ceil((config.targets.length - index) / slots);
  const share = Math.max(1, Math.floor((config.deadlineMs - elapsedMs) / rounds));
  return {
    deadlineMs: share,
    deadlineReason: `deadline exceeded (this target's share: ${share} ms of ${config.deadlineMs} ms for ${config.targets.length} targets, ${slots} at a time)`,
  };
}

interface RunEnvironment {
  http: HttpClient;
  store: StateStore | undefined;
  now: Date;
  signal: AbortSignal | undefined;
  warnings: string[];
  redactor: Redactor;
}

function notStarted(settings: TargetSettings, reason: string) {
  const runs: CheckRun[] = settings.checks.map((c) => ({
    id: c.id,
    durationMs: 0,
    result: { status: 'error', summary: reason },
  }));
  return { report: targetReport(settings.target, settings.checks, runs, settings.checkOptions), causes: [] };
}

async function runTarget(
  config: TargetSettings,
  limits: Pick<FleetRunConfig, 'timeoutMs' | 'deadlineMs' | 'concurrency'> & {
    deadlineReason?: string | undefined;
    spentMs?: number | undefined;
  },
  env: RunEnvironment,
) {
  const { store, now, signal, redactor } = env;
  const warn = (m: string) => env.warnings.push(m);
  const stored: ReadOutcome = store ? store.read(config.target, warn) : { checks: {} };
  const previous: Record<string, StateEntry> = stored.checks;
  const remembered: Record<string, StateEntry> = {};
  const refused =
    stored.managementRejection && config.managementKey && isSameKey(stored.managementRejection, config.managementKey)
      ? stored.managementRejection
      : undefined;
  const gateway = createGateway(env.http, {
    url: config.target.url,
    apiKey: config.apiKey,
    managementKey: config.managementKey,
    userAgent: `provops/${VERSION}`,
    refuseManagement: refused && store && refusalTo(refused, store.forgetHint(config.target)),
    // Every body and header is scrubbed as it arrives: nothing later (a quote cut at 120 characters, a
    // model id kept in state) can hold a key the gateway echoed.
    scrub: redactor.empty ? undefined : (text) => redactor.scrub(text),
  });
  let shared: Shared | undefined;

  const runs: CheckRun[] = await runChecks({
    checks: config.checks,
    concurrency: limits.concurrency,
    deadlineMs: limits.deadlineMs,
    deadlineReason: limits.deadlineReason,
    spentMs: limits.spentMs,
    requestTimeoutMs: limits.timeoutMs,
    inputs: config.inputs,
    signal,
    onStart: (runSignal, liveness) => {
      shared = new Shared(gateway, runSignal);
      gateway.hold?.(liveness);
    },
    context: (check: Check, checkSignal: AbortSignal): CheckContext<unknown> => ({
      target: config.target,
      options: config.checkOptions[check.id] ?? {},
      now,
      signal: checkSignal,
      gateway,
      shared: shared as Shared,
      inputs: config.inputs satisfies RunInputs,
      previous: previous[check.id],
      // Cleaned when written (below): with state off nothing is kept, and a million ids cost nothing.
      remember: (data: unknown) => {
        remembered[check.id] = { at: now.toISOString(), data };
      },
      remembers: store !== undefined,
    }),
  });

  const outcome = gateway.management();
  const changesRejection =
    !refused &&
    ((outcome.outcome === 'rejected' && outcome.countsTowardBan) ||
      (outcome.outcome === 'accepted' && stored.managementRejection !== undefined));
  if (store && stored.usable !== false && (Object.keys(remembered).length || changesRejection)) {
    const target = config.target;
    store.write(
      target,
      {
        target,
        // Merged with what is on disk now: a run that overlapped this one may have written since.
        merge: (current) => ({
          schemaVersion: 1,
          target,
          checks: { ...current.checks, ...cleanEntries(remembered, redactor) },
          managementRejection: nextRejection(outcome, config.managementKey, stored, current.managementRejection, now),
        }),
      },
      warn,
    );
  }
  // Outside text enters the report here, redacted and without control characters, before any reporter cuts or wraps it.
  const cleaned = runs.map((r) => ({ ...r, result: cleanResult(r.result, redactor) }));
  const report: TargetReport = targetReport(
    config.target,
    config.checks,
    cleaned,
    config.checkOptions,
    config.required,
    versionOf(gateway, shared),
  );
  const causes = runs.flatMap((r) =>
    r.cause === undefined ? [] : [{ target: config.target.name, id: r.id, cause: r.cause }],
  );
  return { report, causes };
}

/** What named the gateway's version this run: a header first (the running process), else the log's startup line. */
function versionOf(gateway: Gateway, shared: Shared | undefined): { version: string; from: string } | null {
  const header = gateway.version();
  if (header) return { version: header.version, from: `X-CPA-VERSION on ${header.from}` };
  const logged = shared?.fact<LogScanFacts>(LOG_SCAN_ID)?.version;
  return logged ? { version: logged, from: 'the last startup line in the log' } : null;
}

/**
 * What to remember about the management key after this run. A rejection on disk is dropped only when
 * this run proved a key it covers (the same key, or the rejection this run started from); a rejection
 * another run wrote meanwhile is never lost.
 */
export function nextRejection(
  outcome: ReturnType<Gateway['management']>,
  key: string | undefined,
  stored: StoredState,
  onDisk: ManagementRejection | undefined,
  now: Date,
): ManagementRejection | undefined {
  if (outcome.outcome === 'rejected' && outcome.countsTowardBan && key) return rejectionOf(key, outcome.status, now);
  if (outcome.outcome === 'accepted' && onDisk && key) {
    const startedFrom = stored.managementRejection?.salt === onDisk.salt;
    if (startedFrom || isSameKey(onDisk, key)) return undefined;
  }
  return onDisk;
}

/** What a run keeps, redacted and without control characters: a model id may be an echoed key. */
function cleanEntries(entries: Record<string, StateEntry>, redactor: Redactor): Record<string, StateEntry> {
  const out: Record<string, StateEntry> = {};
  for (const [id, entry] of Object.entries(entries)) out[id] = { ...entry, data: cleanValue(entry.data, redactor) };
  return out;
}

/** The refusal for a key remembered in the state file `file`. */
export function refusal(rejection: ManagementRejection, file: string): GatewayError {
  return refusalTo(rejection, `delete ${file}`);
}

/** `forget`: what the operator does to make provops try the same key again. */
function refusalTo(rejection: ManagementRejection, forget: string): GatewayError {
  return new GatewayError(
    'management-rejected',
    `management key not sent: this gateway rejected the same key (HTTP ${rejection.status}) at ${rejection.at}, and every failed login counts toward its IP ban (5 in a row → 30 min)`,
    `Fix PROVOPS_MANAGEMENT_KEY (a different key is tried as usual); if the gateway has since been changed to accept this key, ${forget}.`,
  );
}
