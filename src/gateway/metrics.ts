// GET /v1/metrics/providers (cliproxyapi++ v6.8.17–v6.8.60 only, no auth): cumulative per-provider
// counters since the gateway started, an object keyed by provider (not the `.data[]` the fork docs show).
import type { Gateway, GatewayResponse } from './client.js';
import { readEndpoint, type Outcome } from './read.js';
import { BadBody, isRecord, readJson } from './response.js';

export const METRICS_PATH = '/v1/metrics/providers';

/** Cumulative since the gateway started. */
export interface Counters {
  requests: number;
  successes: number;
}

export function fetchMetrics(gateway: Gateway, signal: AbortSignal): Promise<Outcome<Record<string, Counters>>> {
  return readEndpoint(gateway, METRICS_PATH, signal, parseMetrics);
}

/** The fork's ProviderMetrics map: {"claude": {"request_count": 42, "success_count": 40, ...}, ...}. */
export function parseMetrics(res: GatewayResponse): Record<string, Counters> {
  const body = readJson(res);
  const bad = (why: string) =>
    new BadBody(
      `GET ${res.path} → ${res.status} but ${why} (expected an object keyed by provider with request_count, success_count, success_rate)`,
    );
  if (!isRecord(body)) throw bad(`the body is ${Array.isArray(body) ? 'a list' : typeof body}`);
  const out: Record<string, Counters> = {};
  for (const [provider, value] of Object.entries(body)) {
    const counts = isRecord(value) ? [value.request_count, value.success_count, value.success_rate] : [];
    if (!counts.length || !counts.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0))
      throw bad(`"${provider}" is not a provider entry`);
    const [requests, successes] = counts as [number, number];
    if (successes > requests) throw bad(`"${provider}" has more successes than requests`);
    out[provider] = { requests, successes };
  }
  return out;
}
