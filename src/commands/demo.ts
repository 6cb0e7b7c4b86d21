// The run `provops demo` makes: every check against the embedded simulator with its demo keys, default
// thresholds, no state and no provops.yaml, so a fresh clone shows the main job without a gateway.
import type { Check } from '../check.js';
import { DEFAULTS } from '../config.js';
import { defaultsOf, type OptionValue } from '../options.js';
import type { Format } from '../reporters/index.js';
import type { RunConfig } from '../daily.js';

export interface DemoTarget {
  url: string;
  apiKey: string;
  managementKey: string;
}

export function demoRunConfig(
  registry: readonly Check[],
  target: DemoTarget,
  now: Date | undefined,
  format: Format,
): RunConfig & { format: Format; output: undefined } {
  const checkOptions: Record<string, Record<string, OptionValue>> = {};
  for (const check of registry) checkOptions[check.id] = { ...defaultsOf(check.options) };
  return {
    target: { name: 'demo', url: target.url },
    apiKey: target.apiKey,
    managementKey: target.managementKey,
    checks: [...registry],
    checkOptions,
    failOn: DEFAULTS.failOn,
    timeoutMs: DEFAULTS.timeoutMs,
    deadlineMs: DEFAULTS.deadlineMs,
    concurrency: DEFAULTS.concurrency,
    maxResponseBytes: DEFAULTS.maxResponseBytes,
    now,
    stateDir: undefined,
    // The simulator writes its log timestamps in this machine's zone, which is also the default here.
    inputs: { logFiles: [], logTimezone: undefined },
    format,
    output: undefined,
  };
}
