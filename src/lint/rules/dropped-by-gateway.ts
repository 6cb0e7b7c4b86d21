// --from-gateway: entries in the file that the gateway did not load (its sanitizers drop them silently).
import { defineRule, type Report } from '../rule.js';
import { formatPath, type Where } from '../tree.js';
import type { ConfigView, Source } from '../view.js';

interface Data {
  what: string;
}

function sameSource(a: Source, b: Source): boolean {
  if (a.provider !== b.provider) return false;
  if (a.kind === 'compat') return true; // a compat block is its name
  return a.credentials.length === 0 ? b.credentials.length === 0 : a.credentials.some((c) => b.credentials.includes(c));
}

function droppedEntries(file: ConfigView, loaded: ConfigView): Array<{ where: Where; what: string }> {
  const out: Array<{ where: Where; what: string }> = [];
  for (const s of file.sources) {
    const kept = loaded.sources.find((l) => sameSource(s, l));
    if (!kept) {
      out.push({ where: s.where, what: s.label });
      continue;
    }
    for (const m of s.models)
      if (!kept.models.some((k) => k.name === m.name && k.alias === m.alias))
        out.push({ where: m.where, what: `${s.label} model ${m.name}${m.alias ? ` → ${m.alias}` : ''}` });
  }
  for (const ch of file.aliases.channels) {
    const kept = loaded.aliases.channels.find((c) => c.channel === ch.channel)?.entries ?? [];
    for (const a of ch.entries)
      if (!kept.some((k) => k.name === a.name && k.alias === a.alias))
        out.push({ where: a.where, what: `oauth-model-alias.${ch.channel} ${a.name} → ${a.alias}` });
  }
  file.clientKeys.values.forEach((v, i) => {
    const fp = file.clientKeys.fingerprints[i] as string;
    // A key's value is never printed: its key path names it.
    if (loaded.clientKeys.values.length && !loaded.clientKeys.fingerprints.includes(fp))
      out.push({ where: v.where, what: `client key ${formatPath(v.where.path)}` });
  });
  return out;
}

export default defineRule<Data>({
  id: 'dropped-by-gateway',
  severity: 'error',
  title: 'Entries the gateway dropped',
  description:
    'With --from-gateway: every entry of the file (provider entries, compat blocks and their models, alias entries, client keys) that is missing from what the gateway loaded (GET /v0/management/config). The gateway answers management writes with "ok" even when its sanitizers then drop the entry.',
  runbook: '502 unknown provider for model ...',
  gateway: true,
  message: (d) => `${d.what} is in the file but not in what the gateway loaded: dropped by the gateway`,
  fix: () =>
    'See the other findings on this line for why (missing base-url, alias equal to name, repeated alias, …); fix it and reload, then re-run with --from-gateway.',
  check(ctx) {
    if (!ctx.gateway) return [];
    return droppedEntries(ctx.view, ctx.gateway.effective).map((d): Report<Data> => ({
      where: d.where,
      data: { what: d.what },
    }));
  },
});
