// A set of strings kept as bytes in flat memory, each with an int, in the order they were added: for
// the ids of a model list, which a gateway may make a million long. As a Map of JS strings they cost
// ~60 bytes an id on the collected heap, and because every one survives, the young generation grew by
// tens of MiB while they streamed in (README, Performance). Here an id costs its bytes plus 20 bytes
// of typed arrays and 8 to 16 of table, none of it scanned or copied by the garbage collector.

/** Bytes per arena chunk; an id (one JSON token, at most 1 MiB) never spans two. */
const CHUNK = 1 << 20;
const FREE = -1;
/** Per slot: chunk, offset, byte length (negative: the id is kept as UTF-16LE), hash, value. */
const STRIDE = 5;
/** A string UTF-8 cannot hold (a lone surrogate, from a \ud800 escape) is kept as UTF-16LE instead. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export class IdTable {
  private readonly chunks: Buffer[] = [];
  private used = CHUNK;
  private slots = new Int32Array(STRIDE * 1024);
  /** Open addressing with linear probing, at most half full: slot numbers, FREE where none. */
  private table = new Int32Array(2048).fill(FREE);
  /** Seeded, so that a list cannot be crafted to collide (the index stays linear on hostile input). */
  private readonly seed = (Math.random() * 0x100000000) | 0;
  size = 0;

  /**
   * Adds the id whose UTF-8 bytes are `buf[start, end)` with `value`, unless it is there: returns its
   * slot when it was, FREE when it was added (slots count up from 0 in the order added). The bytes
   * must be the id's canonical form: ASCII, or what `add` would make of the decoded string.
   */
  addBytes(buf: Uint8Array, start: number, end: number, value: number): number {
    return this.intern(buf, start, end, false, value);
  }

  /** `addBytes` for an id given as a string. */
  add(id: string, value: number): number {
    const { bytes, wide } = encode(id);
    return this.intern(bytes, 0, bytes.length, wide, value);
  }

  /** The slot of `id`, or FREE. */
  find(id: string): number {
    const { bytes, wide } = encode(id);
    const length = wide ? -bytes.length : bytes.length;
    const hash = this.hash(bytes, 0, bytes.length, wide);
    const mask = this.table.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = this.table[at] as number;
      if (slot === FREE) return FREE;
      if (this.same(slot, bytes, 0, length, hash)) return slot;
    }
  }

  value(slot: number): number {
    return this.slots[slot * STRIDE + 4] as number;
  }

  setValue(slot: number, value: number): void {
    this.slots[slot * STRIDE + 4] = value;
  }

  /** The id in `slot`, decoded anew on each call. */
  id(slot: number): string {
    const s = slot * STRIDE;
    const chunk = this.chunks[this.slots[s] as number] as Buffer;
    const offset = this.slots[s + 1] as number;
    const length = this.slots[s + 2] as number;
    return length < 0
      ? chunk.toString('utf16le', offset, offset - length)
      : chunk.toString('utf8', offset, offset + length);
  }

  /** Whether the id in `slot` is the query's text or (`endsWith`) ends with it, compared as bytes. */
  matches(slot: number, query: IdQuery, endsWith: boolean): boolean {
    const s = slot * STRIDE;
    const length = this.slots[s + 2] as number;
    // Either side holding a lone surrogate is compared as strings: rare, and UTF-8 cannot say it.
    if (length < 0 || query.wide) {
      const id = this.id(slot);
      return endsWith ? id.endsWith(query.text) : id === query.text;
    }
    const { bytes } = query;
    if (bytes.length > length || (!endsWith && bytes.length !== length)) return false;
    const chunk = this.chunks[this.slots[s] as number] as Buffer;
    const from = (this.slots[s + 1] as number) + length - bytes.length;
    for (let k = 0; k < bytes.length; k++) if (chunk[from + k] !== bytes[k]) return false;
    return true;
  }

  private intern(buf: Uint8Array, start: number, end: number, wide: boolean, value: number): number {
    const hash = this.hash(buf, start, end, wide);
    const length = wide ? start - end : end - start;
    const mask = this.table.length - 1;
    let at = hash & mask;
    for (; ; at = (at + 1) & mask) {
      const slot = this.table[at] as number;
      if (slot === FREE) break;
      if (this.same(slot, buf, start, length, hash)) return slot;
    }
    const slot = this.size++;
    this.store(slot, buf, start, end, length, hash, value);
    this.table[at] = slot;
    if (this.size * 2 > this.table.length) this.rehash();
    return FREE;
  }

  private store(
    slot: number,
    buf: Uint8Array,
    start: number,
    end: number,
    length: number,
    hash: number,
    value: number,
  ): void {
    const bytes = end - start;
    if (this.used + bytes > CHUNK || !this.chunks.length) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK, bytes)));
      this.used = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1] as Buffer;
    if (bytes > 64) chunk.set(buf.subarray(start, end), this.used);
    else for (let k = 0; k < bytes; k++) chunk[this.used + k] = buf[start + k] as number;
    if ((slot + 1) * STRIDE > this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    const s = slot * STRIDE;
    this.slots[s] = this.chunks.length - 1;
    this.slots[s + 1] = this.used;
    this.slots[s + 2] = length;
    this.slots[s + 3] = hash;
    this.slots[s + 4] = value;
    this.used += bytes;
  }

  private same(slot: number, buf: Uint8Array, start: number, length: number, hash: number): boolean {
    const s = slot * STRIDE;
    if (this.slots[s + 3] !== hash || this.slots[s + 2] !== length) return false;
    const chunk = this.chunks[this.slots[s] as number] as Buffer;
    const offset = this.slots[s + 1] as number;
    // From the end: ids of one list tend to share their beginnings (model-0000001, model-0000002).
    for (let k = Math.abs(length) - 1; k >= 0; k--) if (chunk[offset + k] !== buf[start + k]) return false;
    return true;
  }

  /** FNV-1a over the bytes from a random basis, then a final mix so that the low bits (the index) vary. */
  private hash(buf: Uint8Array, start: number, end: number, wide: boolean): number {
    let h = this.seed ^ (wide ? 0x5bd1e995 : 0);
    for (let k = start; k < end; k++) h = Math.imul(h ^ (buf[k] as number), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(FREE);
    const mask = table.length - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let at = (this.slots[slot * STRIDE + 3] as number) & mask;
      while (table[at] !== FREE) at = (at + 1) & mask;
      table[at] = slot;
    }
    this.table = table;
  }
}

/** A string to compare ids with, encoded once for many comparisons. */
export interface IdQuery {
  readonly text: string;
  readonly bytes: Buffer;
  readonly wide: boolean;
}

export function idQuery(text: string): IdQuery {
  return { text, ...encode(text) };
}

function encode(id: string): { bytes: Buffer; wide: boolean } {
  return LONE_SURROGATE.test(id)
    ? { bytes: Buffer.from(id, 'utf16le'), wide: true }
    : { bytes: Buffer.from(id, 'utf8'), wide: false };
}
