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

const UPSTREAM_HEALTHY: Verdicts = {
  health: 'pass',
  'model-inventory': 'pass',
  'provider-metrics': 'skip',
  'log-scan': 'pass',
  'spark-eligibility': 'pass',
  'antigravity-aliases': 'pass',
  'kiro-quota': 'skip',
  'spark-error-ratio': 'skip',
  'quota-pressure': 'pass',
};

const UPSTREAM_DEGRADED: Verdicts = {
  health: 'pass',
  'model-inventory': 'pass',
  'provider-metrics': 'skip',
  'log-scan': 'warn',
  'spark-eligibility': 'pass',
  'antigravity-aliases': 'pass',
  'kiro-quota': 'skip',
  'spark-error-ratio': 'skip',
  'quota-pressure': 'warn',
};

const UPSTREAM_INCIDENT: Verdicts = {
  health: 'pass',
  'model-inventory': 'pass',
  'provider-metrics': 'skip',
  'log-scan': 'fail',
  'spark-eligibility': 'warn',
  'antigravity-aliases': 'fail',
  'kiro-quota': 'skip',
  'spark-error-ratio': 'skip',
  'quota-pressure': 'warn',
};

/**
 * CLIProxyAPI v7 and v8 (`upstream` plays v8) reach the same verdicts: v8 serves the same data from its
 * own management tree, and its credential-level signal (upstream-attempt lines) is planted where the
 * scenario's client-facing statuses already burst.
 */
function upstreamAll(verdicts: Verdicts): Record<'v7' | 'v8' | 'upstream', Verdicts> {
  return { v7: verdicts, v8: verdicts, upstream: verdicts };
}

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
    ...upstreamAll(UPSTREAM_HEALTHY),
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
    ...upstreamAll(UPSTREAM_DEGRADED),
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
    ...upstreamAll(UPSTREAM_INCIDENT),
  },
  outage: { plus: OUTAGE, ...upstreamAll(OUTAGE) },
};
