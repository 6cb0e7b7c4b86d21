// Nagios plugin output, held to the Monitoring Plugins Development Guidelines' grammar: the first line
// `PROVOPS <STATE> - <text> | perfdata`, long output below, the second perfdata block on its last line.
import { describe, expect, it } from 'vitest';
import renderNagios, { perfdata } from '../../src/reporters/nagios.js';
import type { Report } from '../../src/report.js';
import { reportOf, twoTargetReport, withResult } from './helpers.js';

const RANGE = String.raw`@?(?:~|-?\d+(?:\.\d+)?)?:?(?:-?\d+(?:\.\d+)?)?`;
const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
/** 'label'=value[UOM];[warn];[crit];[min];[max] — the guideline's perfdata, field by field. */
const PERF = new RegExp(
  String.raw`^'[^'=|]+'=${NUMBER}(?:us|ms|s|%|B|KB|MB|TB|c)?(?:;(?:${RANGE})?(?:;(?:${RANGE})?(?:;(?:${NUMBER})?(?:;(?:${NUMBER})?)?)?)?)?$`,
);

function split(line: string): { text: string; perf: string[] } {
  const [text, perf = ''] = line.split(' | ') as [string, string?];
  // Labels are quoted and may hold spaces: split on the spaces between items only.
  return { text, perf: perf ? (perf.match(/'[^']*'=\S*/g) ?? []) : [] };
}

function render(report: Report, quiet = false) {
  const out = renderNagios(report, { color: false, verbose: false, quiet });
  const lines = out.trimEnd().split('\n');
  return { out, lines, first: split(lines[0] as string), last: split(lines.at(-1) as string) };
}

describe('nagios reporter', () => {
  it.each([
    ['healthy', 'OK', 0],
    ['degraded', 'WARNING', 1],
    ['incident', 'CRITICAL', 2],
    ['outage', 'CRITICAL', 2],
  ] as const)('%s: the first line is "PROVOPS %s - …", matching the exit code %d', async (scenario, state, code) => {
    const report = await reportOf(scenario);
    expect(report.exitCode).toBe(code);
    const { first, last, lines } = render(report);
    expect(first.text).toMatch(new RegExp(`^PROVOPS ${state} - \\d+ checks: [^|]+$`));
    for (const p of [...first.perf, ...(lines.length > 1 ? last.perf : [])]) expect(p).toMatch(PERF);
    expect(lines.slice(1, -1).join('\n')).not.toContain('|');
  });

  it('UNKNOWN when a check errored (exit 3)', async () => {
    const report = withResult(await reportOf('healthy'), 0, { status: 'error', summary: 'timeout' });
    expect(report.exitCode).toBe(3);
    expect(render(report).lines[0]).toMatch(/^PROVOPS UNKNOWN - 9 checks: 1 error, 8 pass - health unknown/);
  });

  it('names the problems on the first line and puts the thresholded metrics there, with warn and crit', async () => {
    const report = await reportOf('incident');
    const { first } = render(report);
    expect(first.text).toContain('provider-metrics, log-scan, antigravity-aliases, kiro-quota failing');
    expect(first.text).toContain('spark-eligibility, quota-pressure warning');
    const kiro = report.targets[0]?.results.find((r) => r.id === 'kiro-quota');
    expect(first.perf).toContain(`'kiro-quota maxUsagePct'=${kiro?.metrics.maxUsagePct}%;80;95;0;100`);
    // A success rate is bad below its limits: Nagios writes that as "x:".
    expect(first.perf.find((p) => p.startsWith("'provider-metrics worstSuccessRate'"))).toMatch(/%;98:;95:;0;100$/);
    expect(first.perf.find((p) => p.startsWith("'health latencyMs'"))).toMatch(/^'health latencyMs'=\d+ms;1000$/);
  });

  it('has one long-output line per check (and its next step); --quiet keeps only those not pass', async () => {
    const report = await reportOf('incident');
    const results = report.targets[0]?.results ?? [];
    const full = render(report).lines.filter((l) => /^[A-Z]+ /.test(l) && !l.startsWith('PROVOPS'));
    expect(full.map((l) => l.split(':')[0])).toEqual(results.map((r) => `${r.status.toUpperCase()} ${r.id}`));
    const quiet = render(report, true);
    expect(quiet.lines[0]).toBe(render(report).lines[0]);
    expect(quiet.out).not.toMatch(/^PASS /m);
  });

  it('labels metrics by target when a report holds several', async () => {
    const { first } = render(await twoTargetReport());
    expect(first.text).toContain('prod-gw/kiro-quota');
    expect(first.perf.some((p) => p.startsWith(`'staging "eu"\\1/health latencyMs'=`))).toBe(true);
    for (const p of first.perf) expect(p).toMatch(PERF);
  });

  it.each([
    ['latencyMs', 3, { warn: 1000, fail: null, below: false }, "'x'=3ms;1000"],
    ['worstSuccessRate', 0.9614, { warn: 0.98, fail: 0.95, below: true }, "'x'=96.14%;98:;95:;0;100"],
    ['longestBurstMinutes', 34, { warn: null, fail: 15, below: false }, "'x'=2040s;;900"],
    ['requests', 42, undefined, "'x'=42"],
  ] as const)('perfdata for %s', (key, value, threshold, expected) => {
    expect(perfdata('x', key, value, threshold)).toBe(expected);
  });

  it("keeps | out of the text and ' or = out of labels", async () => {
    const report = withResult(await reportOf('healthy'), 0, { summary: 'a | b\nc', id: "he'al=th" });
    const { lines } = render(report);
    expect(lines[1]).toBe("PASS he'al=th: a / b c");
    expect(render(report).first.perf.some((p) => p.startsWith("'he_al_th latencyMs'"))).toBe(true);
  });
});
