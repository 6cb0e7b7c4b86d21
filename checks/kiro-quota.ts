import { STATUS_RANK, defineCheck, result, type Result, type Status } from '../src/check.js';
import { AUTH_FILES_PATH, type AuthFile } from '../src/gateway/auth-files.js';
import { KIRO_QUOTA_PATH, type KiroQuota } from '../src/gateway/kiro-quota.js';
import { GatewayError } from '../src/errors.js';
import { worstStatus } from '../src/exit-code.js';
import { num, percent } from '../src/format.js';
import { errorText, majorOf, type GatewayResponse } from '../src/gateway/client.js';
import { opt, type OptionValues } from '../src/options.js';
import { PLAYBOOK } from './support/playbooks.js';
import { BadBody, quote } from '../src/gateway/response.js';
import { MANAGEMENT_KEY_SOURCES, fromError, fromStatus } from './support/verdicts.js';
import { mapLimited } from './support/pool.js';

export { KIRO_QUOTA_PATH, type KiroQuota };
export const NO_KIRO_QUOTA_ROUTE =
  'this gateway version has no kiro-quota route (only cliproxyapi++ v6.8.17–v6.8.60 serves it; CLIProxyAPI lists auth-files but has no kiro-quota)';
export const MANAGEMENT_DISABLED =
  'the management API is not enabled on this gateway (it registers /v0/management only when remote-management.secret-key or MANAGEMENT_PASSWORD is set)';

const options = {
  warnUsagePct: opt.number(80, 'a credential that has used this share of its quota is a warn (%)', {
    min: 0,
    max: 100,
  }),
  failUsagePct: opt.number(95, 'a credential that has used this share of its quota is a fail (%)', {
    min: 0,
    max: 100,
  }),
  authIndex: opt.optionalString(
    'query only this Kiro credential (its 16-hex auth_index from auth-files); unset: every Kiro credential',
    /^[0-9a-f]{16}$/,
  ),
};

type Thresholds = Pick<OptionValues<typeof options>, 'warnUsagePct' | 'failUsagePct'>;

export interface Credential {
  authIndex: string;
  label: string;
}

/** What one kiro-quota request came back with. */
export type Reading =
  | { credential: Credential; quota: KiroQuota }
  /** A JSON error answer of the route: {"error": ..., "detail"?: ...}. */
  | { credential: Credential; status: number; error: string; detail?: string | undefined }
  /** A 404 that is not the route's own JSON error: the gateway has no such route. */
  | { credential: Credential; missingRoute: true }
  /** Anything else, already worded (a 5xx page, a timeout, an unreadable body). */
  | { credential: Credential; result: Result };

interface Verdict {
  status: Status;
  line: string;
  hint?: string | null | undefined;
  usagePct?: number;
  credential?: Credential;
}

function judge(r: Reading, t: Thresholds): Verdict {
  const who = r.credential.label;
  if ('missingRoute' in r) return { status: 'skip', line: `${who}: ${NO_KIRO_QUOTA_ROUTE}` };
  if ('result' in r) return { status: r.result.status, line: `${who}: ${r.result.summary}`, hint: r.result.hint };
  if ('error' in r) {
    const said = `kiro-quota → ${r.status} "${quote(r.error)}${r.detail ? `: ${quote(r.detail)}` : ''}"`;
    if (r.status === 400 && /no kiro credential/i.test(r.error))
      return { status: 'skip', line: `${who}: ${said} (the gateway holds no usable Kiro credential)` };
    if (r.status === 400 && /token/i.test(r.error))
      return {
        status: 'fail',
        line: `${who}: ${said}: the credential has no usable token`,
        hint: PLAYBOOK.kiroCredential,
      };
    if (r.status === 400 && /profile arn/i.test(r.error))
      return {
        status: 'warn',
        line: `${who}: ${said}: its quota cannot be read without a profile ARN`,
        hint: PLAYBOOK.kiroCredential,
      };
    if (r.status === 502)
      return {
        status: 'fail',
        line: `${who}: ${said} (the upstream Kiro usage API refused)`,
        hint: PLAYBOOK.kiroCredential,
      };
    return { status: 'error', line: `${who}: ${said} (unexpected answer)` };
  }
  const q = r.quota;
  if (q.authIndex !== r.credential.authIndex) {
    return {
      status: 'error',
      line: `${who}: asked for auth_index ${r.credential.authIndex}, the gateway answered for ${q.authIndex} (it falls back to the first Kiro credential when an index matches nothing); its numbers are not attributed`,
      hint: 'Take the auth_index from GET /v0/management/auth-files (16 hex characters); the credential may have been removed or renamed since it was listed.',
    };
  }
  const shown = [
    `usage ${percent(q.usagePct, [t.warnUsagePct, t.failUsagePct])}${q.limit !== undefined ? ` of ${num(q.limit)}` : ''}`,
    `${num(q.remaining)} remaining`,
    ...(q.resetAt ? [`resets ${new Date(q.resetAt).toISOString().slice(0, 10)}`] : []),
  ].join(', ');
  const base = { usagePct: q.usagePct, credential: r.credential };
  if (q.exhausted)
    return { ...base, status: 'fail', line: `${who}: quota exhausted (${shown})`, hint: PLAYBOOK.kiroQuota };
  if (q.usagePct >= t.failUsagePct)
    return { ...base, status: 'fail', line: `${who}: ${shown}`, hint: PLAYBOOK.kiroQuota };
  if (q.usagePct >= t.warnUsagePct)
    return { ...base, status: 'warn', line: `${who}: ${shown}`, hint: PLAYBOOK.kiroQuota };
  return { ...base, status: 'pass', line: `${who}: ${shown}` };
}

