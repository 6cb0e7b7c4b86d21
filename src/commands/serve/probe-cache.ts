// Never hammer a gateway, whatever the scrape rate: a probe's answer is kept for the minimum interval,
// scrapes that arrive while a run is going share that run, and runs for one target never overlap (they
// share its state: model lists, the memory of a rejected management key). Bounded: at most `maxEntries`
// answers are kept, the oldest dropped first.

export type ProbeSource = 'run' | 'cache' | 'shared';

interface Entry {
  /** When the answer was complete (ms); undefined while its run is going. */
  at: number | undefined;
  value: Promise<string>;
}

export class ProbeCache {
  private readonly entries = new Map<string, Entry>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private minIntervalMs: number,
    private readonly maxEntries = 512,
    private readonly clock: () => number = Date.now,
  ) {}

  setMinInterval(ms: number): void {
    this.minIntervalMs = ms;
  }

  /** The answer for `key`: kept, shared with a run in flight, or from a new run queued behind the target's last. */
  get(key: string, target: string, run: () => Promise<string>): { value: Promise<string>; source: ProbeSource } {
    const entry = this.entries.get(key);
    if (entry && entry.at === undefined) return { value: entry.value, source: 'shared' };
    if (entry?.at !== undefined && this.clock() - entry.at < this.minIntervalMs)
      return { value: entry.value, source: 'cache' };

    const queued = (this.queues.get(target) ?? Promise.resolve()).then(run, run);
    const done = queued.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(target, done);
    void done.then(() => {
      if (this.queues.get(target) === done) this.queues.delete(target);
    });

    const fresh: Entry = { at: undefined, value: queued };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    queued.then(
      () => {
        fresh.at = this.clock();
      },
      // A run that failed is not kept: the next scrape tries again.
      () => {
        if (this.entries.get(key) === fresh) this.entries.delete(key);
      },
    );
    this.evict();
    return { value: queued, source: 'run' };
  }

  /** Answers being computed now (for a graceful shutdown). */
  inFlight(): Promise<unknown>[] {
    return [...this.entries.values()].filter((e) => e.at === undefined).map((e) => e.value.catch(() => undefined));
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) return;
      if (entry.at !== undefined) this.entries.delete(key);
    }
  }
}
