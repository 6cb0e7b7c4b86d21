// Runs checks through the real run path (src/daily.ts) against a URL, with test-friendly defaults.
import { expect } from 'vitest';
import { checks as registry } from '../../checks/index.js';
import { defaultsOf, type OptionValue } from '../../src/options.js';
import { runDaily, type RunConfig } from '../../src/daily.js';
import type { ResultEntry } from '../../src/report.js';
import { assertHintSaysEachOnce } from './check-tester.js';

export interface RunOptions extends Partial<Omit<RunConfig, 'checks' | 'checkOptions'>> {
  only?: string[];
  options?: Record<string, Record<string, OptionValue>>;
}

export async function runAgainst(url: string, opts: RunOptions = {}) {
  const { only, options, ...rest } = opts;
  const checks = registry.filter((c) => !only || only.includes(c.id));
  const checkOptions = Object.fromEntries(
    registry.map((c) => [c.id, { ...defaultsOf(c.options), ...options?.[c.id] }]),
  );
  const outcome = await runDaily({
    target: { name: 'default', url },
    apiKey: undefined,
    managementKey: undefined,
    failOn: 'warn',
    timeoutMs: 2_000,
    deadlineMs: 10_000,
    concurrency: 4,
    maxResponseBytes: 16 * 1024 * 1024,
    now: undefined,
    stateDir: undefined,
    inputs: { logFiles: [], logTimezone: undefined },
    ...rest,
    checks,
    checkOptions,
  });
  const results = outcome.report.targets[0]?.results ?? [];
  // What every check owes in every run, whichever test made it.
  for (const r of results) {
    expect(r.summary, `${r.id}: one-line summary`).toMatch(/^[^\n]+$/);
    if (r.status === 'warn' || r.status === 'fail') expect(r.hint, `${r.id}: ${r.status} carries a hint`).toBeTruthy();
    assertHintSaysEachOnce(r.hint, r.id);
  }
  const byId = (id: string): ResultEntry => {
    const r = results.find((x) => x.id === id);
    if (!r) throw new Error(`no result for ${id}`);
    return r;
  };
  return { ...outcome, results, byId };
}
