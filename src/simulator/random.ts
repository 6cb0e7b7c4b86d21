// Deterministic pseudo-randomness: the same scenario, clock and minute always yield the same traffic,
// so a pinned clock (`--now`) reproduces every byte the simulator serves.

/** FNV-1a over the parts, as a 32-bit seed. */
export function seedOf(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast and good enough for plausible traffic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function between(next: () => number, min: number, max: number): number {
  return Math.floor(min + next() * (max - min + 1));
}

export function hex(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(next() * 16).toString(16);
  return out;
}
