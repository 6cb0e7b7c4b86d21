// The same client-visible id served by two providers: a mixed pool, not "first wins".
import { visibleIds, type VisibleId } from '../ids.js';
import { defineRule, type Report } from '../rule.js';

interface Data {
  id: string;
  sources: string;
  decided: string;
}

export default defineRule<Data>({
  id: 'mixed-pool',
  severity: 'warn',
  title: 'One model id exposed by two providers',
  description:
    'When two blocks or alias channels expose the same client-visible id, the gateway pools them: the highest priority among ready credentials wins, and on a tie it round-robins across the providers. Requests for that id then land on either provider ("wrong provider selected").',
  runbook: 'Wrong Provider Selected',
  message: (d) => `"${d.id}" is exposed by ${d.sources}: ${d.decided}`,
  fix: () =>
    'Give one of them a distinct alias or a prefix (clients then call prefix/model), or set priority on the one that should win.',
  check(ctx) {
    const byId = new Map<string, VisibleId[]>();
    for (const v of visibleIds(ctx.view)) {
      const list = byId.get(v.id);
      if (list) list.push(v);
      else byId.set(v.id, [v]);
    }
    const out: Array<Report<Data>> = [];
    for (const [id, all] of byId) {
      const providers = new Map<string, VisibleId>();
      for (const v of all) if (!providers.has(v.provider)) providers.set(v.provider, v);
      if (providers.size < 2) continue;
      const list = [...providers.values()];
      const top = Math.max(...list.map((v) => v.priority));
      const winners = list.filter((v) => v.priority === top);
      const sources = list.map((v) => `${v.label} (line ${v.where.pos.line}, priority ${v.priority})`).join(' and ');
      const decided =
        winners.length > 1
          ? 'the gateway round-robins requests for it across these providers'
          : `${winners[0]?.label} wins while it has a ready credential, then the others take over`;
      const second = list[1] as VisibleId;
      out.push({ where: second.where, data: { id, sources, decided }, severity: winners.length > 1 ? 'warn' : 'info' });
    }
    return out;
  },
});
