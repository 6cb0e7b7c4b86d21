// Markdown for step summaries and chat: a table per target, details of what is not pass, the totals; untrusted
// text escaped so it stays inside its cell and cannot become a link, an image or HTML.
import { describe, expect, it } from 'vitest';
import renderMarkdown from '../../src/reporters/markdown.js';
import { reportOf, twoTargetReport, withResult } from './helpers.js';

const render = (r: Parameters<typeof renderMarkdown>[0], quiet = false, ascii = false) =>
  renderMarkdown(r, { color: false, verbose: false, quiet, ascii });

const rows = (md: string) => md.split('\n').filter((l) => /^\| (\*\*)?[A-Z]+(\*\*)? \|/.test(l));

describe('markdown reporter', () => {
  it('has one table row per check, the details of every row that is not pass, and the totals', async () => {
    const report = await reportOf('incident');
    const md = render(report);
    const results = report.targets[0]?.results ?? [];
    expect(rows(md)).toHaveLength(results.length);
    for (const r of results) {
      expect(md.includes(`#### ${r.status.toUpperCase()}: ${r.title} (\`${r.id}\`)`)).toBe(r.status !== 'pass');
    }
    expect(md.trimEnd().split('\n').at(-1)).toMatch(
      /^\*\*FAIL\*\*: 2 pass, 2 warn, 4 fail, 0 error, 1 skip in \d+ ms → exit 2/,
    );
    // every table row has exactly its three cells
    for (const row of rows(md)) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
  });

  it('--quiet keeps only rows that are not pass, and the totals line even when all pass', async () => {
    const incident = render(await reportOf('incident'), true);
    expect(rows(incident).some((r) => r.startsWith('| PASS'))).toBe(false);
    expect(rows(incident)).toHaveLength(7);
    const healthy = render(await reportOf('healthy'), true);
    expect(healthy.trim().split('\n')).toEqual([expect.stringMatching(/^\*\*PASS\*\*: 9 pass/)]);
  });

  it('escapes what the gateway wrote: no cell break-out, no link, image or HTML', async () => {
    const report = withResult(await reportOf('healthy'), 0, {
      status: 'warn',
      summary: 'x | y ![img](http://evil/i.png) <img src=x onerror=alert(1)> [link](http://evil) `code`\nnext',
      hint: '**bold** _it_',
    });
    const md = render(report);
    const row = rows(md)[0] as string;
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
    expect(md).not.toMatch(/[^\\]\[link\]/);
    expect(md).not.toMatch(/[^\\]<img/);
    expect(md).toContain('\\*\\*bold\\*\\* \\_it\\_');
  });

  it('has a section per target in a report of several', async () => {
    const md = render(await twoTargetReport());
    expect(md.match(/^### provops: /gm)).toHaveLength(2);
    expect(md).toContain('### provops: FAIL · prod-gw');
  });

  it('spells the glyphs in ASCII with ascii on', async () => {
    const md = render(await reportOf('incident'), false, true);
    expect(md).toMatch(/-> exit 2/);
    expect(md).not.toMatch(/[^\t\n\x20-\x7e]/);
  });
});
