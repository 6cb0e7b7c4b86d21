// GET /v1/models, fetched once per target per run and read by several checks.
import type { Gateway, GatewayResponse } from './client.js';
import { readEndpoint, type Outcome } from './read.js';
import { BadBody, expectShape, isRecord, readJson } from './response.js';

export interface ModelEntry {
  id: string;
  ownedBy: string;
}

export type ModelsOutcome = Outcome<ModelEntry[]>;

export const MODELS_PATH = '/v1/models';

export function fetchModels(gateway: Gateway, signal: AbortSignal): Promise<ModelsOutcome> {
  return readEndpoint(gateway, MODELS_PATH, signal, parseModels);
}

/** The OpenAI shape {object:"list", data:[{id, object, created, owned_by}]}. */
export function parseModels(res: GatewayResponse): ModelEntry[] {
  const body = readJson(res);
  expectShape(res, isRecord(body) && Array.isArray(body.data), 'an OpenAI model list ({"object":"list","data":[...]})');
  const entries: ModelEntry[] = [];
  for (const item of (body as { data: unknown[] }).data) {
    if (!isRecord(item) || typeof item.id !== 'string')
      throw new BadBody(`GET ${res.path} → 200 but a model entry has no string "id"`);
    entries.push({ id: item.id, ownedBy: typeof item.owned_by === 'string' ? item.owned_by : 'unknown' });
  }
  return entries;
}

/** Past this many owners an id's duplicates are looked up in a Set rather than its short list. */
const FEW_OWNERS = 8;

/** Which owners serve each id (the gateway lists an id once per provider that serves it), in listed order. */
export function ownersById(entries: ModelEntry[]): Map<string, string[]> {
  // Linear however hostile the list: a short list is searched (most ids have one to three owners, and a
  // Set per id would double the memory of a million-id list); one id with 240k owners gets a Set.
  const owners = new Map<string, string[]>();
  const many = new Map<string, Set<string>>();
  for (const e of entries) {
    const list = owners.get(e.id);
    if (!list) {
      owners.set(e.id, [e.ownedBy]);
      continue;
    }
    const set = many.get(e.id);
    if (set ? set.has(e.ownedBy) : list.includes(e.ownedBy)) continue;
    list.push(e.ownedBy);
    if (set) set.add(e.ownedBy);
    else if (list.length > FEW_OWNERS) many.set(e.id, new Set(list));
  }
  return owners;
}

/** The listed ids that are `model` itself or `model` behind a prefix (`team/model`, force-model-prefix). */
export function findModel(owners: Map<string, string[]>, model: string): Array<{ id: string; owners: string[] }> {
  return [...owners].filter(([id]) => id === model || id.endsWith(`/${model}`)).map(([id, o]) => ({ id, owners: o }));
}
