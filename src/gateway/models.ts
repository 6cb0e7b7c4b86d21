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

/** Which owners serve each id (the gateway lists an id once per provider that serves it). */
export function ownersById(entries: ModelEntry[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const e of entries) {
    const list = owners.get(e.id) ?? [];
    if (!list.includes(e.ownedBy)) list.push(e.ownedBy);
    owners.set(e.id, list);
  }
  return owners;
}

/** The listed ids that are `model` itself or `model` behind a prefix (`team/model`, force-model-prefix). */
export function findModel(owners: Map<string, string[]>, model: string): Array<{ id: string; owners: string[] }> {
  return [...owners].filter(([id]) => id === model || id.endsWith(`/${model}`)).map(([id, o]) => ({ id, owners: o }));
}
