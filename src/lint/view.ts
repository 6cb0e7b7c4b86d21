// One layout-independent reading of a config: what the gateway will build from it (client keys,
// providers and their models, alias channels, the switches). Every value keeps where it was written.
// Built from the file and from the gateway's GET /config alike, so the two can be compared.
import { createHash } from 'node:crypto';
import type { LayoutName } from './layout.js';
import { FORK_PROVIDER_LISTS, KEY_LISTS } from './schema.js';
import { bool, child, items, num, text, type Path, type Where, type YMap, type YNode } from './tree.js';

export interface Located<T> {
  value: T;
  where: Where;
}

export interface ModelMapping {
  name: string;
  alias: string | undefined;
  where: Where;
}

/** Something that registers model ids: one upstream-key entry (or v8 group), one compat block, one fork list entry. */
export interface Source {
  /** The provider behind it: entries with the same provider form one provider's credential pool. */
  provider: string;
  kind: 'key' | 'compat' | 'fork';
  /** For messages: `codex-api-key[0]`, `openai-compatibility "openrouter"`. */
  label: string;
  where: Where;
  node: YMap;
  baseUrl: Located<string> | undefined;
  prefix: Located<string> | undefined;
  priority: number;
  /** sha256 fingerprints of its api-key values: counted and compared, never printed. */
  credentials: string[];
  models: ModelMapping[];
  modelsWhere: Where | undefined;
  excluded: Array<Located<string>>;
  /** `disabled: true`: loaded, but it serves nothing. */
  disabled: boolean;
}

export interface AliasEntry {
  channel: string;
  name: string;
  alias: string;
  fork: boolean;
  where: Where;
}

export interface AliasChannel {
  channel: string;
  where: Where;
  entries: AliasEntry[];
}

export interface ConfigView {
  layout: LayoutName;
  clientKeys: { where: Where | undefined; fingerprints: string[]; values: Array<Located<string>> };
  sources: Source[];
  aliases: { where: Where | undefined; channels: AliasChannel[] };
  oauthExcluded: Array<{ channel: string; patterns: Array<Located<string>> }>;
  forceModelPrefix: Located<boolean> | undefined;
  routingStrategy: Located<string> | undefined;
  debug: Located<boolean> | undefined;
  requestLog: Located<boolean> | undefined;
  loggingToFile: Located<boolean> | undefined;
  usageStatistics: Located<boolean> | undefined;
  management: {
    where: Where | undefined;
    allowRemote: Located<boolean> | undefined;
    secretKey: Located<string> | undefined;
  };
}

export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

interface Found {
  node: YNode;
  path: Path;
}

/** The first of the candidate key paths that is present (v8 spelling first: it wins in a mixed file). */
function find(root: YMap, candidates: string[][]): Found | undefined {
  for (const keys of candidates) {
    let node: YNode | undefined = root;
    for (const k of keys) node = child(node, k);
    if (node !== undefined) return { node, path: keys };
  }
  return undefined;
}

const whereOf = (f: Found): Where => ({ path: f.path, pos: f.node.pos });

function locatedBool(f: Found | undefined): Located<boolean> | undefined {
  const value = bool(f?.node);
  return f && value !== undefined ? { value, where: whereOf(f) } : undefined;
}

function locatedText(f: Found | undefined): Located<string> | undefined {
  const value = text(f?.node);
  return f && value !== undefined ? { value, where: whereOf(f) } : undefined;
}

function sub(f: Found, key: string | number): Found | undefined {
  const node = typeof key === 'number' ? items(f.node)[key] : child(f.node, key);
  return node === undefined ? undefined : { node, path: [...f.path, key] };
}

function listOf(f: Found | undefined): Found[] {
  if (!f) return [];
  return items(f.node).map((node, i) => ({ node, path: [...f.path, i] }));
}

function models(f: Found): ModelMapping[] {
  return listOf(sub(f, 'models')).flatMap((m) => {
    const name = text(child(m.node, 'name'));
    const alias = text(child(m.node, 'alias'));
    return name === undefined && alias === undefined
      ? []
      : [{ name: name ?? '', alias: alias || undefined, where: whereOf(m) }];
  });
}

function strings(f: Found | undefined): Array<Located<string>> {
  return listOf(f).flatMap((s) => {
    const value = text(s.node);
    return value === undefined ? [] : [{ value, where: whereOf(s) }];
  });
}

function source(f: Found, provider: string, kind: Source['kind'], label: string, keys: Found[]): Source | undefined {
  if (f.node.kind !== 'map') return undefined;
  const modelsAt = sub(f, 'models');
  return {
    provider,
    kind,
    label,
    where: whereOf(f),
    node: f.node,
    baseUrl: locatedText(sub(f, 'base-url')),
    prefix: locatedText(sub(f, 'prefix')),
    priority: num(child(f.node, 'priority')) ?? 0,
    credentials: keys.flatMap((k) => {
      const v =
        text(child(k.node, 'api-key')) ?? text(child(k.node, 'token-file')) ?? text(child(k.node, 'auth-token'));
      return v ? [fingerprint(v)] : [];
    }),
    models: models(f),
    modelsWhere: modelsAt && whereOf(modelsAt),
    excluded: strings(sub(f, 'excluded-models')),
    disabled: bool(child(f.node, 'disabled')) === true,
  };
}

