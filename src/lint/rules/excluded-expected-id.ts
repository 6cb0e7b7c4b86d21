// excluded-models patterns that hide an id the team expects.
import { matchesPattern } from '../ids.js';
import { defineRule, type Report } from '../rule.js';
import type { Located } from '../view.js';

interface Data {
  pattern: string;
  id: string;
  where: string;
}

export default defineRule<Data>({
  id: 'excluded-expected-id',
  severity: 'warn',
  title: 'excluded-models hides an expected id',
  description:
    'excluded-models / oauth-excluded-models patterns are matched case-insensitively with `*` wildcards against upstream ids, before aliases and prefixes are applied; a pattern that matches an id the team expects (provops.yaml expectIds and workloads) removes it from /v1/models.',
  runbook: 'Missing Models in /v1/models',
  message: (d) => `${d.where} pattern "${d.pattern}" hides "${d.id}", which provops.yaml expects to be served`,
  fix: () => 'Narrow the pattern so it no longer matches the expected id, or drop the id from expectIds/workloads.',
  check(ctx) {
    if (!ctx.expect.ids.length) return [];
    const out: Array<Report<Data>> = [];
    const scan = (patterns: Array<Located<string>>, where: string, upstreamOf: (id: string) => string[]) => {
      for (const p of patterns)
        for (const id of ctx.expect.ids)
          if (upstreamOf(id).some((name) => matchesPattern(p.value, name)))
            out.push({ where: p.where, data: { pattern: p.value, id, where } });
    };
    // excluded-models is matched against upstream names, before aliasing: an expected alias is hidden
    // when the name behind it matches. One alias → names index per source, built once.
    const namesBehind = (pairs: Array<{ name: string; alias: string | undefined }>) => {
      const byAlias = new Map<string, string[]>();
      for (const p of pairs) {
        if (!p.alias) continue;
        const names = byAlias.get(p.alias);
        if (names) names.push(p.name);
        else byAlias.set(p.alias, [p.name]);
      }
      return (id: string) => [id, ...(byAlias.get(id) ?? [])];
    };
    for (const s of ctx.view.sources)
      if (s.excluded.length) scan(s.excluded, `${s.label} excluded-models`, namesBehind(s.models));
    for (const e of ctx.view.oauthExcluded) {
      const ch = ctx.view.aliases.channels.find((c) => c.channel === e.channel);
      scan(e.patterns, `oauth-excluded-models.${e.channel}`, namesBehind(ch?.entries ?? []));
    }
    return out;
  },
});
