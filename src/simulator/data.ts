// The gateway's state as its routes serve it, derived from the scenario and the traffic at the clock:
// model listings, auth files, Kiro quotas, usage statistics and the fork's provider metrics.
import { createHash } from 'node:crypto';
import type { FlavorProfile } from './flavor.js';
import { rfc3339, hourMinute } from './time.js';
import type { Traffic, TrafficEvent, Tokens } from './traffic.js';
import type { AuthFileSpec, ModelSpec, Scenario } from './scenarios/types.js';
import { formatWallClock, type Zone } from '../timezone.js';

const MINUTE = 60_000;

/** first 16 hex of sha256("file:" + fileName): stableAuthIndex (reference §6.3). */
export function authIndexOf(fileName: string): string {
  return createHash('sha256').update(`file:${fileName}`).digest('hex').slice(0, 16);
}

/**
 * Credentials from config.yaml (an openai-compatibility key) have no file; the simulator gives them a
 * stable index the same way, from "config:" + their name.
 */
export function credentialIndex(name: string): string {
  return name.endsWith('.json')
    ? authIndexOf(name)
    : createHash('sha256').update(`config:${name}`).digest('hex').slice(0, 16);
}

/** The fork's metrics provider of a client key: its first "-" segment, normalised, if it is a known provider (reference §5). */
const METRIC_PROVIDERS = new Set([
  'nim',
  'kilo',
  'minimax',
  'glm',
  'openrouter',
  'antigravity',
  'claude',
  'codex',
  'gemini',
  'roo',
  'kiro',
  'cursor',
]);
const NORMALISE: Record<string, string> = { droid: 'gemini', 'github-copilot': 'copilot' };
export function metricsProviderOf(apiKey: string): string | undefined {
  const first = apiKey.split('-')[0]?.toLowerCase() ?? '';
  const name = NORMALISE[first] ?? first;
  return METRIC_PROVIDERS.has(name) ? name : undefined;
}

/** The fork's hard-coded cost per 1k output tokens; input costs half. */
const COST_PER_1K_OUTPUT: Record<string, number> = { nim: 0.22, kilo: 0.28, minimax: 0.36, glm: 0.8, openrouter: 0.3 };

export interface UsageTotals {
  total_requests: number;
  success_count: number;
  failure_count: number;
  total_tokens: number;
}

export class GatewayData {
  constructor(
    readonly scenario: Scenario,
    readonly profile: FlavorProfile,
    readonly traffic: Traffic,
    readonly zone: Zone,
  ) {}

  /** What GET /v1/models lists for this key (the flavour hides providers it does not have). */
  models(apiKey: string | undefined): ModelSpec[] {
    const listed = (apiKey !== undefined ? this.scenario.modelsByKey?.[apiKey] : undefined) ?? this.scenario.models;
    return listed.filter((m) => !this.profile.hiddenOwners.includes(m.ownedBy));
  }

  /** Dynamically fetched models carry the time they were fetched: the gateway's start. */
  created(model: ModelSpec): number {
    return model.created ?? Math.floor(this.traffic.startedAtMs / 1000);
  }

  authFiles(): AuthFileSpec[] {
    return this.scenario.authFiles
      .filter((f) => !this.profile.hiddenProviders.includes(f.provider))
      .sort((a, b) =>
        a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
      );
  }

  /** Usage events since the gateway started (what the in-memory statistics hold). */
  /** Requests sent to the simulator itself (canaries) that the statistics count, oldest first. */
  readonly served: TrafficEvent[] = [];

  usageEvents(nowMs: number): TrafficEvent[] {
    if (this.scenario.usageStatistics === false) return [];
    const generated = this.traffic.events(this.traffic.startedAtMs, nowMs).filter((e) => e.usage);
    const served = this.served.filter((e) => e.at <= nowMs);
    return served.length ? [...generated, ...served].sort((a, b) => a.at - b.at) : generated;
  }

