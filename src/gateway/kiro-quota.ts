// GET /v0/management/kiro-quota?auth_index=<16 hex> (cliproxyapi++ v6.8.17–v6.8.60 only): one Kiro
// credential's upstream usage limits. The gateway answers for the first Kiro credential whenever the
// index matches nothing, so the answer's own auth_index must be compared with the one asked for.
import type { Gateway, GatewayResponse } from './client.js';
import { readEndpoint, type Outcome } from './read.js';
import { BadBody, isRecord, quote, readJson } from './response.js';

export const KIRO_QUOTA_PATH = '/v0/management/kiro-quota';
const EARLIEST_RESET_MS = Date.UTC(2000, 0, 1);
const LATEST_RESET_MS = Date.UTC(2200, 0, 1);

export interface KiroQuota {
  /** The credential the gateway answered for (it falls back to the first one on an unknown index). */
  authIndex: string;
  usagePct: number;
  remaining: number;
  exhausted: boolean;
  limit?: number | undefined;
  /** Epoch ms of the next quota reset. */
  resetAt?: number | undefined;
}

export function fetchKiroQuota(gateway: Gateway, authIndex: string, signal: AbortSignal): Promise<Outcome<KiroQuota>> {
  return readEndpoint(gateway, `${KIRO_QUOTA_PATH}?auth_index=${encodeURIComponent(authIndex)}`, signal, parseQuota);
}

/** The 200 body: {auth_index, remaining_quota, usage_percentage, quota_exhausted, usage:{usageBreakdownList, nextDateReset}}. */
export function parseQuota(res: GatewayResponse): KiroQuota {
  const body = readJson(res);
  const ok =
    isRecord(body) &&
    typeof body.auth_index === 'string' &&
    typeof body.usage_percentage === 'number' &&
    typeof body.remaining_quota === 'number' &&
    typeof body.quota_exhausted === 'boolean';
  if (!ok)
    throw new BadBody(
      `GET ${res.path} → ${res.status} but the body is not a Kiro quota ({auth_index, usage_percentage, remaining_quota, quota_exhausted, ...}): "${quote(res.body.toString('utf8'), 60)}"`,
    );
  const b = body as {
    auth_index: string;
    usage_percentage: number;
    remaining_quota: number;
    quota_exhausted: boolean;
    usage?: unknown;
  };
  const usage = isRecord(b.usage) ? b.usage : {};
  const limits = (Array.isArray(usage.usageBreakdownList) ? usage.usageBreakdownList : []).flatMap((u) =>
    isRecord(u) && typeof u.usageLimitWithPrecision === 'number' ? [u.usageLimitWithPrecision] : [],
  );
  const reset =
    typeof usage.nextDateReset === 'number' && usage.nextDateReset > 0 ? Math.round(usage.nextDateReset) : undefined;
  // A date is printed later: one no calendar holds (1e300) is this answer's fault, named here, not a crash there.
  if (reset !== undefined && !(reset >= EARLIEST_RESET_MS && reset <= LATEST_RESET_MS))
    throw new BadBody(
      `GET ${res.path} → ${res.status} but usage.nextDateReset (${String(usage.nextDateReset).slice(0, 24)}) is not an epoch-millisecond date between 2000 and 2200`,
    );
  return {
    authIndex: b.auth_index,
    usagePct: b.usage_percentage,
    remaining: b.remaining_quota,
    exhausted: b.quota_exhausted,
    limit: limits.length ? limits.reduce((a, n) => a + n, 0) : undefined,
    resetAt: reset,
  };
}
