// --format junit: one testsuite per file, one testcase per rule (passing when the rule found nothing);
// error and warn findings fail their testcase, info findings are printed in its system-out.
import type { LintReport } from '../findings.js';
import type { AnyRule } from '../rule.js';
import { xml } from './xml.js';

export default function junit(report: LintReport, rules: readonly AnyRule[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites: string[] = [];
  for (const f of report.files) {
    const cases: string[] = [];
    let suiteFailures = 0;
    if (f.error) {
      errors++;
      cases.push(
        `    <testcase classname="${xml(f.file)}" name="readable"><error message="${xml(f.error)}"/></testcase>`,
      );
    } else {
      for (const rule of rules) {
        const found = f.findings.filter((x) => x.rule === rule.id);
        const failing = found.filter((x) => x.severity !== 'info');
        const lines = (list: typeof found) =>
          list
            .map((x) => `${f.file}:${x.line}:${x.column} ${x.severity} ${x.path}: ${x.message} (fix: ${x.hint})`)
            .join('\n');
        let body = '';
        if (failing.length) {
          suiteFailures++;
          body += `<failure message="${xml(`${failing.length} finding(s)`)}" type="${xml(failing[0]?.severity ?? 'warn')}">${xml(lines(failing))}</failure>`;
        }
        const info = found.filter((x) => x.severity === 'info');
        if (info.length) body += `<system-out>${xml(lines(info))}</system-out>`;
        cases.push(
          `    <testcase classname="${xml(f.file)}" name="${xml(rule.id)}"${body ? `>${body}</testcase>` : '/>'}`,
        );
      }
    }
    tests += cases.length;
    failures += suiteFailures;
    suites.push(
      `  <testsuite name="${xml(f.file)}" tests="${cases.length}" failures="${suiteFailures}" errors="${f.error ? 1 : 0}">`,
      ...cases,
      '  </testsuite>',
    );
  }
  out.push(
    `<testsuites name="provops lint" tests="${tests}" failures="${failures}" errors="${errors}">`,
    ...suites,
    '</testsuites>',
  );
  return `${out.join('\n')}\n`;
}
