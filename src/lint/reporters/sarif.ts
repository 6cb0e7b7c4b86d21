// --format sarif: SARIF 2.1.0 for code-scanning UIs: the rules as the tool's driver rules, each finding
// a result at its file, line and column.
import type { LintReport } from '../findings.js';
import type { AnyRule, Severity } from '../rule.js';
import { VERSION } from '../../version.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warn: 'warning', info: 'note' };

export default function sarif(report: LintReport, rules: readonly AnyRule[]): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((f) =>
    f.findings.map((x) => ({
      ruleId: x.rule,
      ruleIndex: index.get(x.rule) ?? -1,
      level: LEVEL[x.severity],
      message: { text: `${x.message} (at ${x.path}). Fix: ${x.hint}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.file },
            region: { startLine: Math.max(1, x.line), startColumn: Math.max(1, x.column) },
          },
        },
      ],
    })),
  );
  const notifications = report.files
    .filter((f) => f.error)
    .map((f) => ({
      level: 'error',
      message: { text: f.error },
      locations: [{ physicalLocation: { artifactLocation: { uri: f.file } } }],
    }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'provops lint',
            version: VERSION,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: `Runbook: ${r.runbook}` },
              defaultConfiguration: { level: LEVEL[r.severity as Severity] },
            })),
          },
        },
        invocations: [
          { executionSuccessful: !report.files.some((f) => f.error), toolExecutionNotifications: notifications },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
