// The client-visible model ids a config implies, the way the gateway registers them (reference
// "Model resolution"): excluded-models first (case-insensitive, `*` wildcards), then the alias, then the
// prefix (`p/id`, plus the bare id unless force-model-prefix). Only ids the file names: the native
// catalogs of OAuth credentials and of keys without `models` are the gateway's to know.
import type { Where } from './tree.js';
import type { ConfigView, Source } from './view.js';

export interface VisibleId {
  id: string;
  /** The provider pool it belongs to (sources with the same provider are one pool). */
  provider: string;
  label: string;
  priority: number;
  where: Where;
  /** Registered through an OAuth alias channel (depends on a credential in auth-dir). */
  oauth: boolean;
}

/** Entries the loader drops (codex keys and compat blocks without base-url) or that are switched off. */
export function isDropped(s: Source): boolean {
  const needsBaseUrl = s.kind === 'compat' || (s.kind === 'key' && s.provider === 'codex');
  return (needsBaseUrl && !s.baseUrl?.value.trim()) || s.disabled;
}

/** The sources the gateway keeps: what routing and rotation rules reason about. */
export function loadedSources(view: ConfigView): Source[] {
  return view.sources.filter((s) => !isDropped(s));
}

/** The gateway's prefix sanitizer: trimmed, outer `/` removed, an inner `/` discards the prefix. */
export function effectivePrefix(raw: string | undefined): { prefix: string | undefined; discarded: boolean } {
  const p = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (!p) return { prefix: undefined, discarded: false };
  return p.includes('/') ? { prefix: undefined, discarded: true } : { prefix: p, discarded: false };
}

/** excluded-models matching: case-insensitive, `*` matches any run of characters. Linear in both lengths. */
export function matchesPattern(pattern: string, id: string): boolean {
  const parts = pattern.toLowerCase().split('*');
  const s = id.toLowerCase();
  if (parts.length === 1) return s === parts[0];
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!s.startsWith(first) || s.length < first.length + last.length || !s.endsWith(last)) return false;
  let at = first.length;
  const end = s.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = s.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

function register(
  out: VisibleId[],
  id: string,
  prefix: string | undefined,
  force: boolean,
  base: Omit<VisibleId, 'id'>,
) {
  if (prefix) out.push({ ...base, id: `${prefix}/${id}` });
  if (!prefix || !force || id === prefix) out.push({ ...base, id });
}

export function sourceIds(source: Source, force: boolean): VisibleId[] {
  const out: VisibleId[] = [];
  const { prefix } = effectivePrefix(source.prefix?.value);
  for (const m of source.models) {
    if (source.excluded.some((p) => matchesPattern(p.value, m.name))) continue;
    register(out, m.alias ?? m.name, prefix, force, {
      provider: source.provider,
      label: source.label,
      priority: source.priority,
      where: m.where,
      oauth: false,
    });
  }
  return out;
}

export function visibleIds(view: ConfigView): VisibleId[] {
  const force = view.forceModelPrefix?.value === true;
  const out = loadedSources(view).flatMap((s) => sourceIds(s, force));
  for (const ch of view.aliases.channels) {
    const excluded = view.oauthExcluded.find((e) => e.channel === ch.channel)?.patterns ?? [];
    const seen = new Set<string>();
    for (const a of ch.entries) {
      // The sanitizer drops alias == name and keeps the first of a repeated alias.
      if (a.alias === a.name || seen.has(a.alias.toLowerCase())) continue;
      seen.add(a.alias.toLowerCase());
      if (excluded.some((p) => matchesPattern(p.value, a.name))) continue;
      const base = {
        provider: `oauth:${ch.channel}`,
        label: `oauth-model-alias.${ch.channel}`,
        priority: 0,
        where: a.where,
        oauth: true,
      };
      out.push({ ...base, id: a.alias });
      if (a.fork) out.push({ ...base, id: a.name });
    }
  }
  return out;
}
