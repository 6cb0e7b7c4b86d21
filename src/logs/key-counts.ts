// Who sent one status's requests in one minute, while a scan runs: up to `capacity` distinct name keys
// (ByteKeys) with their counts, and one count for the rest. A linear search over at most 16 keys in a
// typed array costs a 401/403/429 line less than a Map does: a 53-bit key is no small integer, so
// every Map call boxed it and hashed it in the runtime. The scan hands Maps on when it finishes.
import { OTHERS_KEY } from './byte-keys.js';

export class KeyCounts {
  private readonly keys: Float64Array;
  private readonly counts: Uint32Array;
  private size = 0;
  private others = 0;

  constructor(private readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.counts = new Uint32Array(capacity);
  }

  /** Counts `key`; true when it was taken in just now (the caller remembers its name). */
  add(key: number): boolean {
    const keys = this.keys;
    for (let i = 0; i < this.size; i++) {
      if (keys[i] === key) {
        (this.counts[i] as number)++;
        return false;
      }
    }
    if (this.size < this.capacity) {
      keys[this.size] = key;
      this.counts[this.size++] = 1;
      return true;
    }
    this.others++;
    return false;
  }

  /** The counts by key, in the order the keys came, then OTHERS_KEY for the rest when there was any. */
  toMap(): Map<number, number> {
    const map = new Map<number, number>();
    for (let i = 0; i < this.size; i++) map.set(this.keys[i] as number, this.counts[i] as number);
    if (this.others > 0) map.set(OTHERS_KEY, this.others);
    return map;
  }
}
