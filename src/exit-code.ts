// Pure: statuses -> the process exit code, Nagios-style.

import { STATUS_RANK, type Status } from './check.js';

export const FAIL_ON = ['warn', 'fail', 'error'] as const;
export type FailOn = (typeof FAIL_ON)[number];

const CODE: Record<Status, 0 | 1 | 2 | 3> = { pass: 0, skip: 0, warn: 1, fail: 2, error: 3 };

/**
 * The worst status. A run in which every check skipped is `skip` (nothing was checked), not `pass`;
 * so is a run with no checks at all.
 */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'skip';
  for (const s of statuses) if (STATUS_RANK[s] > STATUS_RANK[worst]) worst = s;
  return worst;
}

/**
 * 0 pass/skip, 1 warn, 2 fail, 3 error. `failOn` raises the bar: with `fail`, warn exits 0; with
 * `error`, warn and fail exit 0 (for pipelines that only want to catch provops itself breaking).
 */
export function exitCode(statuses: Iterable<Status>, failOn: FailOn = 'warn'): 0 | 1 | 2 | 3 {
  const code = CODE[worstStatus(statuses)];
  const floor = { warn: 1, fail: 2, error: 3 }[failOn];
  return code >= floor ? code : 0;
}

/** Usage and config errors (unknown flag, unknown check id, malformed provops.yaml). */
export const USAGE_EXIT_CODE = 3;
