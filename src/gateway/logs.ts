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
import { LogsReader, type LogLines } from './log-lines.js';
import { streamEndpoint } from './read.js';

export const LOGS_PATH = '/v0/management/logs';
export const LOGS_V8_PATH = '/v8/management/observability/logs';

/**
 * The gateway sends the whole filtered log as one JSON body. provops reads it as a stream and keeps only
 * the lines' bytes, so what it holds grows with this cap; the run-wide 16 MiB default would cut off a day
 * of a moderately busy gateway (10 requests/s is about 110 MB of access lines a day). Beyond it the files
 * themselves must be scanned (--log-file), which holds nothing.
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
      /** Read as a stream and kept as bytes (log-lines.ts): the body itself is never held. */
      lines: LogLines;
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
  // A stream: the reader finding {"lines":[...]} in it is what proves the management key.
  const outcome = await streamEndpoint(gateway, `${LOGS_PATH}${query}`, signal, () => new LogsReader(), {
    maxBytes: LOGS_MAX_BYTES,
    v8Path: `${LOGS_V8_PATH}${query}`,
  });
  if (!outcome.ok && outcome.error) throw outcome.error;
  const response = outcome.response as GatewayResponse;
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
  if (!outcome.ok) return { kind: 'status', response };
  const { lines, latestTimestamp } = outcome.value;
  return {
    kind: 'lines',
    lines,
    response,
    latestTimestamp,
    capped: lines.count + lines.other >= limit,
    limit,
  };
}
