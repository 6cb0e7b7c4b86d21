// Plain text grouped by file: `line:col  severity  rule  message`, then the key path and the fix.
import type { LintReport } from '../findings.js';

export default function table(report: LintReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    out.push(f.file);
    if (f.error) {
      out.push(`  unreadable: ${f.error}`, '');
      continue;
    }
    if (f.layout) out.push(`  ${f.layout}`);
    if (!f.findings.length) out.push('  no findings');
    const width = Math.max(0, ...f.findings.map((x) => `${x.line}:${x.column}`.length));
    for (const x of f.findings) {
      out.push(`  ${`${x.line}:${x.column}`.padEnd(width)}  ${x.severity.padEnd(5)}  ${x.rule}  ${x.message}`);
      out.push(`  ${' '.repeat(width)}  ${' '.repeat(5)}  at ${x.path}; fix: ${x.hint}`);
    }
    out.push('');
  }
  const s = report.summary;
  const unreadable = report.files.filter((f) => f.error).length;
  out.push(
    `${s.error} error(s), ${s.warn} warning(s), ${s.info} info in ${report.files.length} file(s)${unreadable ? `; ${unreadable} unreadable` : ''} (exit ${report.exitCode})`,
  );
  return `${out.join('\n')}\n`;
}
