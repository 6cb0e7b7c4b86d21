// GET /v0/management/logs (reference §6.5): the gateway's main.log and its rotated siblings, lines
// newer than `after`, as plain strings in {"lines":[...]}. Needs logging-to-file on the gateway.
import { errorText, type Gateway, type GatewayResponse } from './client.js';
import { expectShape, isRecord, readJson } from './response.js';

export const LOGS_PATH = '/v0/management/logs';

/**
 * The gateway sends the whole filtered log as one JSON body and http.ts holds a body in memory, so a
 * cap is needed; the run-wide 16 MiB default would cut off a day of a moderately busy gateway
 * (10 requests/s is about 110 MB of access lines a day). 128 MiB keeps the peak (body, its text and
 * the parsed lines) near half a GB; beyond it the files themselves must be scanned (--log-file), which streams.
 */
export const LOGS_MAX_BYTES = 128 * 1024 * 1024;

export type LogsOutcome =
  | {
      kind: 'lines';
      lines: unknown[];
      response: GatewayResponse;
      /** The gateway's own reading of its newest line (unix s, parsed in the gateway host's zone). */
      latestTimestamp: number | undefined;
    }
  /** The gateway cannot serve its log: a reason to skip, not a fault. */
  | { kind: 'unavailable'; reason: string }
  /** A status this route gives no meaning to (a 5xx, a redirect, ...). */
  | { kind: 'status'; response: GatewayResponse };

/** Throws GatewayError (no answer, rejected key, too large) or BadBody (not the served shape). */
export async function fetchManagementLogs(
  gateway: Gateway,
  afterUnixSeconds: number,
  signal: AbortSignal,
): Promise<LogsOutcome> {
  const response = await gateway.get(`${LOGS_PATH}?after=${afterUnixSeconds}`, signal, { maxBytes: LOGS_MAX_BYTES });
  if (response.status === 400 && /logging to file disabled/i.test(errorText(response.body) ?? '')) {
    return {
      kind: 'unavailable',
      reason:
        'the gateway logs to stdout (logging-to-file: false), so GET /v0/management/logs has nothing to serve: "logging to file disabled"',
    };
  }
  if (response.status === 404)
    return {
      kind: 'unavailable',
      reason:
        'management API disabled (GET /v0/management/logs → 404): no remote-management.secret-key or MANAGEMENT_PASSWORD on the gateway',
    };
  if (response.status !== 200) return { kind: 'status', response };
  const body = readJson(response);
  expectShape(response, isRecord(body) && Array.isArray(body.lines), 'a log listing ({"lines":[...]})');
  const latest = (body as Record<string, unknown>)['latest-timestamp'];
  return {
    kind: 'lines',
    lines: (body as { lines: unknown[] }).lines,
    response,
    latestTimestamp: typeof latest === 'number' && Number.isFinite(latest) ? latest : undefined,
  };
}
