// A run in which every check skipped checked nothing: its status is skip (not pass) and the table says
// so in words, though the exit code stays 0 (requiring checks is how a team makes that a failure).
import { describe, expect, it } from 'vitest';
import renderTable from '../../src/reporters/table.js';
import { buildReport, targetReport } from '../../src/report.js';
import { checks } from '../../checks/index.js';

const skipped = checks
  .slice(0, 2)
  .map((c) => ({ id: c.id, durationMs: 0, result: { status: 'skip' as const, summary: 'no key' } }));

describe('a run where every check skipped', () => {
  const report = buildReport({
    startedAt: new Date(0),
    now: new Date(0),
    durationMs: 1,
    failOn: 'warn',
    targets: [targetReport({ name: 'default', url: 'http://gw' }, checks, skipped)],
  });

  it('reports skip, exit 0', () => {
    expect([report.status, report.exitCode, report.targets[0]?.status]).toEqual(['skip', 0, 'skip']);
  });

  it('says in the table that nothing was checked', () => {
    expect(renderTable(report, { color: false, verbose: false, width: 100 })).toContain('nothing was checked');
  });
});
