// The ordered registry, in runbook order. Results appear in this order whatever finishes first.
import type { Check } from '../src/check.js';
import health from './health.js';
import logScan from './log-scan.js';
import modelInventory from './model-inventory.js';

export const checks: readonly Check[] = [health, modelInventory, logScan] as readonly Check[];

export function findCheck(id: string): Check | undefined {
  return checks.find((c) => c.id === id);
}
