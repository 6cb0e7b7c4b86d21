// Names (client IPs, paths) tallied by a hash of their bytes, decoded to a string once per name
// rather than once per line: a storm of 429s is exactly when millions of lines name the same client.

/** Never a hash: stands for every name past a tally's cap. */
export const OTHERS_KEY = -1;
export const OTHERS = '(others)';

export class ByteKeys {
  private readonly names = new Map<number, string>([[OTHERS_KEY, OTHERS]]);

  /**
   * A 53-bit key for b[from, to): FNV-1a (32 bits) and a second, independent hash (21 bits), so two
   * distinct names of one scan share a key with a chance far below one in a billion.
   */
  key(b: Buffer, from: number, to: number): number {
    let h1 = 0x811c9dc5;
    let h2 = 0x2f1b3;
    for (let i = from; i < to; i++) {
      const c = b[i] as number;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = (Math.imul(h2, 31) + c) | 0;
    }
    return (h1 >>> 0) * 0x200000 + (h2 & 0x1fffff);
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