const SHOWN = 3;

export function evaluate(readings: Reading[], t: Thresholds): Result {
  if (readings.some((r) => 'missingRoute' in r))
    return result.skip(`GET ${KIRO_QUOTA_PATH} → 404: ${NO_KIRO_QUOTA_ROUTE}`);
  const verdicts = readings.map((r) => judge(r, t));
  const ranked = [...verdicts].sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status]);
  const judged = verdicts.filter((v) => v.status !== 'skip');
  const status: Status = judged.length ? worstStatus(judged.map((v) => v.status)) : 'skip';
  const more = ranked.length > SHOWN ? `; and ${ranked.length - SHOWN} more (see details)` : '';
  const summary = `${ranked
    .slice(0, SHOWN)
    .map((v) => v.line)
    .join('; ')}${more} (warn ≥ ${num(t.warnUsagePct)}%, fail ≥ ${num(t.failUsagePct)}%)`;
  const usage = verdicts.flatMap((v) => (v.usagePct === undefined ? [] : [v.usagePct]));
  const metrics = { credentials: readings.length, ...(usage.length ? { maxUsagePct: Math.max(...usage) } : {}) };
  const hint = ranked.find((v) => v.status === status && v.hint)?.hint ?? null;
  const series = verdicts.flatMap((v) =>
    v.usagePct === undefined || !v.credential
      ? []
      : [
          {
            metric: 'usagePct',
            labels: {
              account: v.credential.label,
              ...(v.credential.authIndex ? { auth_index: v.credential.authIndex } : {}),
            },
            value: v.usagePct,
          },
        ],
  );
  return {
    status,
    summary,
    details: ranked.map((v) => `${v.status}: ${v.line}`),
    metrics,
    ...(series.length ? { series } : {}),
    ...(hint ? { hint } : {}),
  };
}

/** A non-200 answer of the route, as a reading. */
function readingOf(credential: Credential, res: GatewayResponse): Reading {
  const error = errorText(res.body);
  if (error !== undefined && res.status >= 400 && res.status < 600) {
    let detail: unknown;
    try {
      detail = (JSON.parse(res.body.toString('utf8')) as { detail?: unknown }).detail;
    } catch {
      // errorText already parsed it; nothing more to take
    }
    return { credential, status: res.status, error, detail: typeof detail === 'string' ? detail : undefined };
  }
  if (res.status === 404) return { credential, missingRoute: true };
  return { credential, result: fromStatus(res) };
}

/** Each quota request is an upstream call on the gateway: a few at a time, however many credentials. */
const QUOTA_REQUESTS_IN_FLIGHT = 8;

/** Kiro credentials, labelled so that two with the same account label stay apart. */
export function kiroCredentials(files: AuthFile[]): Credential[] {
  const kiro = files.filter((f) => f.provider === 'kiro');
  const missing = kiro.find((f) => !f.authIndex);
  if (missing)
    throw new BadBody(
      `GET ${AUTH_FILES_PATH} lists Kiro credential "${missing.label}" without an auth_index, so its quota cannot be asked for`,
    );
  // Counted once, not per credential: 200k credentials must stay linear.
  const perLabel = new Map<string, number>();
  for (const f of kiro) perLabel.set(f.label, (perLabel.get(f.label) ?? 0) + 1);
  return kiro.map((f) => ({
    authIndex: f.authIndex as string,
    label: (perLabel.get(f.label) ?? 0) > 1 ? `${f.label} [${f.authIndex}]` : f.label,
  }));
}

