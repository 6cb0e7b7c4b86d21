import { describe, expect, it } from 'vitest';
import type { Status } from '../src/check.js';
import { exitCode, worstStatus, type FailOn } from '../src/exit-code.js';

describe('exitCode', () => {
  const cases: Array<[Status[], FailOn, number]> = [
    [[], 'warn', 0],
    [['pass'], 'warn', 0],
    [['skip', 'skip'], 'warn', 0],
    [['pass', 'skip'], 'warn', 0],
    [['pass', 'warn'], 'warn', 1],
    [['warn', 'fail', 'pass'], 'warn', 2],
    [['error', 'pass'], 'warn', 3],
    [['fail', 'error', 'warn'], 'warn', 3],
    [['warn'], 'fail', 0],
    [['warn', 'fail'], 'fail', 2],
    [['error'], 'fail', 3],
    [['warn', 'fail'], 'error', 0],
    [['fail', 'error'], 'error', 3],
  ];
  it.each(cases)('%j with --fail-on %s → %i', (statuses, failOn, expected) => {
    expect(exitCode(statuses, failOn)).toBe(expected);
  });

  it('ranks skip below pass: a run where every check skipped checked nothing, and says so', () => {
    expect(worstStatus(['skip', 'pass'])).toBe('pass');
    expect(worstStatus(['skip', 'warn'])).toBe('warn');
    expect(worstStatus(['skip', 'skip'])).toBe('skip');
    expect(worstStatus([])).toBe('skip');
    expect(exitCode(['skip', 'skip'])).toBe(0);
  });
});
