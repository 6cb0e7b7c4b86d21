// The live `oauth-model-alias` map: management writes change it, GET /oauth-model-alias and /config
// read it back, and /v1/models and the inference routes list and route through it. The scenario's own
// models already reflect its configured aliases, so only the difference from that baseline is applied.
import type { ModelSpec } from './scenarios/types.js';

export interface AliasEntry {
  name: string;
  alias: string;
  fork?: boolean;
  [extra: string]: unknown;
}

export type AliasMap = Record<string, AliasEntry[]>;

/** The `owned_by` a channel's credentials list their models under (reference §4.2). */
const OWNER_OF_CHANNEL: Record<string, string> = {
  codex: 'openai',
  claude: 'anthropic',
  antigravity: 'antigravity',
  kiro: 'aws',
  'github-copilot': 'github-copilot',
  'gemini-cli': 'google',
  gemini: 'google',
  vertex: 'google',
  iflow: 'iflow',
  qwen: 'qwen',
};

export function ownerOfChannel(channel: string): string {
  return OWNER_OF_CHANNEL[channel] ?? channel;
}

const keyOf = (e: AliasEntry) => `${e.name}\u0000${e.alias}\u0000${e.fork === true}`;

/**
 * The gateway's sanitizer (reference "Config loading"): entries without a name or alias, or whose alias
 * equals the name, are dropped; a repeated alias in one channel keeps the first. Returns undefined when
 * the value is not a list at all.
 */
export function sanitizeChannel(value: unknown): AliasEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const seen = new Set<string>();
  const out: AliasEntry[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const e = item as Record<string, unknown>;
    const name = typeof e.name === 'string' ? e.name.trim() : '';
    const alias = typeof e.alias === 'string' ? e.alias.trim() : '';
    if (!name || !alias || name.toLowerCase() === alias.toLowerCase() || seen.has(alias.toLowerCase())) continue;
    seen.add(alias.toLowerCase());
    out.push({ ...e, name, alias, ...(e.fork === true ? { fork: true } : {}) } as AliasEntry);
  }
  return out;
}

function copy(map: AliasMap): AliasMap {
  return JSON.parse(JSON.stringify(map)) as AliasMap;
}

export class AliasStore {
  private readonly baseline: AliasMap;
  private current: AliasMap;

  constructor(
    configured: unknown,
    /** false: setters answer ok but nothing is kept (a config file that something else rewrites). */
    private readonly keepWrites = true,
  ) {
    const map: AliasMap = {};
    if (typeof configured === 'object' && configured !== null)
      for (const [channel, list] of Object.entries(configured)) map[channel] = sanitizeChannel(list) ?? [];
    this.baseline = map;
    this.current = copy(map);
  }

  read(): AliasMap {
    return copy(this.current);
  }

  setChannel(channel: string, entries: AliasEntry[]): void {
    if (!this.keepWrites) return;
    if (entries.length) this.current[channel] = entries;
    else delete this.current[channel];
  }

  replaceAll(map: AliasMap): void {
    if (!this.keepWrites) return;
    this.current = copy(map);
  }

  deleteChannel(channel: string): boolean {
    if (!(channel in this.current)) return false;
    if (this.keepWrites) delete this.current[channel];
    return true;
  }

  /** The model the gateway would send upstream for `model` through an alias added since start, if any. */
  routedName(model: string): string | undefined {
    for (const { entry } of this.changes().added) if (entry.alias === model) return entry.name;
    return undefined;
  }

  /** A listing with the aliases added or removed since start applied, per the channel's owner. */
  apply(models: ModelSpec[]): ModelSpec[] {
    const { added, removed } = this.changes();
    if (!added.length && !removed.length) return models;
    let out = [...models];
    for (const { channel, entry } of removed) {
      const owner = ownerOfChannel(channel);
      out = out.filter((m) => !(m.ownedBy === owner && m.id === entry.alias));
    }
    for (const { channel, entry } of added) {
      const owner = ownerOfChannel(channel);
      const source = out.find((m) => m.ownedBy === owner && m.id === entry.name);
      if (!source) continue; // an alias for a model the channel does not serve lists nothing
      if (!out.some((m) => m.ownedBy === owner && m.id === entry.alias)) out.push({ ...source, id: entry.alias });
      if (!entry.fork) out = out.filter((m) => m !== source);
    }
    return out;
  }

  private changes(): {
    added: Array<{ channel: string; entry: AliasEntry }>;
    removed: Array<{ channel: string; entry: AliasEntry }>;
  } {
    const diff = (from: AliasMap, to: AliasMap) =>
      Object.entries(from).flatMap(([channel, list]) => {
        const other = new Set((to[channel] ?? []).map(keyOf));
        return list.filter((e) => !other.has(keyOf(e))).map((entry) => ({ channel, entry }));
      });
    return { added: diff(this.current, this.baseline), removed: diff(this.baseline, this.current) };
  }
}
