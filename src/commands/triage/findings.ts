// What triage reports: findings (ok / problem / unknown, each with its evidence) and the playbook's
// next steps, ordered by what the findings showed. Exit code: 0 nothing found, 1 a warn-level problem,
// 2 a fail-level problem, 3 nothing found but something could not be told.
import { VERSION } from '../../version.js';

export type FindingStatus = 'ok' | 'problem' | 'unknown';

export interface Finding {
  /** A short, stable name of what was looked at ("listed for this key", "alias bridge"). */
  check: string;
  status: FindingStatus;
  /** For problems: how bad (fail: this explains the symptom; warn: worth fixing, may contribute). */
  severity?: 'warn' | 'fail';
  summary: string;
  evidence: string[];
  /** Playbook steps this finding points to, most specific first. */
  steps?: string[];
}

export const ok = (check: string, summary: string, evidence: string[] = []): Finding => ({
  check,
  status: 'ok',
  summary,
  evidence,
});
export const problem = (
  check: string,
  severity: 'warn' | 'fail',
  summary: string,
  evidence: string[] = [],
  steps: string[] = [],
): Finding => ({ check, status: 'problem', severity, summary, evidence, steps });
export const unknown = (check: string, summary: string, evidence: string[] = []): Finding => ({
  check,
  status: 'unknown',
  summary,
  evidence,
});

export interface TriageReport {
  schemaVersion: 1;
  tool: 'provops';
  version: string;
  command: 'triage';
  symptom: string;
  playbook: string;
  model: string | undefined;
  url: string;
  gatewayVersion: string | undefined;
  now: string;
  status: 'ok' | 'warn' | 'fail' | 'unknown';
  exitCode: 0 | 1 | 2 | 3;
  findings: Finding[];
  nextSteps: string[];
}

export function buildTriageReport(input: {
  symptom: string;
  playbook: string;
  playbookSteps: string[];
  model: string | undefined;
  url: string;
  gatewayVersion: string | undefined;
  now: Date;
  findings: Finding[];
}): TriageReport {
  const problems = input.findings.filter((f) => f.status === 'problem');
  const status = problems.some((f) => f.severity === 'fail')
    ? 'fail'
    : problems.length
      ? 'warn'
      : input.findings.some((f) => f.status === 'unknown')
        ? 'unknown'
        : 'ok';
  const exitCode = ({ ok: 0, warn: 1, fail: 2, unknown: 3 } as const)[status];
  // Steps the failures point to come first, then the warnings', then the rest of the playbook.
  const ordered = [
    ...problems.filter((f) => f.severity === 'fail').flatMap((f) => f.steps ?? []),
    ...problems.filter((f) => f.severity !== 'fail').flatMap((f) => f.steps ?? []),
    ...input.playbookSteps,
  ];
  return {
    schemaVersion: 1,
    tool: 'provops',
    version: VERSION,
    command: 'triage',
    symptom: input.symptom,
    playbook: input.playbook,
    model: input.model,
    url: input.url,
    gatewayVersion: input.gatewayVersion,
    now: input.now.toISOString(),
    status,
    exitCode,
    findings: input.findings,
    nextSteps: [...new Set(ordered)],
  };
}

const MARK: Record<FindingStatus, string> = { ok: 'ok     ', problem: 'PROBLEM', unknown: 'unknown' };

export function triageText(report: TriageReport): string {
  const lines = [
    `provops triage ${report.symptom}${report.model ? ` --model ${report.model}` : ''} — runbook "${report.playbook}"`,
    `gateway ${report.url}${report.gatewayVersion ? ` (${report.gatewayVersion})` : ''}, as of ${report.now}`,
    '',
  ];
  for (const f of report.findings) {
    const sev = f.status === 'problem' ? ` [${f.severity}]` : '';
    lines.push(`${MARK[f.status]}  ${f.check}${sev}: ${f.summary}`);
    for (const e of f.evidence) lines.push(`           ${e}`);
  }
  lines.push('', 'Next steps:');
  report.nextSteps.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`));
  const verdict = {
    ok: 'nothing found that explains the symptom',
    warn: 'problems worth fixing found',
    fail: 'the cause (or a cause) found',
    unknown: 'nothing found, but some of it could not be told',
  }[report.status];
  lines.push('', `${report.status}: ${verdict} (exit ${report.exitCode})`);
  return `${lines.join('\n')}\n`;
}