function flatSources(root: YMap): Source[] {
  const out: Source[] = [];
  for (const [list, provider] of Object.entries(KEY_LISTS))
    for (const e of listOf(find(root, [[list]])))
      pushDefined(out, source(e, provider, 'key', `${list}[${e.path[1] as number}]`, [e]));
  for (const e of listOf(find(root, [['openai-compatibility']]))) {
    const name = text(child(e.node, 'name')) ?? `#${e.path[1] as number}`;
    pushDefined(
      out,
      source(e, `compat:${name}`, 'compat', `openai-compatibility "${name}"`, listOf(sub(e, 'api-key-entries'))),
    );
  }
  for (const list of FORK_PROVIDER_LISTS)
    for (const e of listOf(find(root, [[list]])))
      pushDefined(out, source(e, list, 'fork', `${list}[${e.path[1] as number}]`, [e]));
  return out;
}

/** v8: api-keys.<provider> is a list of groups, each with its own keys[] (gateway-v8.md §5). */
function v8Sources(root: YMap): Source[] {
  const groups = find(root, [['api-keys']]);
  if (groups?.node.kind !== 'map') return [];
  const out: Source[] = [];
  for (const e of groups.node.entries) {
    const list: Found = { node: e.value, path: ['api-keys', e.key] };
    for (const g of listOf(list)) {
      const name = text(child(g.node, 'name'));
      const i = g.path[2] as number;
      const provider = e.key === 'openai-compatibility' ? `compat:${name ?? `#${i}`}` : e.key;
      const label = name ? `api-keys.${e.key} "${name}"` : `api-keys.${e.key}[${i}]`;
      pushDefined(
        out,
        source(g, provider, e.key === 'openai-compatibility' ? 'compat' : 'key', label, listOf(sub(g, 'keys'))),
      );
    }
  }
  return out;
}

function pushDefined<T>(out: T[], v: T | undefined): void {
  if (v !== undefined) out.push(v);
}

function aliasChannels(f: Found | undefined): AliasChannel[] {
  if (f?.node.kind !== 'map') return [];
  return f.node.entries.map((e) => {
    const ch: Found = { node: e.value, path: [...f.path, e.key] };
    const entries = listOf(ch).flatMap((a) => {
      const name = text(child(a.node, 'name'));
      const alias = text(child(a.node, 'alias'));
      if (name === undefined || alias === undefined) return [];
      return [{ channel: e.key, name, alias, fork: bool(child(a.node, 'fork')) === true, where: whereOf(a) }];
    });
    return { channel: e.key, where: { path: ch.path, pos: e.keyPos }, entries };
  });
}

export function buildView(root: YMap, layout: LayoutName): ConfigView {
  const v8 = layout === 'v8';
  const paths = (v8Path: string[], flatPath: string[]) => (v8 ? [v8Path, flatPath] : [flatPath]);
  const clientAt = v8
    ? (find(root, [['access', 'api-keys']]) ?? listFound(find(root, [['api-keys']])))
    : find(root, [['api-keys']]);
  const clientValues = clientAt?.node.kind === 'seq' ? strings(clientAt) : [];
  const aliasesAt = find(root, paths(['oauth', 'model-alias'], ['oauth-model-alias']));
  const excludedAt = find(root, paths(['oauth', 'excluded-models'], ['oauth-excluded-models']));
  const mgmt = find(root, paths(['management'], ['remote-management']));
  return {
    layout,
    clientKeys: {
      where: clientAt && whereOf(clientAt),
      fingerprints: clientValues.map((v) => fingerprint(v.value)),
      values: clientValues,
    },
    sources:
      v8 && child(root, 'api-keys')?.kind === 'map' ? [...v8Sources(root), ...flatSources(root)] : flatSources(root),
    aliases: { where: aliasesAt && whereOf(aliasesAt), channels: aliasChannels(aliasesAt) },
    oauthExcluded:
      excludedAt?.node.kind === 'map'
        ? excludedAt.node.entries.map((e) => ({
            channel: e.key,
            patterns: strings({ node: e.value, path: [...excludedAt.path, e.key] }),
          }))
        : [],
    forceModelPrefix: locatedBool(find(root, paths(['routing', 'force-model-prefix'], ['force-model-prefix']))),
    routingStrategy: locatedText(find(root, [['routing', 'strategy']])),
    debug: locatedBool(find(root, paths(['observability', 'logs', 'debug'], ['debug']))),
    requestLog: locatedBool(find(root, paths(['observability', 'logs', 'request-log'], ['request-log']))),
    loggingToFile: locatedBool(find(root, paths(['observability', 'logs', 'logging-to-file'], ['logging-to-file']))),
    usageStatistics: locatedBool(
      find(root, paths(['observability', 'usage', 'usage-statistics-enabled'], ['usage-statistics-enabled'])),
    ),
    management: {
      where: mgmt && whereOf(mgmt),
      allowRemote: mgmt && locatedBool(sub(mgmt, 'allow-remote')),
      secretKey: mgmt && locatedText(sub(mgmt, 'secret-key')),
    },
  };
}

/** A legacy list-valued api-keys in a v8 file still holds client keys. */
function listFound(f: Found | undefined): Found | undefined {
  return f?.node.kind === 'seq' ? f : undefined;
}
