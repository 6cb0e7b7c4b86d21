// A critical workload class that only one provider can serve.
import { visibleIds } from '../ids.js';
import { defineRule, type Report } from '../rule.js';

interface Data {
  workload: string;
  ids: string;
  providers: string;
  unseen: string;
}

export default defineRule<Data>({
  id: 'workload-without-alternate',
  severity: 'warn',
  title: 'Critical workloads without an alternate provider',
  description:
    'The runbook keeps at least one alternate provider for each critical workload class (provops.yaml `workloads`). When every id of a class is served by one provider in config.yaml, losing it stops the class. Ids served only by OAuth catalogs cannot be seen in config.yaml; the finding says which.',
  runbook: 'Rotation and Quota Strategy',
  message: (d) =>
    d.providers
      ? `workload "${d.workload}" (${d.ids}) is served by ${d.providers} only in config.yaml: no alternate provider${d.unseen ? `; ${d.unseen} not found in config.yaml (OAuth catalogs are not visible here)` : ''}`
      : `workload "${d.workload}": none of ${d.ids} is declared in config.yaml, so provops cannot tell whether an alternate exists (OAuth catalogs are not visible here)`,
  fix: () =>
    "Expose one of the workload's ids (or an equivalent) from a second provider: another block with the same alias, or an oauth-model-alias fork.",
  check(ctx) {
    const all = visibleIds(ctx.view);
    const out: Array<Report<Data>> = [];
    for (const [workload, ids] of Object.entries(ctx.expect.workloads)) {
      const serving = all.filter((v) => ids.includes(v.id));
      const providers = [...new Set(serving.map((v) => v.label.replace(/\[\d+\]$/, '')))];
      const pools = new Set(serving.map((v) => v.provider));
      if (pools.size >= 2) continue;
      const unseen = ids.filter((id) => !serving.some((v) => v.id === id));
      const where = serving[0]?.where ?? { path: [], pos: { line: 1, column: 1 } };
      out.push({
        where,
        data: { workload, ids: ids.join(', '), providers: providers.join(', '), unseen: unseen.join(', ') },
        ...(pools.size === 0 ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
});
