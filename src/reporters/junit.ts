// JUnit XML for CI test tabs (GitHub, GitLab, Jenkins read the same Ant schema): one <testsuite> per
// target, one <testcase> per check (name = check id, classname = target). A status at or above --fail-on
// is a <failure> (error is an <error>: provops could not tell), skip is <skipped>, and anything below the
// bar passes with its summary in <system-out>, so the tab shows what the run saw, not only what failed.
import { STATUS_RANK, type Status } from '../check.js';
import type { Report, ResultEntry, TargetReport } from '../report.js';
import type { ReporterOptions } from './types.js';

/** XML 1.0 allows no control characters but tab, newline and CR, no lone surrogates, no U+FFFE/U+FFFF. */
function allowed(c: number): boolean {
  return c === 9 || c === 10 || c === 13 || (c >= 0x20 && c < 0xd800) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
}

function clean(text: string): string {
  let out = '';
  // for-of walks code points: a surrogate pair arrives whole, a lone surrogate alone (and is dropped).
  for (const ch of text) if (allowed(ch.codePointAt(0) as number)) out += ch;
  return out;
}

function attr(text: string): string {
  return clean(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function body(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The summary, the runbook's next step and the details, as the body CI shows when the case is opened. */
function text(r: ResultEntry): string {
  return [
    r.summary,
    ...(r.hint ? [`Next step: ${r.hint}`] : []),
    ...r.details.map((d) => `- ${d}`),
    ...(r.runbook ? [`Runbook: ${r.runbook}`] : []),
  ].join('\n');
}

type Outcome = 'failure' | 'error' | 'skipped' | 'passed';

function outcomeOf(status: Status, failOn: Status): Outcome {
  if (status === 'error') return 'error';
  if (status === 'skip') return 'skipped';
  return STATUS_RANK[status] >= STATUS_RANK[failOn] ? 'failure' : 'passed';
}

function testcase(target: TargetReport, r: ResultEntry, failOn: Status): string {
  const open = `    <testcase name="${attr(r.id)}" classname="${attr(target.name)}" time="${seconds(r.durationMs)}">`;
  const outcome = outcomeOf(r.status, failOn);
  const message = attr(`${r.status.toUpperCase()}: ${r.summary}`);
  const inner =
    outcome === 'skipped'
      ? `      <skipped message="${attr(r.summary)}"/>`
      : outcome === 'passed'
        ? `      <system-out>${body(`${r.status.toUpperCase()}: ${text(r)}`)}</system-out>`
        : `      <${outcome} message="${message}" type="${r.status}">${body(text(r))}</${outcome}>`;
  return [open, inner, '    </testcase>'].join('\n');
}

function counts(results: ResultEntry[], failOn: Status) {
  const c = { tests: results.length, failures: 0, errors: 0, skipped: 0, ms: 0 };
  for (const r of results) {
    const o = outcomeOf(r.status, failOn);
    if (o === 'failure') c.failures++;
    if (o === 'error') c.errors++;
    if (o === 'skipped') c.skipped++;
  }
  return c;
}

const countAttrs = (c: ReturnType<typeof counts>) =>
  `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;

export default function renderJunit(report: Report, options: ReporterOptions): string {
  const failOn: Status = options.failOn ?? 'warn';
  const all = counts(
    report.targets.flatMap((t) => t.results),
    failOn,
  );
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="provops" ${countAttrs(all)} time="${seconds(report.durationMs)}" timestamp="${attr(report.startedAt)}">`,
  ];
  report.targets.forEach((target, id) => {
    const c = counts(target.results, failOn);
    // Checks run concurrently: the run's wall time for one target, else at least its longest check.
    if (report.targets.length === 1) c.ms = report.durationMs;
    else c.ms = Math.max(0, ...target.results.map((r) => r.durationMs));
    out.push(
      `  <testsuite name="${attr(target.name)}" id="${id}" ${countAttrs(c)} time="${seconds(c.ms)}" timestamp="${attr(report.startedAt)}">`,
      '    <properties>',
      `      <property name="url" value="${attr(target.url)}"/>`,
      `      <property name="status" value="${target.status}"/>`,
      `      <property name="failOn" value="${failOn}"/>`,
      `      <property name="provopsVersion" value="${attr(report.version)}"/>`,
      `      <property name="now" value="${attr(report.now)}"/>`,
      '    </properties>',
      ...target.results.map((r) => testcase(target, r, failOn)),
      '  </testsuite>',
    );
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