  authFileEntry(file: AuthFileSpec, nowMs: number, events: TrafficEvent[]): Record<string, unknown> {
    const started = this.traffic.startedAtMs;
    const entry: Record<string, unknown> = {
      id: file.name,
      auth_index: authIndexOf(file.name),
      name: file.name,
      type: file.provider === 'gemini-cli' ? 'gemini' : file.provider,
      provider: file.provider,
      label: file.email,
      status: file.status ?? 'active',
      status_message: file.statusMessage ?? '',
      disabled: file.disabled ?? false,
      unavailable: file.unavailable ?? false,
      runtime_only: false,
      source: 'file',
      size: 1500 + (parseInt(authIndexOf(file.name).slice(0, 4), 16) % 1200),
      email: file.email,
      account_type: 'oauth',
      account: file.email,
      created_at: rfc3339(this.zone, started - 3 * 24 * 60 * MINUTE, true),
      modtime: rfc3339(this.zone, started + 5 * MINUTE),
      updated_at: rfc3339(this.zone, started + 5 * MINUTE),
      last_refresh: rfc3339(this.zone, started + 5 * MINUTE),
      path: `/root/.cli-proxy-api/${file.name}`,
    };
    if (!this.profile.authFileDetails) return entry;
    const mine = events.filter((e) => e.usage?.authFile === file.name);
    return {
      ...entry,
      success: mine.filter((e) => !e.usage?.failed).length,
      failed: mine.filter((e) => e.usage?.failed).length,
      project_id: '',
      ...(file.unavailable ? { next_retry_after: rfc3339(this.zone, nowMs + 30 * MINUTE) } : {}),
      priority: 0,
      note: '',
      weight: 1,
      websockets: false,
      request_retry: 0,
      recent_requests: this.recentRequests(mine, nowMs),
      ...(this.profile.v8 ? this.v8Fields(file, nowMs) : {}),
    };
  }

  /**
   * What v8-era entries add (gateway-v8.md §3.4): cooldowns in shape (a), and the passive quota
   * signals of Claude and Codex credentials (advisory: the gateway does not select by them).
   */
  private v8Fields(file: AuthFileSpec, nowMs: number): Record<string, unknown> {
    const observed = new Date(nowMs - 2 * MINUTE).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const signals: Record<string, string> =
      file.provider === 'claude'
        ? { 'anthropic-ratelimit-unified-5h-utilization': '0.42', 'anthropic-ratelimit-unified-7d-reset': '1790000000' }
        : file.provider === 'codex'
          ? { 'x-codex-primary-used-percent': '37', 'x-codex-primary-reset-after-seconds': '5400' }
          : {};
    const quotaProvider = file.provider === 'claude' || file.provider === 'codex';
    return {
      cooldowns: file.unavailable
        ? [
            {
              status: 'cooling',
              reason: file.statusMessage ? 'quota' : 'unavailable',
              next_retry_after: rfc3339(this.zone, nowMs + 30 * MINUTE),
            },
          ]
        : [],
      quota: quotaProvider ? { observed_at: observed, signals } : { signals: {} },
      supports_quota: quotaProvider,
      ...(quotaProvider ? { quota_provider: file.provider } : {}),
    };
  }

  /** 20 ten-minute buckets, oldest first, labelled in the host's wall clock ("10:00-10:10"). */
  private recentRequests(
    events: TrafficEvent[],
    nowMs: number,
  ): Array<{ time: string; success: number; failed: number }> {
    const bucket = 10 * MINUTE;
    const last = Math.floor(nowMs / bucket) * bucket;
    const out = [];
    for (let i = 19; i >= 0; i--) {
      const start = last - i * bucket;
      const inside = events.filter((e) => e.at >= start && e.at < start + bucket);
      out.push({
        time: `${hourMinute(this.zone, start)}-${hourMinute(this.zone, start + bucket)}`,
        success: inside.filter((e) => !e.usage?.failed).length,
        failed: inside.filter((e) => e.usage?.failed).length,
      });
    }
    return out;
  }

