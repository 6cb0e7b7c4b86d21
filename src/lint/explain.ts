// `provops lint --list-rules` and `provops explain <rule-id>`: plain strings from the rules' metadata.
import type { AnyRule } from './rule.js';

export function ruleListText(rules: readonly AnyRule[]): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  const rows = rules.map(
    (r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.title}${r.gateway ? ' (--from-gateway)' : ''}`,
  );
  return `${[`${'RULE'.padEnd(width)}  LEVEL  WHAT`, ...rows].join('\n')}\n\nprovops explain <rule> says what the gateway does with such a config and how to fix it.\n`;
}

export function ruleListJson(rules: readonly AnyRule[]): string {
  const rows = rules.map((r) => ({
    id: r.id,
    severity: r.severity,
    title: r.title,
    description: r.description,
    runbook: r.runbook,
    gateway: Boolean(r.gateway),
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

export function explainRuleText(rule: AnyRule): string {
  return [
    `${rule.id}: ${rule.title} (lint rule, ${rule.severity}; runbook: ${rule.runbook})`,
    '',
    rule.description,
    '',
    rule.gateway
      ? 'Runs with `provops lint --from-gateway` only (it compares with what the gateway loaded or lists).'
      : 'Runs on every `provops lint`.',
    '',
  ].join('\n');
}
