// GET /v1/models, fetched once per target per run and read by several checks.
import type { Gateway, GatewayResponse } from './client.js';
import { jsonBodySink, NotShape, type JsonReader } from './json-body.js';
import { AsciiCache } from './json-scan.js';
import { streamEndpoint, type Outcome } from './read.js';
import { BadBody } from './response.js';
import { IdTable, idQuery } from './id-table.js';

/** One entry as listed: the gateway lists an id once per provider that serves it. */
export interface ModelEntry {
  id: string;
  ownedBy: string;
}

/**
 * A model list folded as it streams, keeping only what checks read: each id once with the owners that
 * serve it, and how many entries each owner listed. The entries themselves are never kept, and the ids
 * live in flat memory (id-table.ts): a million entries as objects, or their ids as a Map, were most of
 * a run's memory (README, Performance).
 */
export interface ModelList {
  /** How many entries the list had (duplicated ids included). */
  readonly entries: number;
  /** Which owners serve each id, in listed order, each owner once. */
  readonly owners: ModelOwners;
  /** How many entries each owner listed. */
  readonly entriesByOwner: ReadonlyMap<string, number>;
}

/** The ids of a list, each with its owners; ids are decoded as they are read, so keep what you need. */
export interface ModelOwners {
  readonly size: number;
  get(id: string): readonly string[] | undefined;
  has(id: string): boolean;
  /** The ids, in the order first listed. */
  keys(): IterableIterator<string>;
  /** The ids that are `model` itself or `model` behind a prefix (`team/model`, force-model-prefix). */
  find(model: string): Array<{ id: string; owners: readonly string[] }>;
}

export type ModelsOutcome = Outcome<ModelList>;

export const MODELS_PATH = '/v1/models';

/** Read as a stream: a gateway's list is whatever its config makes it, a million entries included. */
export function fetchModels(gateway: Gateway, signal: AbortSignal): Promise<ModelsOutcome> {
  return streamEndpoint(gateway, MODELS_PATH, signal, () => new ModelsReader(MODELS_PATH, 200));
}

/** The OpenAI shape {object:"list", data:[{id, object, created, owned_by}]}, from a held body. */
export function parseModels(res: GatewayResponse): ModelList {
  const reader = new ModelsReader(res.path, res.status);
  const sink = jsonBodySink(res.path, res.status, res.headers, reader);
  sink.write(res.body);
  sink.end();
  return reader.result();
}

/** A list of entries folded as the reader folds a streamed one (tests, and lists made in memory). */
export function modelList(entries: Iterable<ModelEntry>): ModelList {
  const fold = new ModelFold();
  for (const e of entries) fold.add(e.id, e.ownedBy);
  return fold.list();
}

const LIST = 'an OpenAI model list ({"object":"list","data":[...]})';
const enum Role {
  Other,
  Root,
  Data,
  Entry,
}

/** {"data":[{"id","owned_by"}...]} from scanner events, folded entry by entry into a ModelList. */
export class ModelsReader implements JsonReader<ModelList> {
  private readonly roles: Role[] = [];
  private current: string | undefined;
  private sawData = false;
  private readonly fold = new ModelFold();
  // The entry being read: fields rather than an object per entry. A plain ASCII id is copied here as
  // bytes and never becomes a string; any other id arrives as a value.
  private id: unknown;
  private ownedBy: unknown;
  private idBytes = Buffer.alloc(256);
  private readonly ownerNames = new AsciiCache();
  private idLength = -1;

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
        this.id = this.ownedBy = undefined;
        this.idLength = -1;
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
    if (this.roles.pop() !== Role.Entry) return;
    const { id, ownedBy, idLength } = this;
    this.id = this.ownedBy = undefined;
    const owner = typeof ownedBy === 'string' ? ownedBy : 'unknown';
    if (idLength >= 0) this.fold.addBytes(this.idBytes, idLength, owner);
    else if (typeof id === 'string') this.fold.add(id, owner);
    else throw this.noId();
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

  rawString(buf: Buffer, start: number, end: number): boolean {
    if (this.roles[this.roles.length - 1] !== Role.Entry) return false;
    if (this.current === 'owned_by') {
      // A few owners repeat a million times: the cached string, not a new one each entry.
      const owner = this.ownerNames.get(buf, start, end);
      if (owner !== undefined) this.ownedBy = owner;
      return owner !== undefined;
    }
    if (this.current !== 'id') return false;
    if (end - start > this.idBytes.length) this.idBytes = Buffer.alloc(Math.max(end - start, this.idBytes.length * 2));
    const to = this.idBytes;
    for (let k = start; k < end; k++) {
      const b = buf[k] as number;
      if (b >= 0x80 || b === 0x5c) return false;
      to[k - start] = b;
    }
    this.idLength = end - start;
    this.id = undefined;
    return true;
  }

