// Shared wording for outcomes every network check meets: a request that got no usable response,
// a redirect, an unexpected status. Checks handle the statuses that mean something for them first.
import { result, type Result } from '../../src/check.js';
import type { GatewayResponse } from '../../src/gateway/client.js';
import { GatewayError, messageOf } from '../../src/errors.js';
import { BadBody, describeBody } from '../../src/gateway/response.js';
import { describeCredentialError } from '../../src/gateway/error-body.js';

export const HEALTH_HINT =
  'Check that the gateway process is running and that --url (PROVOPS_URL) points at its port (8317 by default); then re-run `provops check health`.';

/** Where a management key comes from, for "not checked … — set …". */
export const MANAGEMENT_KEY_SOURCES = 'PROVOPS_MANAGEMENT_KEY';
/** Where a log source comes from. */
export const LOG_SOURCES = `${MANAGEMENT_KEY_SOURCES} or --log-file`;

/** A thrown error from a request or from reading its body, as a result. */
export function fromError(err: unknown, action: string): Result {
  if (err instanceof BadBody) return result.error(err.message);
  if (!(err instanceof GatewayError)) throw err;
  switch (err.kind) {
    case 'unreachable':
      return result.fail(`${action}: ${err.message}`, err.hint ?? HEALTH_HINT);
    case 'no-key':
      return result.skip(messageOf(err), { needs: MANAGEMENT_KEY_SOURCES });
    case 'management-rejected':
      return result.error(err.message, { hint: err.hint ?? null });
    case 'too-large':
      return result.error(`${action}: ${err.message}`, {
        hint: "If the gateway really serves this much (a long-running gateway's /usage and logs grow with traffic), raise maxResponseMiB in provops.yaml.",
      });
    case 'timeout':
      return result.error(`${action}: ${err.message}`, {
        hint: "The gateway is slow on this route: retry with a larger --timeout, and check the gateway host's load.",
      });
    default:
      return result.error(`${action}: ${err.message}`);
  }
}

/** A status the check has no specific meaning for. */
export function fromStatus(res: GatewayResponse): Result {
  const line = `GET ${res.path} → ${res.status}`;
  // model_cooldown (429) and auth_unavailable (503, 500 on the old fork): the gateway has no usable credential
  const credential = res.status === 429 || res.status >= 500 ? describeCredentialError(res) : undefined;
  if (credential) return result.fail(credential.summary, credential.hint);
  if (res.status >= 300 && res.status < 400) {
    const to = res.headers.location ? ` to ${res.headers.location}` : '';
    return result.fail(
      `${line} redirect${to} (provops does not follow redirects)`,
      'Point --url at the gateway itself rather than at a proxy or login page in front of it.',
    );
  }
  if (res.status >= 500) {
    return result.fail(
      `${line} ${describeBody(res)}`,
      'The gateway (or a proxy in front of it) is failing: check its log around this time.',
    );
  }
  return result.error(`${line} ${describeBody(res)} (unexpected status)`);
}
