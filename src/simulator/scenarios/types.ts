// What a scenario is made of: plain data that the simulator serves. Build a custom one from these
// types (or spread one of the named scenarios) and pass it as startSimulator({scenario}).
import type { FaultSpec } from '../faults.js';

/** One /v1/models entry: the gateway lists an id once per provider (owner) that serves it. */
export interface ModelSpec {
  id: string;
  ownedBy: string;
  /** Unix seconds; omitted for dynamically fetched models (Antigravity, Copilot, compat), which carry the gateway's start time. */
  created?: number;
  displayName?: string;
  thinking?: boolean;
}

export interface KiroQuotaSpec {
  /** AGENTIC_REQUEST usage limit and current usage. */
  limit: number;
  used: number;
  subscriptionTitle: string;
  subscriptionType: string;
  profileArn: string;
  /** The upstream GetUsageLimits call fails: kiro-quota answers 502 with this detail. */
  upstreamError?: string;
}

/** An OAuth credential file in auth-dir, as GET /v0/management/auth-files lists it. */
export interface AuthFileSpec {
  name: string;
  /** claude, codex, gemini-cli, antigravity, kiro, github-copilot, ... */
  provider: string;
  email: string;
  status?: 'unknown' | 'active' | 'pending' | 'refreshing' | 'error' | 'disabled';
  statusMessage?: string;
  unavailable?: boolean;
  disabled?: boolean;
  /** Only for provider kiro: what kiro-quota answers for it. */
  kiro?: KiroQuotaSpec;
}

/** A window relative to the scenario's anchor (the pinned clock, or the simulator's start). */
export interface Window {
  fromMinutesAgo: number;
  toMinutesAgo: number;
}

/**
 * Requests of one kind from one client: they become access-log lines, and (with `usage`) usage details
 * and metrics counters. Without `between` a stream runs all the time (a baseline); with it, it is a
 * planted episode relative to the anchor.
 */
export interface TrafficStream {
  /** Who sends these and why, for the reader. */
  what: string;
  method: 'GET' | 'POST';
  path: string;
  clientIp: string;
  perMinute: number;
  between?: Window;
  /** Every request gets this answer; 'unknown-model' is the flavour's unknown-provider error (502 or 400). Default 200. */
  status?: number | 'unknown-model';
  /** Share of requests that fail with failureStatus instead (upstream errors passed through). */
  failureRate?: number;
  failureStatus?: number;
  latencyMs?: [number, number];
  /** An inference by a configured client key that reached an upstream: recorded in /usage and the metrics. */
  usage?: { apiKey: string; model: string; authFile: string } | undefined;
}

/**
 * Failed upstream attempts with one credential (v7.3+ writes one line each, before it falls back to
 * another credential): `[conductor_execution.go:N] 401 | 6ms | upstream execution failed: provider=…
 * model=… auth=… err=…`. They are not client requests; only flavours of v7.3+ (v8) write them.
 */
export interface AttemptStream {
  what: string;
  provider: string;
  model: string;
  /** As the gateway masks it: "api_key=sk-p...b780", or an auth file name. */
  credential: string;
  status: number;
  perMinute: number;
  between?: Window;
}

/** A plain (non-access) log line, e.g. a token refresh; `everyMinutes` repeats it, `atMinutesAgo` plants it once. */
export interface LogNote {
  everyMinutes?: number;
  atMinutesAgo?: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  caller: string;
  message: string;
}

export interface Scenario {
  name: string;
  /** The story in one paragraph: what an operator would see and why. */
  summary: string;
  /** What /v1/models lists for every client key (the upstream flavour drops fork-only owners). */
  models: ModelSpec[];
  /** Per-key listings that differ from `models`. */
  modelsByKey?: Record<string, ModelSpec[]>;
  /** Client keys in config.yaml api-keys besides the simulator's own demo key(s). */
  clientKeys: string[];
  authFiles: AuthFileSpec[];
  /** Extra config values the management getters return (oauth-model-alias, oauth-excluded-models, ...). */
  config: Record<string, unknown>;
  /**
   * config.yaml as written, when the gateway's sanitizers dropped something from it (`config` is then
   * what was loaded); GET /v0/management/config.yaml serves it, GET /config the sanitized result.
   */
  configFile?: Record<string, unknown>;
  /** How long ago the gateway started: usage statistics and metrics count from then. */
  uptimeMinutes: number;
  traffic: TrafficStream[];
  /** Failed upstream attempts per credential (main.log of v7.3+ only). */
  attempts?: AttemptStream[];
  notes?: LogNote[];
  faults?: FaultSpec[];
  /** logging-to-file (default true): false makes /logs answer 400. */
  loggingToFile?: boolean;
  /**
   * What an upstream answers a request for this model (the upstream id, after aliases): an iFlow 406,
   * Spark refused for a ChatGPT account. Inference and count_tokens requests get it verbatim.
   */
  plantedReplies?: Record<string, { status: number; body: unknown; headers?: Record<string, string> }>;
  /** usage-statistics-enabled (default true): false empties /usage and /v1/metrics/providers. */
  usageStatistics?: boolean;
}
