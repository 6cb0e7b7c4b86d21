/**
 * outage — the gateway behind the load balancer is down.
 *
 * The data is the healthy gateway's, but a fronting nginx answers every route with its own
 * "502 Bad Gateway" HTML page: health fails, naming the proxy's page, and every other network check
 * skips with "gateway unreachable (see health)" instead of meeting the same page again (the run exits 2).
 * A local log scan (--log-file) would still run.
 */
import healthy from './healthy.js';
import type { Scenario } from './types.js';

const outage: Scenario = {
  ...healthy,
  name: 'outage',
  summary: 'A fronting proxy answers every route with a 502 HTML page: the gateway behind it is down.',
  faults: [{ route: '*', kind: 'html-502' }],
  // Whatever the flavour: health reports the proxy's page once, everything else skips.
};

export default outage;
