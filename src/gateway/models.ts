// GET /v1/models, fetched once per target per run and read by several checks.
import type { Gateway, GatewayResponse } from './client.js';
import { jsonBodySink, NotShape, type JsonReader } from './json-body.js';
import { streamEndpoint, type Outcome } from './read.js';
import { BadBody } from './response.js';

export interface ModelEntry {
  id: string;
  ownedBy: string;
}

export type ModelsOutcome = Outcome<ModelEntry[]>;

export const MODELS_PATH = '/v1/models';

/** Read as a stream: a gateway's list is whatever its config makes it, a million entries included. */
export function fetchModels(gateway: Gateway, signal: AbortSignal): Promise<ModelsOutcome> {
  return streamEndpoint(gateway, MODELS_PATH, signal, () => new ModelsReader(MODELS_PATH, 200));
}

/** The OpenAI shape {object:"list", data:[{id, object, created, owned_by}]}, from a held body. */
export function parseModels(res: GatewayResponse): ModelEntry[] {
  const reader = new ModelsReader(res.path, res.status);
  const sink = jsonBodySink(res.path, res.status, res.headers, reader);
  sink.write(res.body);
  sink.end();
  return reader.result();
}

const LIST = 'an OpenAI model list ({"object":"list","data":[...]})';
const enum Role {
  Other,
  Root,
  Data,
  Entry,
}

/** {"data":[{"id","owned_by"}...]} from scanner events; keeps two strings an entry, owners interned. */
export class ModelsReader implements JsonReader<ModelEntry[]> {
  private readonly roles: Role[] = [];
  private current: string | undefined;
  private sawData = false;
  private readonly entries: ModelEntry[] = [];
  private readonly names = new Map<string, string>();
  private entry: { id: unknown; ownedBy: unknown } | undefined;

  constructor(
    private readonly path: string,
    private readonly status: number,
  ) {}

  private noId(): BadBody {
    return new BadBody(`GET ${this.path} → ${this.status} but a model entry has no string "id"`);
  }

  private entering(kind: 'object' | 'array' | 'scalar'): Role {
    switch (this.roles[this.roles.length - 1]) {
      case undefined:
        if (kind !== 'object') throw new NotShape(LIST);
        return Role.Root;
      case Role.Root:
        if (this.current !== 'data') return Role.Other;
        if (kind !== 'array') throw new NotShape(LIST);
        this.sawData = true;
        return Role.Data;
      case Role.Data:
        if (kind !== 'object') throw this.noId();
        this.entry = { id: undefined, ownedBy: undefined };
        return Role.Entry;
      default:
        return Role.Other;
    }
  }

  open(kind: 'object' | 'array'): void {
    this.roles.push(this.entering(kind));
    this.current = undefined;
  }

  close(): void {
    if (this.roles.pop() !== Role.Entry || !this.entry) return;
    const { id, ownedBy } = this.entry;
    this.entry = undefined;
    if (typeof id !== 'string') throw this.noId();
    const owner = typeof ownedBy === 'string' ? ownedBy : 'unknown';
    let same = this.names.get(owner);
    if (same === undefined) this.names.set(owner, (same = owner));
    this.entries.push({ id, ownedBy: same });
  }

  wantsKey(): boolean {
    const parent = this.roles[this.roles.length - 1];
    return parent === Role.Root || parent === Role.Entry;
  }

  key(name: string | undefined): void {
    this.current = name;
  }

  wantsValue(): boolean {
    return this.roles[this.roles.length - 1] === Role.Entry && (this.current === 'id' || this.current === 'owned_by');
  }

  value(value: string | number | boolean | null | undefined): void {
    if (this.roles[this.roles.length - 1] === Role.Entry && this.entry) {
      if (this.current === 'id') this.entry.id = value;
      else if (this.current === 'owned_by') this.entry.ownedBy = value;
      return;
    }
    this.entering('scalar');
  }

  result(): ModelEntry[] {
    if (!this.sawData) throw new BadBody(`GET ${this.path} → ${this.status} but the body is not ${LIST}`);
    return this.entries;
  }
}

/** Past this many owners an id's duplicates are looked up in a Set rather than its short list. */
const FEW_OWNERS = 8;

const indexed = new WeakMap<ModelEntry[], Map<string, readonly string[]>>();

/**
 * Which owners serve each id (the gateway lists an id once per provider that serves it), in listed
 * order. Built once per list (three checks and the state read the same list), in one pass.
 */
export function ownersById(entries: ModelEntry[]): Map<string, readonly string[]> {
  let owners = indexed.get(entries);
  if (!owners) indexed.set(entries, (owners = buildOwners(entries)));
  return owners;
}

function buildOwners(entries: ModelEntry[]): Map<string, readonly string[]> {
  // Linear however hostile the list: a short list is searched (most ids have one to three owners), one
  // id with 240k owners gets a Set. An id with one owner shares that owner's one-element list: a
  // million ids then cost a map entry each, not a map entry and an array.
  const owners = new Map<string, readonly string[]>();
  const single = new Map<string, readonly string[]>();
  const many = new Map<string, Set<string>>();
  for (const e of entries) {
    const list = owners.get(e.id);
    if (!list) {
      let shared = single.get(e.ownedBy);
      if (!shared) single.set(e.ownedBy, (shared = Object.freeze([e.ownedBy])));
      owners.set(e.id, shared);
      continue;
    }
    const set = many.get(e.id);
    if (set ? set.has(e.ownedBy) : list.includes(e.ownedBy)) continue;
    if (set) {
      set.add(e.ownedBy);
      (list as string[]).push(e.ownedBy);
      continue;
    }
    const grown = [...list, e.ownedBy];
    owners.set(e.id, grown);
    if (grown.length > FEW_OWNERS) many.set(e.id, new Set(grown));
  }
  return owners;
}

/** The listed ids that are `model` itself or `model` behind a prefix (`team/model`, force-model-prefix). */
export function findModel(
  owners: Map<string, readonly string[]>,
  model: string,
): Array<{ id: string; owners: readonly string[] }> {
  return [...owners].filter(([id]) => id === model || id.endsWith(`/${model}`)).map(([id, o]) => ({ id, owners: o }));
}
