import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { explainText, listJson } from '../../src/commands/describe.js';

// The registry is the only list of check ids; this test reads the order from it and holds it to the runbook.
const ids = checks.map((c) => c.id);

describe('the registry', () => {
  it("starts with the Daily Checks in the runbook's numbered order, then the other sections", () => {
    const daily = checks.map((c) => /^Daily Checks (\d+)$/.exec(c.runbook)?.[1]).map((n) => (n ? Number(n) : Infinity));
    expect(daily).toEqual([...daily].sort((a, b) => a - b));
    expect(daily.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each(ids)('%s lives in checks/<id>.ts, lists its thresholds and explains itself', (id) => {
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
      expect(ids.indexOf(dep)).toBeLessThan(ids.indexOf(id));
  });

  it('is two-way: every checks/*.ts is registered, and every registered check has a test on the harness', () => {
    const files = readdirSync(new URL('../../checks/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3));
    expect(files.sort()).toEqual(checks.map((c) => c.id).sort());
    for (const { id } of checks) {
      const test = new URL(`./${id}.test.ts`, import.meta.url);
      expect(existsSync(test), `test/checks/${id}.test.ts`).toBe(true);
      expect(readFileSync(test, 'utf8'), `test/checks/${id}.test.ts uses testCheck`).toMatch(/testCheck\(/);
    }
  });
});
