// --format json: schemaVersion 1; per file its findings as data.
import type { LintReport } from '../findings.js';
import { VERSION } from '../../version.js';

export default function json(report: LintReport): string {
  const { schemaVersion, status, exitCode, summary, files } = report;
  const body = {
    schemaVersion,
    tool: 'provops lint',
    version: VERSION,
    status,
    exitCode,
    summary,
    files: files.map((f) => ({
      file: f.file,
      layout: f.layout ?? null,
      error: f.error ?? null,
      findings: f.findings.map(({ rule, severity, message, line, column, path, hint }) => ({
        rule,
        severity,
        message,
        line,
        column,
        path,
        hint,
      })),
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
