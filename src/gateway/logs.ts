// GET /v0/management/logs (reference §6.5), on CLIProxyAPI v8 GET /v8/management/observability/logs (the
// same handler): the gateway's main.log and its rotated siblings, lines newer than `after`, as plain
// strings in {"lines":[...]}. Needs logging-to-file on the gateway.
//
// Paging: the handler (upstream logs.go, read at 0d82daca) keeps the *last* `limit` lines newer than
// `after`, and its next-cursor points at the end of what it read: a cursor pages forward from there
// (the first `limit` lines after it), never back into the window. So a past window cannot be paged;
// provops asks with `limit`, which bounds the answer to the window's newest lines, and says which span
// it covered when the answer was cut.
import { errorText, majorOf, type Gateway, type GatewayResponse } from './client.js';
import { expectShape, isRecord, readJson } from './response.js';

export const LOGS_PATH = '/v0/management/logs';
export const LOGS_V8_PATH = '/v8/management/observability/logs';

/**
 * The gateway sends the whole filtered log as one JSON body and http.ts holds a body in memory, so a
 * cap is needed; the run-wide 16 MiB default would cut off a day of a moderately busy gateway
 * (10 requests/s is about 110 MB of access lines a day). 128 MiB keeps the peak (body, its text and
 * the parsed lines) near half a GB; beyond it the files themselves must be scanned (--log-file), which streams.
 */
export const LOGS_MAX_BYTES = 128 * 1024 * 1024;
/**
 * `limit`: at most this many (the newest) lines per answer. Access lines are about 150 bytes as JSON
 * strings, so the answer stays near 75 MB, under LOGS_MAX_BYTES; a window with more lines is read from
 * its newest 500,000 (about 14 h at 10 requests/s), and the check names the span it covered.
 */
export const LOGS_LIMIT_LINES = 500_000;

export type LogsOutcome =
  | {
      kind: 'lines';
      lines: unknown[];
      response: GatewayResponse;
      /** The gateway's own reading of its newest line (unix s, parsed in the gateway host's zone). */
      latestTimestamp: number | undefined;
      /** The answer held exactly `limit` lines, so older lines of the window may have been left out. */
      capped: boolean;
      limit: number;
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
  limit = LOGS_LIMIT_LINES,
): Promise<LogsOutcome> {
  const query = `?after=${afterUnixSeconds}&limit=${limit}`;
  // Parsed once, inside the management gate's judge: a {"lines":[...]} body is what proves the key.
  let listing: Record<string, unknown> | undefined;
  const judge = (res: GatewayResponse): boolean => {
    listing = undefined;
    try {
      const body = readJson(res);
      if (isRecord(body) && Array.isArray(body.lines)) listing = body;
    } catch {
      // not the listing: the code below says why
    }
    return listing !== undefined;
  };
  const opts = { maxBytes: LOGS_MAX_BYTES, judge, v8Path: `${LOGS_V8_PATH}${query}` };
  let response = await gateway.get(`${LOGS_PATH}${query}`, signal, opts);
  // a v8 build without the v8 route (a fork carrying the v8 version string): the v0 twin
  if (response.path.startsWith(LOGS_V8_PATH) && response.status === 404)
    response = await gateway.get(`${LOGS_PATH}${query}`, signal, { maxBytes: LOGS_MAX_BYTES, judge });
  const path = response.path.split('?')[0];
  const v8 = majorOf(gateway.version()?.version) >= 8;
  if (response.status === 400 && /logging to file disabled/i.test(errorText(response.body) ?? '')) {
    return {
      kind: 'unavailable',
      reason: `the gateway logs to stdout (logging-to-file: false${v8 ? ', observability.logs.logging-to-file in a v8 config' : ''}), so GET ${path} has nothing to serve: "logging to file disabled"`,
    };
  }
  if (response.status === 404)
    return {
      kind: 'unavailable',
      reason: `management API disabled (GET ${path} → 404): no remote-management.secret-key (management.secret-key on v8) or MANAGEMENT_PASSWORD on the gateway`,
    };
  if (response.status !== 200) return { kind: 'status', response };
  const body = listing ?? readJson(response);
  expectShape(response, isRecord(body) && Array.isArray(body.lines), 'a log listing ({"lines":[...]})');
  const lines = (body as { lines: unknown[] }).lines;
  const latest = (body as Record<string, unknown>)['latest-timestamp'];
  return {
    kind: 'lines',
    lines,
    response,
    latestTimestamp: typeof latest === 'number' && Number.isFinite(latest) ? latest : undefined,
    capped: lines.length >= limit,
    limit,
  };
}
