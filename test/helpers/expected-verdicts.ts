// The verdict each daily check should reach against each simulator scenario, per flavour (default
// thresholds, no state). These are test expectations, not product: keyed by the registry's check ids.
import type { Status } from '../../src/check.js';
import type { Flavor, ScenarioName } from '../../src/simulator/index.js';

export type Verdicts = Record<string, Status>;

const OUTAGE: Verdicts = {
  health: 'fail',
  'model-inventory': 'skip',
  'provider-metrics': 'skip',
  'log-scan': 'skip',
  'spark-eligibility': 'skip',
  'antigravity-aliases': 'skip',
  'kiro-quota': 'skip',
  'spark-error-ratio': 'skip',
  'quota-pressure': 'skip',
};

export const EXPECTED: Record<ScenarioName, Record<Flavor, Verdicts>> = {
  healthy: {
    plus: {
      health: 'pass',
      'model-inventory': 'pass',
      'provider-metrics': 'pass',
      'log-scan': 'pass',
      'spark-eligibility': 'pass',
      'antigravity-aliases': 'pass',
      'kiro-quota': 'pass',
      'spark-error-ratio': 'pass',
      'quota-pressure': 'pass',
    },
    upstream: {
      health: 'pass',
      'model-inventory': 'pass',
      'provider-metrics': 'skip',
      'log-scan': 'pass',
      'spark-eligibility': 'pass',
      'antigravity-aliases': 'pass',
      'kiro-quota': 'skip',
      'spark-error-ratio': 'skip',
      'quota-pressure': 'pass',
    },
  },
  degraded: {
    plus: {
      health: 'pass',
      'model-inventory': 'pass',
      'provider-metrics': 'warn',
      'log-scan': 'warn',
      'spark-eligibility': 'pass',
      'antigravity-aliases': 'pass',
      'kiro-quota': 'warn',
      'spark-error-ratio': 'pass',
      'quota-pressure': 'warn',
    },
    upstream: {
      health: 'pass',
      'model-inventory': 'pass',
      'provider-metrics': 'skip',
      'log-scan': 'warn',
      'spark-eligibility': 'pass',
      'antigravity-aliases': 'pass',
      'kiro-quota': 'skip',
      'spark-error-ratio': 'skip',
      'quota-pressure': 'warn',
    },
  },
  incident: {
    plus: {
      health: 'pass',
      'model-inventory': 'pass',
      'provider-metrics': 'fail',
      'log-scan': 'fail',
      'spark-eligibility': 'warn',
      'antigravity-aliases': 'fail',
      'kiro-quota': 'fail',
      'spark-error-ratio': 'skip',
      'quota-pressure': 'warn',
    },
    upstream: {
      health: 'pass',
      'model-inventory': 'pass',
      'provider-metrics': 'skip',
      'log-scan': 'fail',
      'spark-eligibility': 'warn',
      'antigravity-aliases': 'fail',
      'kiro-quota': 'skip',
      'spark-error-ratio': 'skip',
      'quota-pressure': 'warn',
    },
  },
  outage: { plus: OUTAGE, upstream: OUTAGE },
};
