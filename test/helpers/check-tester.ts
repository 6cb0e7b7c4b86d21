// A check-test harness in the spirit of ESLint's RuleTester: a check's verdicts as rows of
// {name, input, options?, status, summary}, with the check's defaults filled in and what every check
// owes asserted in one place:
//   - the summary is one non-empty line (it is a table cell and a JUnit message);
//   - warn and fail carry a hint (the runbook's next step);
//   - a warn or fail of a check with numeric thresholds names the threshold it was held to.
import { describe, expect, it } from 'vitest';
import type { Check, Result, Status } from '../../src/check.js';
import { defaultsOf, type OptionSpecs, type OptionValues } from '../../src/options.js';

export interface Row<I, T> {
  name: string;
  input: I;
  /** Overrides of the check's defaults. */
  options?: Partial<T>;
  status: Status;
  summary: string | RegExp;
  hint?: string | RegExp;
  details?: string[] | ((details: string[]) => void);
  metrics?: Record<string, unknown>;
  /** A warn/fail that is not about a numeric threshold (an id missing, a shape): say why the rule does not apply. */
  notAThreshold?: string;
}

/** The numbers a summary may show for a threshold: the value itself, or a 0..1 rate as a percentage. */
function shownForms(value: number): string[] {
  const forms = [String(value), value.toLocaleString('en-US')];
  if (value > 0 && value < 1) forms.push(String(Math.round(value * 10000) / 100));
  return forms;
}

/** A hint says each of its sentences once (two playbooks that agree are one next step, not two). */
export function assertHintSaysEachOnce(hint: string | null | undefined, id = 'the check') {
  const sentences = (hint ?? '').split(/(?<=[.!?])\s+/).filter((t) => t.length >= 20);
  const repeated = sentences.filter((t, i) => sentences.indexOf(t) !== i);
  expect(repeated, `${id}: the hint repeats itself`).toEqual([]);
}

/** Asserts the contract every check result owes, whatever the check. */
export function assertOwed(check: Check, result: Result, options: Record<string, unknown>, notAThreshold?: string) {
  expect(result.summary, 'the summary is one non-empty line').toMatch(/^[^\n]+$/);
  if (result.status !== 'warn' && result.status !== 'fail') return;
  expect(result.hint, `${result.status} carries a hint`).toBeTruthy();
  assertHintSaysEachOnce(result.hint, check.id);
  const numbers = Object.entries(check.options)
    .filter(([key, spec]) => spec.type === 'number' || spec.type === 'integer' || typeof options[key] === 'number')
    .map(([key]) => options[key])
    .filter((v): v is number => typeof v === 'number');
  if (!numbers.length || notAThreshold) return;
  const named = numbers.some((n) => shownForms(n).some((form) => result.summary.includes(form)));
  expect(named, `"${result.summary}" names a threshold it was held to (${numbers.join(', ')})`).toBe(true);
}

/**
 * Runs rows against a check's pure evaluate step. `evaluate` adapts the check's own signature
 * (observation, thresholds, ...) to (input, thresholds).
 */
export function testCheck<O extends OptionSpecs, I>(
  check: Check<O>,
  evaluate: (input: I, options: OptionValues<O>) => Result,
  rows: Array<Row<I, OptionValues<O>>>,
): void {
  describe(`${check.id} verdicts`, () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
      const options = { ...defaultsOf(check.options), ...row.options } as OptionValues<O>;
      const result = evaluate(row.input, options);
      expect(result.status, result.summary).toBe(row.status);
      if (typeof row.summary === 'string') expect(result.summary).toBe(row.summary);
      else expect(result.summary).toMatch(row.summary);
      if (row.hint !== undefined) expect(result.hint ?? '').toMatch(row.hint);
      if (typeof row.details === 'function') row.details(result.details ?? []);
      else if (row.details) expect(result.details).toEqual(row.details);
      if (row.metrics) expect(result.metrics).toMatchObject(row.metrics);
      assertOwed(check as unknown as Check, result, options as Record<string, unknown>, row.notAThreshold);
    });
  });
}
