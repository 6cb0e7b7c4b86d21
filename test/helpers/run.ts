// Runs named checks through src/run.ts `runDaily` (the path `provops check` takes) against a URL.
import { checks as registry } from '../../checks/index.js';
import type { OptionValue } from '../../src/options.js';
import { defaultsOf } from '../../src/options.js';
import type { ResultEntry } from '../../src/report.js';
import { runDaily, type RunConfig, type RunOutcome } from '../../src/run.js';

export interface RunOptions {
  apiKey?: string;
  managementKey?: string;
  now?: Date;
  stateDir?: string;
  /** Per check id, thresholds that override the defaults (as provops.yaml `checks:` would). */
  options?: Record<string, Record<string, OptionValue>>;
  timeoutMs?: number;
}

export async function runChecks(url: string, ids: string[], opts: RunOptions = {}): Promise<RunOutcome> {
  const picked = registry.filter((c) => ids.includes(c.id));
  if (picked.length !== ids.length) throw new Error(`unknown check id among ${ids.join(', ')}`);
  const config: RunConfig = {
    target: { name: 'test', url },
    apiKey: opts.apiKey,
    managementKey: opts.managementKey,
    checks: picked,
    checkOptions: Object.fromEntries(registry.map((c) => [c.id, { ...defaultsOf(c.options), ...opts.options?.[c.id] }])),
    failOn: 'warn',
    timeoutMs: opts.timeoutMs ?? 5_000,
    deadlineMs: 15_000,
    concurrency: 4,
    maxResponseBytes: 16 * 1024 * 1024,
    now: opts.now,
    stateDir: opts.stateDir,
    inputs: { logFiles: [], logTimezone: undefined },
  };
  return runDaily(config);
}

/** The one result of a single-check run. */
export async function runOne(url: string, id: string, opts: RunOptions = {}): Promise<ResultEntry> {
  const outcome = await runChecks(url, [id], opts);
  const result = outcome.report.targets[0]?.results[0];
  if (!result) throw new Error('no result');
  return result;
}
