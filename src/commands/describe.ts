// `provops list` and `provops explain`: plain strings from the registry's metadata. Deliberately
// free of cli-table3/chalk so these commands start fast.
import type { Check } from '../check.js';
import { STATUSES } from '../check.js';
import { formatOptionValue } from '../options.js';

export function describeList(checks: readonly Check[]): string {
  return checks.map((c) => c.id).join(', ');
}

export function listJson(checks: readonly Check[]): string {
  const rows = checks.map((c) => ({
    id: c.id,
    title: c.title,
    runbook: c.runbook,
    description: c.description,
    options: Object.fromEntries(
      Object.entries(c.options).map(([k, s]) => [k, { default: s.default, type: s.type, description: s.description }]),
    ),
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function listText(checks: readonly Check[]): string {
  const rows = checks.map((c) => [
    c.id,
    c.title,
    c.runbook,
    Object.entries(c.options)
      .map(([k, s]) => `${k}=${formatOptionValue(s.default)}`)
      .join(' ') || '-',
  ]);
  const head = ['ID', 'TITLE', 'RUNBOOK', 'DEFAULT THRESHOLDS'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i] ?? 0))).join('  ');
  return `${[line(head), ...rows.map(line)].join('\n')}\n\nprovops explain <id> tells what a check does; thresholds are overridden in provops.yaml under checks.<id>.\n`;
}

export function explainText(check: Check): string {
  const out: string[] = [];
  out.push(`${check.id}: ${check.title} (runbook: ${check.runbook})`, '', check.description, '');
  const statuses = STATUSES.flatMap((s) => {
    const meaning = check.explain.statuses[s];
    return meaning ? [`  ${pad(s, 5)}  ${meaning}`] : [];
  });
  // A plugin may leave its statuses and runbook steps out; say so rather than print empty headings.
  out.push('Statuses:', ...(statuses.length ? statuses : ['  (not described by this check)']));
  out.push('', 'Thresholds (override in provops.yaml):');
  const opts = Object.entries(check.options);
  if (!opts.length) out.push('  none');
  for (const [name, spec] of opts)
    out.push(`  ${name} = ${formatOptionValue(spec.default)}  (${spec.type}) ${spec.description}`);
  if (opts.length) {
    out.push('', '  checks:', `    ${check.id}:`);
    for (const [name, spec] of opts) out.push(`      ${name}: ${JSON.stringify(spec.default)}`);
  }
  if (check.explain.runbookSteps.length) {
    out.push('', 'The runbook says:');
    for (const step of check.explain.runbookSteps) out.push(`  ${step}`);
  }
  if (check.explain.gatewayNotes?.length) {
    out.push('', 'What the gateway really does (and what provops does about it):');
    for (const note of check.explain.gatewayNotes) out.push(`  - ${note}`);
  }
  return `${out.join('\n')}\n`;
}
