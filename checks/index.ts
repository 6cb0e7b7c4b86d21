// The ordered registry, in runbook order. Results appear in this order whatever finishes first.
import type { Check } from '../src/check.js';
import antigravityAliases from './antigravity-aliases.js';
import health from './health.js';
import kiroQuota from './kiro-quota.js';
import logScan from './log-scan.js';
import modelInventory from './model-inventory.js';
import providerMetrics from './provider-metrics.js';
import quotaPressure from './quota-pressure.js';
import sparkEligibility from './spark-eligibility.js';
import sparkErrorRatio from './spark-error-ratio.js';

export const checks: readonly Check[] = [
  health,
  modelInventory,
  providerMetrics,
  logScan,
  sparkEligibility,
  antigravityAliases,
  kiroQuota,
  sparkErrorRatio,
  quotaPressure,
] as readonly Check[];

export function findCheck(id: string): Check | undefined {
  return checks.find((c) => c.id === id);
}
