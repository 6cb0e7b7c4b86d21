// The management getters that answer {"<key>": value} (reference §6.2): oauth-model-alias,
// oauth-excluded-models, openai-compatibility, force-model-prefix. Values are the gateway's sanitized,
// effective config; the compat blocks' api keys are dropped at parse time, so no caller can print one.
import type { Gateway, GatewayResponse } from './client.js';
import { readEndpoint, type Outcome } from './read.js';
import { BadBody, expectShape, isRecord, readJson } from './response.js';

export const SETTINGS_PREFIX = '/v0/management/';
export const OAUTH_MODEL_ALIAS_PATH = `${SETTINGS_PREFIX}oauth-model-alias`;

export interface AliasEntry {
  name: string;
  alias: string;
  fork?: boolean;
  /** Other fields the gateway keeps (force-mapping, display-name...), carried through a rewrite untouched. */
  [extra: string]: unknown;
}
export type AliasMap = Record<string, AliasEntry[]>;

export interface CompatBlock {
  name: string;
  prefix: string | undefined;
  priority: number;
  /** Listed ids: each model's alias, or its name when it has none. */
  models: Array<{ name: string; alias: string | undefined }>;
  excludedModels: string[];
}

function value(res: GatewayResponse, key: string): unknown {
  const body = readJson(res);
  expectShape(res, isRecord(body) && key in body, `{"${key}": ...}`);
  return (body as Record<string, unknown>)[key];
}

export function parseAliasMap(res: GatewayResponse): AliasMap {
  const v = value(res, 'oauth-model-alias') ?? {};
  expectShape(res, isRecord(v), 'a map of channel → alias list');
  const out: AliasMap = {};
  for (const [channel, list] of Object.entries(v as Record<string, unknown>)) {
    if (!Array.isArray(list)) throw new BadBody(`GET ${res.path} → 200 but channel "${channel}" is not a list`);
    out[channel] = list.map((e, i) => {
      if (!isRecord(e) || typeof e.name !== 'string' || typeof e.alias !== 'string')
        throw new BadBody(`GET ${res.path} → 200 but ${channel}[${i}] has no string name and alias`);
      return e as AliasEntry;
    });
  }
  return out;
}

export function fetchAliasMap(gateway: Gateway, signal: AbortSignal): Promise<Outcome<AliasMap>> {
  return readEndpoint(gateway, OAUTH_MODEL_ALIAS_PATH, signal, parseAliasMap);
}

export function fetchExcludedModels(gateway: Gateway, signal: AbortSignal): Promise<Outcome<Record<string, string[]>>> {
  return readEndpoint(gateway, `${SETTINGS_PREFIX}oauth-excluded-models`, signal, (res) => {
    const v = value(res, 'oauth-excluded-models') ?? {};
    expectShape(res, isRecord(v), 'a map of channel → patterns');
    const out: Record<string, string[]> = {};
    for (const [channel, list] of Object.entries(v as Record<string, unknown>))
      out[channel] = Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
    return out;
  });
}

export function fetchForceModelPrefix(gateway: Gateway, signal: AbortSignal): Promise<Outcome<boolean>> {
  return readEndpoint(
    gateway,
    `${SETTINGS_PREFIX}force-model-prefix`,
    signal,
    (res) => value(res, 'force-model-prefix') === true,
  );
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function fetchCompatBlocks(gateway: Gateway, signal: AbortSignal): Promise<Outcome<CompatBlock[]>> {
  return readEndpoint(gateway, `${SETTINGS_PREFIX}openai-compatibility`, signal, (res) => {
    const v = value(res, 'openai-compatibility') ?? [];
    expectShape(res, Array.isArray(v), 'a list of provider blocks');
    return (v as unknown[]).filter(isRecord).map((b) => ({
      name: str(b.name) ?? '(unnamed)',
      prefix: str(b.prefix),
      priority: typeof b.priority === 'number' ? b.priority : 0,
      models: (Array.isArray(b.models) ? b.models : [])
        .filter(isRecord)
        .map((m) => ({ name: str(m.name) ?? '', alias: str(m.alias) })),
      excludedModels: (Array.isArray(b['excluded-models']) ? b['excluded-models'] : []).filter(
        (p): p is string => typeof p === 'string',
      ),
    }));
  });
}

/** excluded-models matching: case-insensitive, `*` any run of characters (reference "Config loading"). */
export function excludedBy(patterns: readonly string[], model: string): string | undefined {
  const id = model.toLowerCase();
  return patterns.find((p) => {
    const re = new RegExp(
      `^${p
        .toLowerCase()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')}$`,
    );
    return re.test(id);
  });
}
