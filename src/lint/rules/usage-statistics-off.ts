// Usage statistics off: the Spark error ratio cannot be judged.
import { defineRule } from '../rule.js';

interface Data {
  absent: boolean;
}

export default defineRule<Data>({
  id: 'usage-statistics-off',
  severity: 'warn',
  title: 'Usage statistics off',
  description:
    'Without usage-statistics-enabled: true the gateway records no requests: /v0/management/usage stays at zero and /v1/metrics/providers is {}, so provops cannot judge the Spark error ratio or provider success rates.',
  runbook: 'Copilot Spark Mismatch',
  message: (d) =>
    `usage-statistics-enabled is ${d.absent ? 'not set (default false)' : 'false'}: no usage records, so the Spark error ratio and provider success rates cannot be judged`,
  fix: () => 'Set usage-statistics-enabled: true.',
  check(ctx) {
    const v = ctx.view.usageStatistics;
    if (v?.value === true) return [];
    const key =
      ctx.view.layout === 'v8' ? ['observability', 'usage', 'usage-statistics-enabled'] : ['usage-statistics-enabled'];
    return [{ where: v?.where ?? { path: key, pos: { line: 1, column: 1 } }, data: { absent: !v } }];
  },
});