  /** GET /v0/management/usage (reference §6.6). */
  usage(nowMs: number): Record<string, unknown> {
    const totals = (): UsageTotals => ({ total_requests: 0, success_count: 0, failure_count: 0, total_tokens: 0 });
    const all = totals();
    const apis: Record<
      string,
      {
        total_requests: number;
        total_tokens: number;
        models: Record<string, { total_requests: number; total_tokens: number; details: unknown[] }>;
      }
    > = {};
    const byDay: Record<string, number> = {};
    const byHour: Record<string, number> = {};
    const tokensByDay: Record<string, number> = {};
    const tokensByHour: Record<string, number> = {};
    const sources = new Map(this.scenario.authFiles.map((f) => [f.name, f.email]));
    for (const e of this.usageEvents(nowMs)) {
      const u = e.usage as NonNullable<TrafficEvent['usage']>;
      const tokens: Tokens = u.tokens;
      all.total_requests++;
      all[u.failed ? 'failure_count' : 'success_count']++;
      all.total_tokens += tokens.total_tokens;
      const api = (apis[u.apiKey] ??= { total_requests: 0, total_tokens: 0, models: {} });
      api.total_requests++;
      api.total_tokens += tokens.total_tokens;
      const model = (api.models[u.model] ??= { total_requests: 0, total_tokens: 0, details: [] });
      model.total_requests++;
      model.total_tokens += tokens.total_tokens;
      model.details.push({
        timestamp: rfc3339(this.zone, e.at, true),
        source: sources.get(u.authFile) ?? u.authFile,
        auth_index: credentialIndex(u.authFile),
        tokens,
        failed: u.failed,
      });
      const wall = formatWallClock(this.zone, e.at);
      const day = wall.slice(0, 10);
      const hour = wall.slice(11, 13);
      byDay[day] = (byDay[day] ?? 0) + 1;
      byHour[hour] = (byHour[hour] ?? 0) + 1;
      tokensByDay[day] = (tokensByDay[day] ?? 0) + tokens.total_tokens;
      tokensByHour[hour] = (tokensByHour[hour] ?? 0) + tokens.total_tokens;
    }
    return {
      usage: {
        total_requests: all.total_requests,
        success_count: all.success_count,
        failure_count: all.failure_count,
        total_tokens: all.total_tokens,
        apis,
        requests_by_day: byDay,
        requests_by_hour: byHour,
        tokens_by_day: tokensByDay,
        tokens_by_hour: tokensByHour,
      },
      failed_requests: all.failure_count,
    };
  }

  /** GET /v1/metrics/providers: the usage snapshot summed per provider derived from each client key (reference §5). */
  metrics(nowMs: number): Record<string, unknown> {
    const sums = new Map<string, UsageTotals>();
    for (const e of this.usageEvents(nowMs)) {
      const u = e.usage as NonNullable<TrafficEvent['usage']>;
      const provider = metricsProviderOf(u.apiKey);
      if (!provider) continue;
      const s = sums.get(provider) ?? { total_requests: 0, success_count: 0, failure_count: 0, total_tokens: 0 };
      s.total_requests++;
      s[u.failed ? 'failure_count' : 'success_count']++;
      s.total_tokens += u.tokens.total_tokens;
      sums.set(provider, s);
    }
    const out: Record<string, unknown> = {};
    for (const [provider, s] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
      const output = COST_PER_1K_OUTPUT[provider] ?? 0.5;
      out[provider] = {
        request_count: s.total_requests,
        success_count: s.success_count,
        failure_count: s.failure_count,
        total_tokens: s.total_tokens,
        success_rate: s.total_requests === 0 ? 1 : s.success_count / s.total_requests,
        cost_per_1k_input: output / 2,
        cost_per_1k_output: output,
      };
    }
    return out;
  }
}
