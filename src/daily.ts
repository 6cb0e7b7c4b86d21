// One `daily`/`check` run: the HTTP client, the gateway, state, the runner and the report. Nothing
// here writes to the terminal; warnings come back to the CLI with the report.
import type { Check, CheckContext, RunInputs } from './check.js';
import type { ResolvedConfig } from './config.js';
import { GatewayError } from './errors.js';
import { createGateway, type Gateway } from './gateway/client.js';
import { createHttpClient } from './gateway/http.js';
import { buildReport, targetReport, type Report, type TargetReport } from './report.js';
import { runChecks, type CheckRun } from './runner.js';
import { Shared } from './shared.js';
import {
  isSameKey,
  readState,
  rejectionOf,
  stateFile,
  writeState,
  type ManagementRejection,
  type StateEntry,
  type StoredState,
} from './state.js';
import { VERSION } from './version.js';

export interface RunOutcome {
  report: Report;
  warnings: string[];
  /** Exceptions behind `error` results, for --debug. */
  causes: Array<{ id: string; cause: unknown }>;
}

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
  Partial<Pick<ResolvedConfig, 'required' | 'tls'>>;

export async function runDaily(config: RunConfig, signal?: AbortSignal): Promise<RunOutcome> {
  const startedAt = new Date();
  const t0 = performance.now();
  const now = config.now ?? startedAt;
  const warnings: string[] = [];
  const target = await runTarget(config, now, signal, warnings);
  const report = buildReport({
    startedAt,
    now,
    durationMs: Math.round(performance.now() - t0),
    failOn: config.failOn,
    targets: [target.report],
  });
  return { report, warnings, causes: target.causes };
}

async function runTarget(config: RunConfig, now: Date, signal: AbortSignal | undefined, warnings: string[]) {
  const warn = (m: string) => warnings.push(m);
  const file = config.stateDir ? stateFile(config.stateDir, config.target) : undefined;
  const stored: StoredState = file ? readState(file, config.target, warn) : { checks: {} };
  const previous: Record<string, StateEntry> = stored.checks;
  const remembered: Record<string, StateEntry> = {};
  const http = createHttpClient({
    timeoutMs: config.timeoutMs,
    maxBytes: config.maxResponseBytes,
    connections: Math.max(2, config.concurrency),
    tls: config.tls,
  });
  const refused =
    stored.managementRejection && config.managementKey && isSameKey(stored.managementRejection, config.managementKey)
      ? stored.managementRejection
      : undefined;
  const gateway = createGateway(http, {
    url: config.target.url,
    apiKey: config.apiKey,
    managementKey: config.managementKey,
    userAgent: `provops/${VERSION}`,
    refuseManagement: refused && refusal(refused, file as string),
  });
  let shared: Shared | undefined;

  let runs: CheckRun[];
  try {
    runs = await runChecks({
      checks: config.checks,
      concurrency: config.concurrency,
      deadlineMs: config.deadlineMs,
      requestTimeoutMs: config.timeoutMs,
      inputs: config.inputs,
      signal,
      onStart: (runSignal) => (shared = new Shared(gateway, runSignal)),
      context: (check: Check, checkSignal: AbortSignal): CheckContext<unknown> => ({
        target: config.target,
        options: config.checkOptions[check.id] ?? {},
        now,
        signal: checkSignal,
        gateway,
        shared: shared as Shared,
        inputs: config.inputs satisfies RunInputs,
        previous: previous[check.id],
        remember: (data: unknown) => {
          remembered[check.id] = { at: now.toISOString(), data };
        },
      }),
    });
  } finally {
    await http.close();
  }

  const rejection = refused ?? nextRejection(gateway, config.managementKey, stored.managementRejection, now);
  if (file && config.stateDir && (Object.keys(remembered).length || rejection !== stored.managementRejection)) {
    writeState(
      file,
      config.stateDir,
      {
        schemaVersion: 1,
        target: config.target,
        checks: { ...previous, ...remembered },
        managementRejection: rejection,
      },
      warn,
    );
  }
  const report: TargetReport = targetReport(config.target, config.checks, runs, config.checkOptions, config.required);
  const causes = runs.flatMap((r) => (r.cause === undefined ? [] : [{ id: r.id, cause: r.cause }]));
  return { report, causes };
}

/** What to remember about the management key after this run: a fresh rejection, or nothing once one was accepted. */
export function nextRejection(
  gateway: Gateway,
  key: string | undefined,
  before: ManagementRejection | undefined,
  now: Date,
): ManagementRejection | undefined {
  const m = gateway.management();
  if (m.outcome === 'accepted') return undefined;
  if (m.outcome === 'rejected' && key) return m.countsTowardBan ? rejectionOf(key, m.status, now) : undefined;
  return before;
}

export function refusal(rejection: ManagementRejection, file: string): GatewayError {
  return new GatewayError(
    'management-rejected',
    `management key not sent: this gateway rejected the same key (HTTP ${rejection.status}) at ${rejection.at}, and every failed login counts toward its IP ban (5 in a row → 30 min)`,
    `Fix PROVOPS_MANAGEMENT_KEY (a different key is tried as usual); if the gateway has since been changed to accept this key, delete ${file}.`,
  );
}
