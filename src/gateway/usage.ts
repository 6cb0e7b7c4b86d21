// GET /v0/management/usage: the gateway's in-memory request statistics, fetched once per target per
// run (spark-error-ratio reads it, quota-pressure may too). The body is keyed by client API key and
// each detail's `source` can be an upstream API key or the caller's key (the gateway falls back to
// them when a credential has no account label): both are secrets, so the parsed shape keeps neither.
import type { Gateway, GatewayResponse } from './client.js';
import { readEndpoint, type Outcome } from './read.js';
import { BadBody, isRecord, readJson } from './response.js';

export const USAGE_PATH = '/v0/management/usage';

export interface UsageRequest {
  model: string;
  /** Epoch ms of the request, from the detail's RFC 3339 timestamp. */
  at: number;
  failed: boolean;
  /** The credential that served it (16 hex, from auth-files), when the gateway says. */
  authIndex?: string | undefined;
  /** Which client key it came from, as an ordinal (the key itself is never kept). */
  client: number;
}

export interface UsageSnapshot {
  totalRequests: number;
  failureCount: number;
  /** Every request detail the gateway still holds, across all client keys and models. */
  requests: UsageRequest[];
  clients: number;
  /** Details whose timestamp could not be read; they are left out of `requests`. */
  unreadable: number;
}

export type UsageOutcome = Outcome<UsageSnapshot>;

export function fetchUsage(gateway: Gateway, signal: AbortSignal): Promise<UsageOutcome> {
  return readEndpoint(gateway, USAGE_PATH, signal, parseUsage);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$/;

/** Go's RFC 3339 (nano) timestamps, "2026-02-23T10:15:02.123456+08:00"; NaN when it is not one. */
export function parseRfc3339(text: string): number {
  const m = RFC3339.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (/^z$/i.test(zone)) return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return local - offset * 60_000;
}

export function parseUsage(res: GatewayResponse): UsageSnapshot {
  const body = readJson(res, { quoteBody: false });
  const bad = (why: string) =>
    new BadBody(
      `GET ${res.path} → ${res.status} but ${why} (expected {"usage":{"apis":{<key>:{"models":{<model>:{"details":[...]}}}}}})`,
    );
  if (!isRecord(body) || !isRecord(body.usage)) throw bad('the body has no "usage" object');
  const usage = body.usage;
  const apis = usage.apis ?? {};
  if (!isRecord(apis)) throw bad('"usage.apis" is not an object');
  const requests: UsageRequest[] = [];
  let unreadable = 0;
  // Entries are named by ordinal from here on: the keys of `apis` are client API keys.
  Object.values(apis).forEach((api, client) => {
    const models = isRecord(api) ? (api.models ?? {}) : undefined;
    if (!isRecord(models)) throw bad(`client key #${client + 1} has no "models" object`);
    for (const [model, entry] of Object.entries(models)) {
      const details = isRecord(entry) ? (entry.details ?? []) : undefined;
      if (!Array.isArray(details)) throw bad(`model "${model}" has no "details" list`);
      for (const d of details) {
        const at = isRecord(d) && typeof d.timestamp === 'string' ? parseRfc3339(d.timestamp) : NaN;
        if (!isRecord(d) || Number.isNaN(at)) {
          unreadable++;
          continue;
        }
        requests.push({
          model,
          at,
          failed: d.failed === true,
          authIndex: typeof d.auth_index === 'string' ? d.auth_index : undefined,
          client: client + 1,
        });
      }
    }
  });
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    totalRequests: count(usage.total_requests),
    failureCount: count(usage.failure_count),
    requests,
    clients: Object.keys(apis).length,
    unreadable,
  };
}
