// --from-gateway: entries in the file that the gateway did not load (its sanitizers drop them silently).
import { defineRule, type Report } from '../rule.js';
import { formatPath, type Where } from '../tree.js';
import type { ConfigView, Source } from '../view.js';

interface Data {
  what: string;
}

const modelKey = (m: { name: string; alias: string | undefined }) => `${m.name}\u0000${m.alias ?? ''}`;

/** What the gateway loaded, indexed once: every lookup below is a map or set hit (linear overall). */
function index(loaded: ConfigView) {
  const byProvider = new Map<string, Source[]>();
  const byCredential = new Map<string, Source>();
  for (const s of loaded.sources) {
    const list = byProvider.get(s.provider);
    if (list) list.push(s);
    else byProvider.set(s.provider, [s]);
    for (const c of s.credentials) byCredential.set(`${s.provider}\u0000${c}`, s);
  }
  const models = new Map(loaded.sources.map((s) => [s, new Set(s.models.map(modelKey))]));
  const aliases = new Set(
    loaded.aliases.channels.flatMap((c) => c.entries.map((a) => `${c.channel}\u0000${modelKey(a)}`)),
  );
  return { byProvider, byCredential, models, aliases, clientKeys: new Set(loaded.clientKeys.fingerprints) };
}

/** The loaded entry a file entry became: a compat block is its name, a key entry any of its keys. */
function keptAs(s: Source, idx: ReturnType<typeof index>): Source | undefined {
  const same = idx.byProvider.get(s.provider);
  if (!same) return undefined;
  if (s.kind === 'compat' || !s.credentials.length) return same[0];
  for (const c of s.credentials) {
    const hit = idx.byCredential.get(`${s.provider}\u0000${c}`);
    if (hit) return hit;
  }
  return undefined;
}

function droppedEntries(file: ConfigView, loaded: ConfigView): Array<{ where: Where; what: string }> {
  const idx = index(loaded);
  const out: Array<{ where: Where; what: string }> = [];
  for (const s of file.sources) {
    const kept = keptAs(s, idx);
    if (!kept) {
      out.push({ where: s.where, what: s.label });
      continue;
    }
    const keptModels = idx.models.get(kept);
    for (const m of s.models)
      if (!keptModels?.has(modelKey(m)))
        out.push({ where: m.where, what: `${s.label} model ${m.name}${m.alias ? ` → ${m.alias}` : ''}` });
  }
  for (const ch of file.aliases.channels)
    for (const a of ch.entries)
      if (!idx.aliases.has(`${ch.channel}\u0000${modelKey(a)}`))
        out.push({ where: a.where, what: `oauth-model-alias.${ch.channel} ${a.name} → ${a.alias}` });
  file.clientKeys.values.forEach((v, i) => {
    const fp = file.clientKeys.fingerprints[i] as string;
    // A key's value is never printed: its key path names it.
    if (idx.clientKeys.size && !idx.clientKeys.has(fp))
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
