// The table at fixed widths: no line wider than the terminal, no word (model id, check id, path) cut in
// the middle, a stacked layout below 80 columns, whole rows when piped, ASCII on request.
import { describe, expect, it } from 'vitest';
import renderTable from '../../src/reporters/table.js';
import type { Report } from '../../src/report.js';
import { reportOf, twoTargetReport } from './helpers.js';

const render = (
  report: Report,
  width: number | undefined,
  extra: { quiet?: boolean; ascii?: boolean; verbose?: boolean } = {},
) =>
  renderTable(report, { color: false, verbose: extra.verbose ?? false, width, quiet: extra.quiet, ascii: extra.ascii });

const tokens = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

describe('table reporter', () => {
  describe.each([60, 80, 120, 200])('at %i columns', (width) => {
    it.each(['incident', 'degraded', 'healthy'])(
      '%s: no line is wider, and every word of every row is whole',
      async (scenario) => {
        const report = await reportOf(scenario);
        const out = render(report, width, { verbose: true });
        for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
        const seen = tokens(out);
        for (const r of report.targets[0]?.results ?? []) {
          for (const text of [r.title, r.summary, r.hint ?? '', ...r.details])
            for (const word of tokens(text))
              if (word.length <= width - 8) expect(seen.has(word), `${r.id}: "${word}"`).toBe(true);
        }
      },
    );
  });

  it.each([60, 80, 97])('stacks one block per check at %i columns (the summary would get under 60)', async (width) => {
    const narrow = render(await reportOf('incident'), width);
    expect(narrow).not.toMatch(/^STATUS/m);
    expect(narrow).toMatch(/^FAIL {4}Provider success rates\n {8}worst kiro/m);
  });

  it.each([98, 120])('uses columns at %i columns', async (width) => {
    const wide = render(await reportOf('incident'), width);
    expect(wide).toMatch(/^STATUS {2}CHECK/m);
    expect(wide).toMatch(/^FAIL {4}Provider success rates {2,}worst kiro/m);
  });

  it('at 200 columns a short summary stays on its row', async () => {
    const report = await reportOf('healthy');
    const lines = render(report, 200).split('\n');
    const inventory = report.targets[0]?.results.find((r) => r.id === 'model-inventory');
    expect(lines.some((l) => l.startsWith('PASS') && l.endsWith(inventory?.summary as string))).toBe(true);
  });

  it('piped (no width), every summary and hint is one whole line: nothing wraps to a fixed width', async () => {
    const report = await reportOf('incident');
    const lines = render(report, undefined).split('\n');
    for (const r of report.targets[0]?.results ?? []) {
      expect(lines.some((l) => l.endsWith(r.summary))).toBe(true);
      if (r.hint) expect(lines.some((l) => l.endsWith(`→ ${r.hint}`))).toBe(true);
    }
  });

  it('--quiet shows only rows that are not pass, and the totals line', async () => {
    const incident = render(await reportOf('incident'), 100, { quiet: true });
    expect(incident).not.toMatch(/^PASS/m);
    expect(incident).toMatch(/^FAIL/m);
    const healthy = render(await reportOf('healthy'), 100, { quiet: true });
    expect(healthy.trim().split('\n')).toEqual([
      expect.stringMatching(/^9 pass, 0 warn, 0 fail, 0 error, 0 skip in \d+ ms → exit 0$/),
    ]);
  });

  it('--ascii spells every glyph in ASCII, at the same widths', async () => {
    const report = await reportOf('incident');
    for (const width of [60, 100, undefined]) {
      const out = render(report, width, { ascii: true, verbose: true });
      expect(out).not.toMatch(/[^\t\n\x20-\x7e]/);
      expect(out).toMatch(/-> exit 2$/m);
      if (width) for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
    }
  });

  it('shows each target of a report of several under its own header', async () => {
    const out = render(await twoTargetReport(), 100);
    expect(out.match(/^provops \S+ · /gm)).toHaveLength(2);
  });
});
