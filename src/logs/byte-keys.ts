// Names (client IPs, paths) tallied by a hash of their bytes, decoded to a string once per name
// rather than once per line: a storm of 429s is exactly when millions of lines name the same client.

/** Never a hash: stands for every name past a tally's cap. */
export const OTHERS_KEY = -1;
export const OTHERS = '(others)';
const EMPTY = [Buffer.alloc(0), Buffer.alloc(0)];
let warmed = false;

export class ByteKeys {
  private readonly names = new Map<number, string>([[OTHERS_KEY, OTHERS]]);

  private view: DataView | undefined;
  private viewOf: Buffer | undefined;

  constructor() {
    // key() makes a new DataView when handed another buffer: take that branch before V8 optimises key(),
    // so the first chunk boundary does not deoptimise it (AccessLineParser's constructor says why).
    if (warmed) return;
    warmed = true;
    for (let k = 0; k < 64; k++) this.key(EMPTY[k & 1] as Buffer, 0, 0);
  }

  /**
   * A 53-bit key for b[from, to): two 32-bit hashes with different multipliers, each mixing in four
   * bytes at a time (with the length, so a name and its zero-padded prefix differ) and shifting high
   * bits down after every multiply, so that every byte reaches every bit. Two distinct names of one
   * scan (a few thousand at most) share a key with a chance far below one in a billion.
   */
  key(b: Buffer, from: number, to: number): number {
    if (this.viewOf !== b) {
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      this.viewOf = b;
    }
    const v = this.view as DataView;
    let h1 = 0x811c9dc5 ^ (to - from);
    let h2 = Math.imul(0x2f1b3 ^ (to - from), 0x9e3779b1);
    let i = from;
    for (; i + 4 <= to; i += 4) {
      const w = v.getInt32(i, true);
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h1 ^= h1 >>> 15;
      h2 = Math.imul(h2 + w, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
    for (; i < to; i++) {
      const c = b[i] as number;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h1 ^= h1 >>> 15;
      h2 = Math.imul(h2 + c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
    return ((h1 ^ (h1 >>> 13)) >>> 0) * 0x200000 + ((h2 ^ (h2 >>> 13)) & 0x1fffff);
  }

  /** Remembers the name behind `key` (decoding it only the first time). */
  remember(key: number, b: Buffer, from: number, to: number, encoding: 'latin1' | 'utf8'): void {
    if (!this.names.has(key)) this.names.set(key, b.toString(encoding, from, to));
  }

  name(key: number): string {
    return this.names.get(key) ?? '?';
  }

  /** Every name with its key, so another thread's tally can name them. */
  entries(): Array<[number, string]> {
    return [...this.names].filter(([key]) => key !== OTHERS_KEY);
  }

  /** Adds names another scan remembered; the same bytes always hash to the same key. */
  adopt(entries: Iterable<[number, string]>): void {
    for (const [key, name] of entries) if (!this.names.has(key)) this.names.set(key, name);
  }
}