export default defineCheck({
  id: 'kiro-quota',
  title: 'Kiro quota',
  description: 'No Kiro credential has used up (or nearly used up) its quota before the next reset.',
  runbook: 'Quota Visibility',
  options,
  metricThresholds: { maxUsagePct: { warn: 'warnUsagePct', fail: 'failUsagePct' } },
  explain: {
    statuses: {
      pass: 'every Kiro credential asked for has used less than warnUsagePct of its quota',
      warn: 'a credential has used warnUsagePct or more, or its quota cannot be read for want of a profile ARN',
      fail: 'a credential is exhausted or has used failUsagePct or more, has no usable token, or the upstream quota API refused (502)',
      error:
        'the management key was rejected (no further management request is made), the gateway answered for another credential than the one asked for, the configured authIndex is not a Kiro credential, or an answer could not be read',
      skip: 'no management key, the management API is disabled (404), the gateway has no kiro-quota route (404), or it has no Kiro credential',
    },
    runbookSteps: [
      'List auth records and capture a Kiro `auth_index`:',
      '  curl -sS http://localhost:8317/v0/management/auth-files -H "Authorization: Bearer <management-key>" | jq',
      'Query Kiro quota:',
      '  curl -sS "http://localhost:8317/v0/management/kiro-quota?auth_index=<AUTH_INDEX>" -H "Authorization: Bearer <management-key>" | jq',
      'If `auth_index` is omitted, API falls back to the first available Kiro credential.',
    ],
    gatewayNotes: [
      'auth-files answers {"files":[...]} (not a bare list), and auth_index is a 16-hex string (sha256 of the file name), not a small integer: `kiro-quota?auth_index=0` as in the fork docs silently queries the first Kiro account.',
      'The gateway falls back to the first Kiro credential for any index that matches nothing, not only for an omitted one. provops asks for each Kiro credential by its auth_index and reports an error when the answer names another auth_index, rather than attribute the numbers to the wrong account.',
      'CLIProxyAPI v8 (like every upstream version) has no Kiro provider and no kiro-quota route: provops reads its credentials from /v8/management/credentials and skips as "not served by this version".',
      'Only cliproxyapi++ v6.8.17–v6.8.60 routes kiro-quota; CLIProxyAPI and later cliproxyapi++ builds serve auth-files but answer 404 for kiro-quota, and provops skips.',
      'nextDateReset is epoch milliseconds; usage_percentage is 100 when the upstream gave no usage data.',
    ],
  },
  // auth-files, then one quota per credential: two round trips, so its auth-files goes first and tests the key.
  prefetchDepth: 2,
  prefetch(ctx) {
    if (!ctx.gateway.hasManagementKey) return;
    const wanted = ctx.options.authIndex;
    void ctx.shared
      .credentials()
      .then((files) => {
        if (!files.ok) return;
        // Only the first batch: run() reads the rest QUOTA_REQUESTS_IN_FLIGHT at a time, reusing these.
        const asked = kiroCredentials(files.value).filter((c) => wanted === null || c.authIndex === wanted);
        for (const c of asked.slice(0, QUOTA_REQUESTS_IN_FLIGHT)) void ctx.shared.kiroQuota(c.authIndex);
      })
      .catch(() => {});
  },
  async run(ctx) {
    if (!ctx.gateway.hasManagementKey)
      return result.skip('no management key given (set PROVOPS_MANAGEMENT_KEY): Kiro quota needs the management API', {
        needs: MANAGEMENT_KEY_SOURCES,
      });
    let credentials: Credential[];
    let listed: number;
    const files = await ctx.shared.credentials();
    if (!files.ok) {
      if (files.error) return fromError(files.error, `GET ${AUTH_FILES_PATH}`);
      if (files.response.status === 404) return result.skip(`GET ${AUTH_FILES_PATH} → 404: ${MANAGEMENT_DISABLED}`);
      return fromStatus(files.response);
    }
    try {
      listed = files.value.length;
      credentials = kiroCredentials(files.value);
    } catch (err) {
      return fromError(err, `GET ${AUTH_FILES_PATH}`);
    }
    if (!credentials.length) {
      const version = ctx.gateway.version();
      if (version && majorOf(version.version) >= 8)
        return result.skip(
          `not served by this version: ${version.version} has no Kiro provider and no kiro-quota route (none of its ${listed} credential(s) is kiro)`,
        );
      return result.skip(`no Kiro credential among the gateway's ${listed} auth file(s)`);
    }
    const wanted = ctx.options.authIndex;
    if (wanted !== null) {
      credentials = credentials.filter((c) => c.authIndex === wanted);
      if (!credentials.length)
        return result.error(
          `checks.kiro-quota.authIndex ${wanted} is not one of the gateway's Kiro credentials (asking would silently report the first one)`,
          {
            hint: 'Set authIndex to an auth_index that GET /v0/management/auth-files lists for provider kiro, or unset it to check every Kiro credential.',
          },
        );
    }
    try {
      const readings = await mapLimited(credentials, QUOTA_REQUESTS_IN_FLIGHT, read);
      return evaluate(readings, ctx.options);
    } catch (err) {
      return fromError(err, `GET ${KIRO_QUOTA_PATH}`);
    }

    async function read(credential: Credential): Promise<Reading> {
      const outcome = await ctx.shared.kiroQuota(credential.authIndex);
      if (outcome.ok) return { credential, quota: outcome.value };
      const err = outcome.error;
      if (!err) return readingOf(credential, outcome.response);
      // A rejected key ends the whole check (and every management call of the run); so does Ctrl-C.
      if (err instanceof GatewayError && (err.kind === 'management-rejected' || err.kind === 'aborted')) throw err;
      return { credential, result: fromError(err, `GET ${KIRO_QUOTA_PATH}`) };
    }
  },
});
