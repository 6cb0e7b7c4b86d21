// Runbook "Repeated 401/403": who is answered 401/403 (a client key the gateway refuses, or an
// upstream credential), which credentials are suspended and why, failing token refreshes, and wrong
// management keys (5 of them ban the caller's IP for 30 minutes).
import { cannotTell, type Evidence } from './evidence.js';
import { halves, inference, listedForKey, tally } from './common.js';
import { ok, problem, type Finding } from './findings.js';

export const AUTH_STEPS = [
  "Recheck credential validity and token freshness: GET /v0/management/auth-files shows each credential's status and status_message.",
  'For OAuth providers (kiro, cursor, minimax, roo; also codex, claude, antigravity), verify the token file in the auth dir and its refresh path; log the account in again when its refresh token is gone.',
  'Confirm the client is hitting the intended provider prefix (<prefix>/<model>) with a key listed in api-keys.',
];

/** The gateway answers a refused client key itself, before any upstream call: in about no time. */
const CLIENT_REFUSAL_MS = 5;

const UPSTREAM_REASON: Array<[RegExp, string]> = [
  [
    /token_invalidated|authentication_error|invalid_grant|refresh_token/i,
    'the OAuth token is expired or revoked: log the account in again',
  ],
  [/validation_required/i, 'the Antigravity account needs validation in the browser (403 VALIDATION_REQUIRED)'],
  [/unsupported_country|region/i, 'the provider refuses this region (403 unsupported_country_region_territory)'],
  [/terms|tos/i, 'the provider flagged the account for its terms of service (403)'],
];

export async function triageAuth(ev: Evidence, model: string | undefined): Promise<Finding[]> {
  const findings: Finding[] = [];
  const [logs, files] = await Promise.all([ev.logs(), ev.authFiles()]);

  if (!logs.ok)
    findings.push(cannotTell('401/403 in the log', `the last ${ev.windowMinutes} min of the log`, logs.why));
  else {
    const denied = inference(logs.value).filter((e) => e.access.status === 401 || e.access.status === 403);
    const client = denied.filter((e) => e.access.status === 401 && e.access.latencyMs <= CLIENT_REFUSAL_MS);
    const upstream = denied.filter((e) => !client.includes(e));
    if (!denied.length)
      findings.push(ok('401/403 in the log', `no 401/403 on inference routes in the last ${ev.windowMinutes} min`));
    if (client.length)
      findings.push(
        problem(
          'client keys refused',
          'fail',
          `${client.length} request(s) answered 401 in ≤ ${CLIENT_REFUSAL_MS} ms in the last ${ev.windowMinutes} min: the gateway refused the client's key (no provider credential involved)`,
          [
            `by client IP: ${tally(client, (e) => e.access.clientIp)}`,
            `by route: ${tally(client, (e) => `${e.access.method} ${e.access.path}`)}`,
          ],
          [
            'Find the client(s) named above and give them a key from api-keys (or restore the retired key); nothing on the provider side needs fixing for these.',
          ],
        ),
      );
    if (upstream.length) {
      const [first, second] = halves(upstream, ev.now, ev.windowMinutes);
      findings.push(
        problem(
          'upstream 401/403',
          'fail',
          `${upstream.length} inference request(s) answered 401/403 after reaching a provider in the last ${ev.windowMinutes} min (first half ${first}, second half ${second})`,
          [
            `by status: ${tally(upstream, (e) => String(e.access.status))}`,
            `by route: ${tally(upstream, (e) => `${e.access.method} ${e.access.path}`)}`,
          ],
          [
            'Fix the provider credential that answers 401/403 (see the suspended credentials below); the gateway cools it down for 30 minutes and retries others meanwhile.',
          ],
        ),
      );
    }
    const refresh = logs.value.filter((e) => /token refresh attempt \d+ failed|failed to refresh/i.test(e.message));
    if (refresh.length)
      findings.push(
        problem(
          'token refresh',
          'fail',
          `${refresh.length} failed token refresh line(s) in the last ${ev.windowMinutes} min`,
          [`last: ${refresh.at(-1)?.message ?? ''}`],
          ['Log the account whose refresh fails in again; its refresh token is no longer accepted.'],
        ),
      );
    else findings.push(ok('token refresh', `no failed token refresh in the last ${ev.windowMinutes} min`));
    const mgmt = logs.value.filter(
      (e) => e.access && e.access.status === 401 && e.access.path.startsWith('/v0/management/'),
    );
    if (mgmt.length)
      findings.push(
        problem(
          'management logins',
          'warn',
          `${mgmt.length} management request(s) answered 401 (a wrong management key)`,
          [`by client IP: ${tally(mgmt, (e) => e.access?.clientIp ?? '?')}`],
          ['Fix the management key of the caller named above: 5 failures in a row ban its IP for 30 minutes.'],
        ),
      );
  }

  if (!files.ok) findings.push(cannotTell('credentials', 'GET /v0/management/auth-files', files.why));
  else {
    const down = files.value.filter((f) => f.unavailable || f.status === 'error' || f.disabled);
    const authDown = down.filter((f) => !/quota|429|rate/i.test(f.statusMessage ?? ''));
    if (!authDown.length)
      findings.push(ok('credentials', `none of ${files.value.length} credential(s) is suspended for an auth error`));
    for (const f of authDown) {
      const reason = UPSTREAM_REASON.find(([re]) => re.test(f.statusMessage ?? ''))?.[1];
      findings.push(
        problem(
          'credential suspended',
          'fail',
          `${f.provider} credential ${f.label} (${f.authIndex ?? f.name}) is ${f.disabled ? 'disabled' : (f.status ?? 'unavailable')}: "${f.statusMessage ?? 'no reason given'}"`,
          [
            ...(reason ? [`meaning: ${reason}`] : []),
            ...(f.nextRetryAfter ? [`tried again after ${f.nextRetryAfter}`] : []),
            `its models drop out of /v1/models while it is suspended when no other credential serves them`,
          ],
          [`Fix ${f.name}: ${reason ?? 'check the token file and its refresh path'}.`],
        ),
      );
    }
  }

  if (model) findings.push((await listedForKey(ev, model)).finding);
  return findings;
}
