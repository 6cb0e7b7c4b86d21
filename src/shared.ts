// What checks of one target share within a run: responses fetched once (GET /v1/models) and facts a
// check publishes for the checks that depend on it (the log scan's per-minute counts, say).
import type { Gateway } from './gateway.js';
import { fetchModels, type ModelsOutcome } from './models.js';

export class Shared {
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly facts = new Map<string, unknown>();

  constructor(
    private readonly gateway: Gateway,
    /** The run's signal, not a check's: a shared fetch must outlive the check that started it. */
    private readonly signal: AbortSignal,
  ) {}

  /** Runs `fetch` once per key for the whole run; later callers get the same promise. */
  once<T>(key: string, fetch: (gateway: Gateway, signal: AbortSignal) => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fetch(this.gateway, this.signal);
      this.memo.set(key, p);
    }
    return p;
  }

  /** What an earlier `once(key)` started, without starting anything: for checks that only combine what the run has. */
  peek<T>(key: string): Promise<T> | undefined {
    return this.memo.get(key) as Promise<T> | undefined;
  }

  models(): Promise<ModelsOutcome> {
    return this.once('GET /v1/models', fetchModels);
  }

  publish<T>(checkId: string, fact: T): void {
    this.facts.set(checkId, fact);
  }

  fact<T>(checkId: string): T | undefined {
    return this.facts.get(checkId) as T | undefined;
  }
}
