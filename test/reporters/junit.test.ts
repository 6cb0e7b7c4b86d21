// JUnit as CI servers read it, parsed with a maintained XML parser (fast-xml-parser): one testsuite per
// target, one testcase per check, failures at or above --fail-on, errors, skips, seconds.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import renderJunit from '../../src/reporters/junit.js';
import type { FailOn } from '../../src/exit-code.js';
import type { Report } from '../../src/report.js';
import { reportOf, twoTargetReport, withResult } from './helpers.js';

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

function parse(report: Report, failOn: FailOn = 'warn') {
  const xml = renderJunit(report, { color: false, verbose: false, failOn });
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as { testsuites: Node & { testsuite: Array<Node & { testcase: Node[] }> } };
  return { xml, root: doc.testsuites, suites: doc.testsuites.testsuite };
}

const outcome = (c: Node) => ['failure', 'error', 'skipped'].find((k) => k in c) ?? 'passed';

describe('junit reporter', () => {
  it('has one testsuite per target and one testcase per check: name = check id, classname = target', async () => {
    const report = await twoTargetReport();
    const { suites, root } = parse(report);
    expect(suites.map((s) => s.name)).toEqual(report.targets.map((t) => t.name));
    report.targets.forEach((target, i) => {
      const cases = suites[i]?.testcase ?? [];
      expect(cases.map((c) => c.name)).toEqual(target.results.map((r) => r.id));
      expect(new Set(cases.map((c) => c.classname))).toEqual(new Set([target.name]));
      expect(Number(suites[i]?.tests)).toBe(target.results.length);
    });
    expect(Number(root.tests)).toBe(report.targets.reduce((n, t) => n + t.results.length, 0));
  });

  it('marks warn and fail as failures under --fail-on warn, skip as skipped, with the summary as message', async () => {
    const report = await reportOf('incident');
    const { suites } = parse(report);
    const results = report.targets[0]?.results ?? [];
    const cases = suites[0]?.testcase ?? [];
    const expected = { pass: 'passed', warn: 'failure', fail: 'failure', error: 'error', skip: 'skipped' };
    expect(cases.map(outcome)).toEqual(results.map((r) => expected[r.status]));
    const failing = results.findIndex((r) => r.status === 'fail');
    const failure = cases[failing]?.failure as Node;
    expect(failure.message).toBe(`FAIL: ${results[failing]?.summary}`);
    expect(failure.type).toBe('fail');
    expect(String(failure['#text'])).toContain(`Next step: ${results[failing]?.hint}`);
    const skipped = results.findIndex((r) => r.status === 'skip');
    expect((cases[skipped]?.skipped as Node).message).toBe(results[skipped]?.summary);
    expect(Number(suites[0]?.failures)).toBe(results.filter((r) => r.status === 'warn' || r.status === 'fail').length);
    expect(Number(suites[0]?.skipped)).toBe(results.filter((r) => r.status === 'skip').length);
  });

  it.each([
    ['fail', { warn: 'passed', fail: 'failure' }],
    ['error', { warn: 'passed', fail: 'passed' }],
  ] as const)('--fail-on %s lets the statuses below it pass (their summary in system-out)', async (failOn, want) => {
    const report = await reportOf('incident');
    const { suites } = parse(report, failOn);
    const results = report.targets[0]?.results ?? [];
    results.forEach((r, i) => {
      const c = suites[0]?.testcase[i] as Node;
      if (r.status === 'warn' || r.status === 'fail') {
        expect(outcome(c)).toBe(want[r.status]);
        if (want[r.status] === 'passed') expect(String(c['system-out'])).toContain(r.summary);
      }
    });
  });

  it('an error result is an <error>, whatever --fail-on says', async () => {
    const report = withResult(await reportOf('healthy'), 1, { status: 'error', summary: 'timed out after 10000 ms' });
    for (const failOn of ['warn', 'fail', 'error'] as const) {
      const { suites } = parse(report, failOn);
      const c = suites[0]?.testcase[1] as Node;
      expect((c.error as Node).message).toBe('ERROR: timed out after 10000 ms');
      expect(Number(suites[0]?.errors)).toBe(1);
    }
  });

  it('gives times in seconds', async () => {
    const report = await reportOf('healthy');
    const { suites, root } = parse(report);
    expect(Number(root.time)).toBeCloseTo(report.durationMs / 1000, 3);
    report.targets[0]?.results.forEach((r, i) =>
      expect(Number(suites[0]?.testcase[i]?.time)).toBeCloseTo(r.durationMs / 1000, 3),
    );
  });

  it('stays well-formed whatever the gateway put in a summary (markup, quotes, control characters, lone surrogates)', async () => {
    const nasty = 'a <b>&amp; "q" \'s\' ]]> \u0000\u0007\u001b[31m \ud800 x\ufffe \ud83d\ude00';
    const report = withResult(await reportOf('healthy'), 0, {
      status: 'fail',
      summary: nasty,
      hint: '</failure><injected/>',
      details: [nasty],
    });
    const { suites, xml } = parse(report);
    const failure = suites[0]?.testcase[0]?.failure as Node;
    expect(failure.message).toBe('FAIL: a <b>&amp; "q" \'s\' ]]> [31m  x \ud83d\ude00');
    expect(xml).not.toContain('<injected/>');
  });
});