  value(value: string | number | boolean | null | undefined): void {
    if (this.roles[this.roles.length - 1] === Role.Entry) {
      if (this.current === 'id') {
        this.id = value;
        this.idLength = -1;
      } else if (this.current === 'owned_by') this.ownedBy = value;
      return;
    }
    this.entering('scalar');
  }

  result(): ModelList {
    if (!this.sawData) throw new BadBody(`GET ${this.path} → ${this.status} but the body is not ${LIST}`);
    return this.fold.list();
  }
}

/** Past this many owners an id's duplicates are looked up in a Set rather than its short list. */
const FEW_OWNERS = 8;

/**
 * Folds entries into a ModelList in one pass, linear however hostile the list. Each id's slot holds
 * its owner's number when it has one owner (most ids), else the bitwise complement of its entry in
 * `lists`; a short owner list is searched (most ids have one to three owners), one id with 240k
 * owners gets a Set. Owners are numbered in parallel arrays: a list may name 240k of them.
 */
class ModelFold implements ModelOwners {
  private entries = 0;
  private readonly ids = new IdTable();
  private readonly lists: string[][] = [];
  private readonly many = new Map<number, Set<string>>();
  private readonly ownerIndex = new Map<string, number>();
  private readonly ownerNames: string[] = [];
  private readonly ownerEntries: number[] = [];
  /** An owner's one-element list, shared by every id it alone serves; made when first asked for. */
  private readonly alone: Array<readonly string[] | undefined> = [];

  get size(): number {
    return this.ids.size;
  }

  add(id: string, ownedBy: string): void {
    const owner = this.owner(ownedBy);
    this.join(this.ids.add(id, owner), owner);
  }

  addBytes(id: Buffer, length: number, ownedBy: string): void {
    const owner = this.owner(ownedBy);
    this.join(this.ids.addBytes(id, 0, length, owner), owner);
  }

  /** The owner's number, counting the entry. */
  private owner(name: string): number {
    let owner = this.ownerIndex.get(name);
    if (owner === undefined) {
      owner = this.ownerNames.length;
      this.ownerIndex.set(name, owner);
      this.ownerNames.push(name);
      this.ownerEntries.push(0);
    }
    this.entries++;
    this.ownerEntries[owner] = (this.ownerEntries[owner] as number) + 1;
    return owner;
  }

  /** `owner` serves the id in `slot` too (FREE: the id is new, and already has it). */
  private join(slot: number, owner: number): void {
    if (slot < 0) return;
    const value = this.ids.value(slot);
    const name = this.ownerNames[owner] as string;
    if (value >= 0) {
      if (value === owner) return;
      this.ids.setValue(slot, ~this.lists.length);
      this.lists.push([this.ownerNames[value] as string, name]);
      return;
    }
    const list = this.lists[~value] as string[];
    const set = this.many.get(slot);
    if (set ? set.has(name) : list.includes(name)) return;
    list.push(name);
    if (set) set.add(name);
    else if (list.length > FEW_OWNERS) this.many.set(slot, new Set(list));
  }

  private ownersOf(slot: number): readonly string[] {
    const value = this.ids.value(slot);
    if (value < 0) return this.lists[~value] as string[];
    return (this.alone[value] ??= Object.freeze([this.ownerNames[value] as string]));
  }

  get(id: string): readonly string[] | undefined {
    const slot = this.ids.find(id);
    return slot < 0 ? undefined : this.ownersOf(slot);
  }

  has(id: string): boolean {
    return this.ids.find(id) >= 0;
  }

  *keys(): IterableIterator<string> {
    for (let slot = 0; slot < this.ids.size; slot++) yield this.ids.id(slot);
  }

  find(model: string): Array<{ id: string; owners: readonly string[] }> {
    const exact = idQuery(model);
    const prefixed = idQuery(`/${model}`);
    const found: Array<{ id: string; owners: readonly string[] }> = [];
    for (let slot = 0; slot < this.ids.size; slot++)
      if (this.ids.matches(slot, exact, false) || this.ids.matches(slot, prefixed, true))
        found.push({ id: this.ids.id(slot), owners: this.ownersOf(slot) });
    return found;
  }

  list(): ModelList {
    const entriesByOwner = new Map<string, number>();
    this.ownerNames.forEach((name, owner) => entriesByOwner.set(name, this.ownerEntries[owner] as number));
    return { entries: this.entries, owners: this, entriesByOwner };
  }
}

/** The listed ids that are `model` itself or `model` behind a prefix (`team/model`, force-model-prefix). */
export function findModel(owners: ModelOwners, model: string): Array<{ id: string; owners: readonly string[] }> {
  return owners.find(model);
}
