import { defineCheck, result, type Result } from '../src/check.js';
import { count, num, percent } from '../src/format.js';
import { opt, type OptionValues } from '../src/options.js';
import { PLAYBOOK } from './support/playbooks.js';
import { USAGE_PATH, type UsageOutcome, type UsageSnapshot } from '../src/gateway/usage.js';
import { majorOf, type ObservedVersion } from '../src/gateway/client.js';
import { fromError, fromStatus } from './support/verdicts.js';

export const SPARK_MODEL = 'gpt-5.3-codex-spark';
export const NO_USAGE_ROUTE =
  'this gateway has no usage route (CLIProxyAPI removed it in v6.10, later cliproxyapi++ builds too) or its management API is disabled';

const options = {
  windowMinutes: opt.integer(10, 'the window before --now that the ratio is measured over (minutes)', { min: 1 }),
  warnRatioPct: opt.number(2, 'a failed share above this is a warn (%)', { min: 0, max: 100 }),
  failRatioPct: opt.number(5, 'a failed share above this is a fail (%)', { min: 0, max: 100 }),
  minRequests: opt.integer(20, 'with fewer Spark requests in the window the ratio is not judged'),
  models: opt.strings(
    [SPARK_MODEL],
    'model names counted as Spark in the usage statistics (add an alias such as "spark" if clients use one)',
  ),
};

type Thresholds = OptionValues<typeof options>;

const instant = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

export function evaluate(usage: UsageSnapshot, t: Thresholds, now: Date): Result {
  const end = now.getTime();
  const start = end - t.windowMinutes * 60_000;
  // (start, end]: a request stamped exactly at --now counts, one exactly a window earlier does not.
  const models = new Set(t.models);
  const spark = usage.requests.filter((r) => models.has(r.model) && r.at > start && r.at <= end);
  const failed = spark.filter((r) => r.failed);
  const what = `${t.models.join('/')} request(s) in the ${t.windowMinutes} min before ${instant(end)}`;
  const details = [
    `window ${instant(start)} – ${instant(end)}; usage holds ${count(usage.requests.length)} request detail(s) from ${count(usage.clients)} client key(s)`,
  ];
  if (usage.unreadable)
    details.push(`${count(usage.unreadable)} usage detail(s) had no readable timestamp and were left out`);
  const metrics = { requests: spark.length, failed: failed.length };

  if (spark.length < t.minRequests) {
    const quiet =
      usage.totalRequests === 0 ? '; the gateway counted no requests at all (is usage-statistics-enabled off?)' : '';
    return result.skip(`only ${count(spark.length)} ${what} (judged from ${t.minRequests})${quiet}`, {
      details,
      metrics,
    });
  }

  const byCredential = new Map<string, number>();
  for (const r of failed)
    byCredential.set(r.authIndex ?? 'unknown', (byCredential.get(r.authIndex ?? 'unknown') ?? 0) + 1);
  if (byCredential.size)
    details.push(
      `failures by credential auth_index: ${[...byCredential]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );

  const ratioPct = (failed.length / spark.length) * 100;
  const summary = `Spark error ratio ${percent(ratioPct, [t.warnRatioPct, t.failRatioPct])}: ${count(failed.length)} of ${count(spark.length)} ${what} failed (warn > ${num(t.warnRatioPct)}%, fail > ${num(t.failRatioPct)}%)`;
  const full = { details, metrics: { ...metrics, ratioPct } };
  // Compared in whole requests so that 1 of 50 is exactly 2% and not a float a hair above it.
  if (failed.length * 100 > t.failRatioPct * spark.length)
    return result.fail(summary, PLAYBOOK.sparkCritical, { ...full });
  if (failed.length * 100 > t.warnRatioPct * spark.length) return result.warn(summary, PLAYBOOK.sparkWarn, { ...full });
  return result.pass(summary, { ...full });
}

function failure(outcome: Extract<UsageOutcome, { ok: false }>, version: ObservedVersion | undefined): Result {
  if (outcome.error) return fromError(outcome.error, `GET ${USAGE_PATH}`);
  if (outcome.response.status === 404 && version && majorOf(version.version) >= 8)
    return result.skip(
      `not served by this version: ${version.version} has no /usage (GET ${USAGE_PATH} → 404), and its observability/usage/queue pops the records it returns, so provops never reads it`,
    );
  if (outcome.response.status === 404) return result.skip(`GET ${USAGE_PATH} → 404: ${NO_USAGE_ROUTE}`);
  return fromStatus(outcome.response);
}

export default defineCheck({
  id: 'spark-error-ratio',
  title: 'Spark error ratio',
  description: `The share of failed ${SPARK_MODEL} requests over the last few minutes stays under the runbook's alert thresholds.`,
  runbook: 'Copilot Spark Mismatch: alert thresholds',
  options,
  metricThresholds: { ratioPct: { warn: 'warnRatioPct', fail: 'failRatioPct' } },
  explain: {
    statuses: {
      pass: `at most warnRatioPct of the ${SPARK_MODEL} requests in the last windowMinutes failed`,
      warn: 'more than warnRatioPct failed (the runbook\'s "Warn" threshold)',
      fail: 'more than failRatioPct failed (the runbook\'s "Critical" threshold: apply the auto-mitigation), or the gateway failed (5xx)',
      error: 'the management key was rejected (no further management request is made), or the answer could not be read',
      skip: 'no management key, no usage route on this gateway (404), or fewer than minRequests Spark requests in the window',
    },
    runbookSteps: [
      'Suggested alert thresholds:',
      '  Warn: Spark error ratio > 2% over 10 minutes.',
      '  Critical: Spark error ratio > 5% over 10 minutes.',
      '  Auto-mitigation: fallback alias to `gpt-5.3-codex` when critical threshold is crossed.',
    ],
    gatewayNotes: [
      `The ratio comes from GET ${USAGE_PATH} (management key): usage.apis.<client key>.models.<model>.details[] with timestamp (RFC 3339 with offset) and failed, summed over every client key. Docs that curl …/usage at the root are wrong: the route lives under /v0/management.`,
      'CLIProxyAPI removed /usage in v6.10 (it has /usage-queue instead), and cliproxyapi++ builds after v6.8.x dropped it too: there provops skips.',
      'v8 has no /usage either; its GET /v8/management/observability/usage/queue pops up to count records (reading destroys them for every other consumer), so provops never calls it and skips as "not served by this version".',
      "The statistics live in the gateway's memory: they restart with it, and stay empty with usage-statistics-enabled: false.",
      'The body names client API keys, and a detail\'s "source" can be an upstream or client API key: provops never prints either, only counts and the credential auth_index.',
      'The gateway keeps every request detail since it started: a week of a busy gateway is ~1M details (~200 MB). provops reads /usage as a stream and keeps ~100 bytes a detail, so its cap is 64 × maxResponseMiB (1 GiB by default); past it, an error names the cap.',
      'The /usage response is fetched once per run and shared with quota-pressure.',
      'By hand (all time, not windowed): curl -sS http://localhost:8317/v0/management/usage -H "Authorization: Bearer <management-key>" | jq \'[.usage.apis[].models["gpt-5.3-codex-spark"].details[]?] | {requests: length, failed: map(select(.failed)) | length}\'',
    ],
  },
  prefetch(ctx) {
    void ctx.shared.usage();
  },
  async run(ctx) {
    const outcome = await ctx.shared.usage();
    if (!outcome.ok) return failure(outcome, ctx.gateway.version());
    return evaluate(outcome.value, ctx.options, ctx.now);
  },
});
