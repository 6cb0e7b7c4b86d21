import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { explainText, listJson } from '../../src/describe.js';

// Issue 4's runbook order; checks from other branches slot in where they belong.
const RUNBOOK_ORDER = ['health', 'model-inventory', 'provider-metrics', 'log-scan', 'spark-eligibility', 'antigravity-aliases', 'kiro-quota', 'spark-error-ratio', 'quota-pressure'];

describe('the registry', () => {
  it('holds the checks in runbook order', () => {
    const ids = checks.map((c) => c.id);
    expect(ids).toEqual(RUNBOOK_ORDER.filter((id) => ids.includes(id)));
    expect(ids).toEqual(expect.arrayContaining(['provider-metrics', 'kiro-quota', 'spark-error-ratio']));
  });

  it.each(['provider-metrics', 'kiro-quota', 'spark-error-ratio'])('%s lists its thresholds and explains every status it can return', (id) => {
    const check = checks.find((c) => c.id === id);
    if (!check) throw new Error(`${id} is not registered`);
    const listed = (JSON.parse(listJson(checks)) as Array<{ id: string; options: Record<string, unknown> }>).find((c) => c.id === id);
    expect(Object.keys(listed?.options ?? {})).toEqual(Object.keys(check.options));
    expect(Object.keys(check.explain.statuses).sort()).toEqual(['error', 'fail', 'pass', 'skip', 'warn']);
    expect(check.explain.runbookSteps.length).toBeGreaterThan(0);
    expect(check.explain.gatewayNotes?.length).toBeGreaterThan(0);
    for (const name of Object.keys(check.options)) expect(explainText(check)).toContain(`${name} = `);
  });
});
