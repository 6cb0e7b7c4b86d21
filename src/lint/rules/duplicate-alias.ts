// A repeated alias in one oauth-model-alias channel: the gateway keeps the first.
import { defineRule, type Report } from '../rule.js';

interface Data {
  channel: string;
  alias: string;
  kept: string;
  dropped: string;
  firstLine: number;
}

export default defineRule<Data>({
  id: 'duplicate-alias',
  severity: 'error',
  title: 'Repeated aliases in one channel',
  description:
    'Within one oauth-model-alias channel the sanitizer keeps the first entry for an alias and drops the later ones: the later mapping silently does not exist.',
  runbook: '502 unknown provider for model ...',
  message: (d) =>
    `oauth-model-alias.${d.channel}: alias "${d.alias}" is repeated; the gateway keeps the first (→ ${d.kept}, line ${d.firstLine}) and drops this one (→ ${d.dropped})`,
  fix: () => 'Keep one entry per alias in a channel; give the other upstream model its own alias.',
  check(ctx) {
    const out: Array<Report<Data>> = [];
    for (const ch of ctx.view.aliases.channels) {
      const first = new Map<string, { name: string; line: number }>();
      for (const a of ch.entries) {
        if (a.alias.toLowerCase() === a.name.toLowerCase()) continue; // dropped anyway (alias-equals-name)
        const key = a.alias.toLowerCase();
        const seen = first.get(key);
        if (!seen) first.set(key, { name: a.name, line: a.where.pos.line });
        else
          out.push({
            where: a.where,
            data: { channel: ch.channel, alias: a.alias, kept: seen.name, dropped: a.name, firstLine: seen.line },
          });
      }
    }
    return out;
  },
});
