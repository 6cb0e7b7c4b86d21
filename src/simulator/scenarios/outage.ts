/**
 * outage — the gateway behind the load balancer is down.
 *
 * The data is the healthy gateway's, but a fronting nginx answers every route with its own
 * "502 Bad Gateway" HTML page: liveness fails (no health path answers 200), the model list cannot be
 * had (so spark-eligibility and antigravity-aliases skip instead of repeating the fault), and every
 * other probe meets the same HTML page. quota-pressure has no log data to combine and skips.
 */
import healthy from './healthy.js';
import type { Scenario } from './types.js';

const outage: Scenario = {
  ...healthy,
  name: 'outage',
  summary: 'A fronting proxy answers every route with a 502 HTML page: the gateway behind it is down.',
  faults: [{ route: '*', kind: 'html-502' }],
  expected: {
    plus: {
      health: 'fail',
      'model-inventory': 'fail',
      'provider-metrics': 'fail',
      'log-scan': 'fail',
      'spark-eligibility': 'skip',
      'antigravity-aliases': 'skip',
      'kiro-quota': 'fail',
      'spark-error-ratio': 'fail',
      'quota-pressure': 'skip',
    },
    upstream: {
      health: 'fail',
      'model-inventory': 'fail',
      'provider-metrics': 'fail',
      'log-scan': 'fail',
      'spark-eligibility': 'skip',
      'antigravity-aliases': 'skip',
      'kiro-quota': 'fail',
      'spark-error-ratio': 'fail',
      'quota-pressure': 'skip',
    },
  },
};

export default outage;
