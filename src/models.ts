// GET /v1/models, fetched once per target per run and read by several checks.
import type { Gateway, GatewayResponse } from './gateway.js';
import { BadBody, expectShape, isRecord, readJson, statusLine } from './response.js';

export interface ModelEntry {
  id: string;
  ownedBy: string;
}

export type ModelsOutcome =
  | { ok: true; response: GatewayResponse; entries: ModelEntry[] }
  /** The gateway answered, but not with a model list (401, 5xx, a redirect...). */
  | { ok: false; response: GatewayResponse; error?: undefined }
  /** No usable answer: a request failure (GatewayError) or a body that could not be read (BadBody). */
  | { ok: false; response?: GatewayResponse | undefined; error: Error };

export const MODELS_PATH = '/v1/models';

export async function fetchModels(gateway: Gateway, signal: AbortSignal): Promise<ModelsOutcome> {
  let response: GatewayResponse | undefined;
  try {
    response = await gateway.get(MODELS_PATH, signal);
    if (response.status !== 200) return { ok: false, response };
    return { ok: true, response, entries: parseModels(response) };
  } catch (error) {
    return { ok: false, response, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** The OpenAI shape {object:"list", data:[{id, object, created, owned_by}]}. */
export function parseModels(res: GatewayResponse): ModelEntry[] {
  const body = readJson(res);
  expectShape(res, isRecord(body) && Array.isArray(body.data), 'an OpenAI model list ({"object":"list","data":[...]})');
  const entries: ModelEntry[] = [];
  for (const item of (body as { data: unknown[] }).data) {
    if (!isRecord(item) || typeof item.id !== 'string') throw new BadBody(`GET ${res.path} → 200 but a model entry has no string "id"`);
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

/** Why the list could not be had, in one line (for checks that read it without model-inventory in the run). */
export function whyUnavailable(outcome: Extract<ModelsOutcome, { ok: false }>): string {
  return outcome.error ? outcome.error.message : statusLine(outcome.response);
}

/** The listed ids that are `model` itself or `model` behind a prefix (`team/model`, force-model-prefix). */
export function findModel(owners: Map<string, string[]>, model: string): Array<{ id: string; owners: string[] }> {
  return [...owners].filter(([id]) => id === model || id.endsWith(`/${model}`)).map(([id, o]) => ({ id, owners: o }));
}
