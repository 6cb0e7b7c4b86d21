import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { explainText, listJson } from '../../src/commands/describe.js';

// Issue 4's runbook order.
const RUNBOOK_ORDER = [
  'health',
  'model-inventory',
  'provider-metrics',
  'log-scan',
  'spark-eligibility',
  'antigravity-aliases',
  'kiro-quota',
  'spark-error-ratio',
  'quota-pressure',
];

describe('the registry', () => {
  it('holds every runbook check, in runbook order', () => {
    expect(checks.map((c) => c.id)).toEqual(RUNBOOK_ORDER);
  });

  it.each(RUNBOOK_ORDER)('%s lives in checks/<id>.ts, lists its thresholds and explains itself', (id) => {
    const check = checks.find((c) => c.id === id);
    if (!check) throw new Error(`${id} is not registered`);
    expect(existsSync(new URL(`../../checks/${id}.ts`, import.meta.url))).toBe(true);
    const listed = (JSON.parse(listJson(checks)) as Array<{ id: string; options: Record<string, unknown> }>).find(
      (c) => c.id === id,
    );
    expect(Object.keys(listed?.options ?? {})).toEqual(Object.keys(check.options));
    expect(check.explain.statuses.pass).toBeTruthy();
    expect(check.explain.statuses.warn ?? check.explain.statuses.fail).toBeTruthy();
    expect(check.explain.runbookSteps.length).toBeGreaterThan(0);
    expect(check.explain.gatewayNotes?.length).toBeGreaterThan(0);
    for (const name of Object.keys(check.options)) expect(explainText(check)).toContain(`${name} = `);
    for (const dep of [...(check.dependsOn ?? []), ...(check.after ?? [])])
      expect(RUNBOOK_ORDER.indexOf(dep)).toBeLessThan(RUNBOOK_ORDER.indexOf(id));
  });
});
