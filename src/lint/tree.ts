// The linter's own view of a YAML document: maps, lists and scalars that each know where they were
// written. Built by load.ts (the only user of the YAML parser), read by every rule; also built from the
// gateway's JSON (no positions) so the same code can compare the file with what the gateway loaded.

export interface Pos {
  /** 1-based; 0 when the node did not come from a file (the gateway's JSON). */
  line: number;
  column: number;
}

export type Segment = string | number;
export type Path = readonly Segment[];

export interface YMap {
  kind: 'map';
  pos: Pos;
  entries: YEntry[];
}

export interface YEntry {
  key: string;
  keyPos: Pos;
  value: YNode;
}

export interface YSeq {
  kind: 'seq';
  pos: Pos;
  items: YNode[];
}

export interface YScalar {
  kind: 'scalar';
  pos: Pos;
  value: string | number | boolean | null;
}

export type YNode = YMap | YSeq | YScalar;

/** Where a finding points: the key path and the position of the node it is about. */
export interface Where {
  path: Path;
  pos: Pos;
}

export const NOWHERE: Pos = { line: 0, column: 0 };

/** `openai-compatibility[0].models[1].alias`, the way an operator reads a key path. */
export function formatPath(path: Path): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out || '(top level)';
}

export function entry(node: YNode | undefined, key: string): YEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  // The last spelling wins, as a map in Go would keep it (duplicates are refused at load anyway).
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]?.key === key) return node.entries[i];
  return undefined;
}

export function child(node: YNode | undefined, key: string): YNode | undefined {
  return entry(node, key)?.value;
}

/** The node at a key path of map keys, or undefined. */
export function at(node: YNode | undefined, keys: readonly string[]): YNode | undefined {
  let cur = node;
  for (const k of keys) cur = child(cur, k);
  return cur;
}

export function items(node: YNode | undefined): YNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

/** A scalar as the gateway's string field would read it; numbers become their text, null/absent undefined. */
export function text(node: YNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** true/false for a boolean scalar; anything else undefined (the gateway would refuse a non-bool here). */
export function bool(node: YNode | undefined): boolean | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'boolean' ? node.value : undefined;
}

export function num(node: YNode | undefined): number | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'number' ? node.value : undefined;
}

/** Plain JSON (the gateway's GET /config) as a tree without positions. */
export function fromJson(value: unknown): YNode {
  if (Array.isArray(value)) return { kind: 'seq', pos: NOWHERE, items: value.map(fromJson) };
  if (value !== null && typeof value === 'object')
    return {
      kind: 'map',
      pos: NOWHERE,
      entries: Object.entries(value).map(([key, v]) => ({ key, keyPos: NOWHERE, value: fromJson(v) })),
    };
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  return { kind: 'scalar', pos: NOWHERE, value: scalar };
}
