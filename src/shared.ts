// The one place a run's shared responses live: what several checks of one target read (GET /v1/models,
// /usage) is fetched once per run, and facts a check publishes for the checks that depend on it (the
// log scan's per-minute counts, say).
import { fetchAuthFiles, type AuthFile } from './gateway/auth-files.js';
import type { Gateway } from './gateway/client.js';
import { fetchKiroQuota, type KiroQuota } from './gateway/kiro-quota.js';
import { fetchManagementLogs, type LogsOutcome } from './gateway/logs.js';
import { fetchMetrics, type Counters } from './gateway/metrics.js';
import { fetchModels, type ModelsOutcome } from './gateway/models.js';
import type { Outcome } from './gateway/read.js';
import { fetchUsage, type UsageOutcome } from './gateway/usage.js';

const MODELS = 'GET /v1/models';
const USAGE = 'GET /v0/management/usage';
const CREDENTIALS = 'GET /v0/management/auth-files';

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

  models(): Promise<ModelsOutcome> {
    return this.once(MODELS, fetchModels);
  }

  usage(): Promise<UsageOutcome> {
    return this.once(USAGE, fetchUsage);
  }

  /** The gateway's credentials (auth-files; /v8/management/credentials on v8), once per run. */
  credentials(): Promise<Outcome<AuthFile[]>> {
    return this.once(CREDENTIALS, fetchAuthFiles);
  }

  kiroQuota(authIndex: string): Promise<Outcome<KiroQuota>> {
    return this.once(`GET /v0/management/kiro-quota ${authIndex}`, (g, s) => fetchKiroQuota(g, authIndex, s));
  }

  metrics(): Promise<Outcome<Record<string, Counters>>> {
    return this.once('GET /v1/metrics/providers', fetchMetrics);
  }

  /** Rejects like fetchManagementLogs (a GatewayError or BadBody). */
  managementLogs(afterUnixSeconds: number): Promise<LogsOutcome> {
    return this.once(`GET /v0/management/logs ${afterUnixSeconds}`, (g, s) =>
      fetchManagementLogs(g, afterUnixSeconds, s),
    );
  }

  publish<T>(checkId: string, fact: T): void {
    this.facts.set(checkId, fact);
  }

  fact<T>(checkId: string): T | undefined {
    return this.facts.get(checkId) as T | undefined;
  }
}
