import { defineCheck, result, type Result } from '../src/check.js';
import { opt } from '../src/options.js';
import { count } from '../src/format.js';
import { errorText } from '../src/gateway/client.js';
import type { ModelsOutcome } from '../src/gateway/models.js';
import { PLAYBOOK } from './support/playbooks.js';
import { some } from './support/lists.js';
import { describeBody } from '../src/gateway/response.js';
import { fromError, fromStatus } from './support/verdicts.js';

export const MODELS_UNAVAILABLE = 'model list unavailable (see model-inventory)';

const options = {
  minModels: opt.integer(1, 'fewer unique model ids than this is a fail'),
  warnBelowModels: opt.optionalNumber('fewer unique model ids than this is a warn (unset: no warn level)'),
};

/** What this check keeps between runs: the last run's ids and the baseline they are held to. */
export interface Previous {
  /** The ids the last run saw. */
  ids: string[];
  /**
   * The ids every run is held to until the operator accepts a new list (`provops baseline accept`):
   * an id that leaves it warns on every run, not only on the first run after it went. New ids join it.
   */
  baseline?: { ids: string[]; since: string };
}

/** Where an API-key problem is fixed, named for both the environment and provops.yaml. */
export const API_KEY_SOURCES = 'PROVOPS_API_KEY (or apiKey/apiKeyFile in provops.yaml)';

export function evaluate(
  outcome: ModelsOutcome,
  thresholds: { minModels: number; warnBelowModels: number | null },
  previous?: Previous,
  request: { apiKeyGiven: boolean } = { apiKeyGiven: true },
): Result {
  if (!outcome.ok) return { ...failure(outcome, request.apiKeyGiven), blocks: MODELS_UNAVAILABLE };

  const { owners, entries, entriesByOwner } = outcome.value;
  const unique = owners.size;
  const details = [
    `owners: ${
      some(
        [...entriesByOwner].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${n}`),
        20,
      ) || 'none'
    }`,
  ];
  const metrics: Record<string, number> = { entries, uniqueIds: unique, latencyMs: outcome.response.durationMs };
  const counted = `${count(entries)} entries, ${count(unique)} unique ids`;

  // Both comparisons are reported: what left the baseline (stays until accepted) and what changed
  // since the last run (news of this run only).
  const goneSinceLast = previous ? previous.ids.filter((id) => !owners.has(id)) : [];
  const before = previous ? new Set(previous.ids) : undefined;
  const newSinceLast = before ? [...owners.keys()].filter((id) => !before.has(id)) : [];
  const baseline = previous?.baseline;
  const missing = baseline ? baseline.ids.filter((id) => !owners.has(id)) : goneSinceLast;
  if (previous) {
    metrics.goneSinceLastRun = goneSinceLast.length;
    metrics.newSinceLastRun = newSinceLast.length;
    metrics.missingFromBaseline = missing.length;
    if (goneSinceLast.length) details.push(`gone since the last run: ${some(goneSinceLast, 100)}`);
    if (newSinceLast.length) details.push(`new since the last run: ${some(newSinceLast, 100)}`);
  }
  if (baseline) {
    metrics.baselineIds = baseline.ids.length;
    details.push(
      `baseline: ${baseline.ids.length} ids since ${baseline.since}${missing.length ? `; missing from it: ${some(missing, 100)}` : ''}`,
    );
  }

  if (unique < thresholds.minModels) {
    return result.fail(`${counted} for this API key (fail < ${thresholds.minModels})`, PLAYBOOK.missingModels, {
      details,
      metrics,
    });
  }
  if (missing.length) {
    const since = baseline ? `missing from the baseline of ${baseline.since}` : 'gone since the last run';
    const news = baseline
      ? goneSinceLast.length
        ? `, ${goneSinceLast.length} of them since the last run`
        : ', none new since the last run'
      : '';
    return result.warn(
      `${counted}; drift: ${missing.length} id(s) ${since}${news}: ${some(missing, 5)}`,
      `${PLAYBOOK.missingModels} If the removal is intended, accept the current list: \`provops baseline accept --check model-inventory\`.`,
      { details, metrics },
    );
  }
  if (thresholds.warnBelowModels !== null && unique < thresholds.warnBelowModels) {
    return result.warn(
      `${counted} for this API key (warn < ${thresholds.warnBelowModels}, fail < ${thresholds.minModels})`,
      PLAYBOOK.missingModels,
      { details, metrics },
    );
  }
  const held =
    thresholds.warnBelowModels !== null
      ? `warn < ${thresholds.warnBelowModels}, fail < ${thresholds.minModels}`
      : `fail < ${thresholds.minModels}`;
  return result.pass(`${counted} (${held})`, { details, metrics });
}

/** The state to keep after a run that listed `current`: the baseline keeps what left it and adopts what is new. */
export function nextMemory(current: Iterable<string>, previous: Previous | undefined, now: Date): Previous {
  const ids = Array.from(current).sort();
  // State from before baselines existed: the last run's list is the best baseline there is.
  const prior = previous?.baseline ?? (previous ? { ids: previous.ids, since: now.toISOString() } : undefined);
  if (!prior) return { ids, baseline: { ids, since: now.toISOString() } };
  const union = new Set(prior.ids);
  for (const id of ids) union.add(id);
  return { ids, baseline: { ids: Array.from(union).sort(), since: prior.since } };
}

/** `provops baseline accept`: the last run's list becomes the baseline. */
export function acceptBaseline(data: unknown, now: Date): { data: Previous; message: string } | string {
  const prev = asPrevious(data);
  if (!prev) return 'no model list remembered yet: run `provops check model-inventory` first';
  const last = new Set(prev.ids);
  const dropped = prev.baseline ? prev.baseline.ids.filter((id) => !last.has(id)) : [];
  return {
    data: { ids: prev.ids, baseline: { ids: prev.ids, since: now.toISOString() } },
    message: `model-inventory: baseline is now the ${prev.ids.length} ids of the last run${dropped.length ? `; no longer expected: ${some(dropped, 100)}` : ''}`,
  };
}

function asPrevious(data: unknown): Previous | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Partial<Previous>;
  if (!Array.isArray(d.ids) || !d.ids.every((i) => typeof i === 'string')) return undefined;
  const b = d.baseline;
  const baseline =
    b && Array.isArray(b.ids) && b.ids.every((i) => typeof i === 'string') && typeof b.since === 'string'
      ? { ids: b.ids, since: b.since }
      : undefined;
  return baseline ? { ids: d.ids, baseline } : { ids: d.ids };
}

function failure(outcome: Extract<ModelsOutcome, { ok: false }>, apiKeyGiven: boolean): Result {
  if (outcome.error) return fromError(outcome.error, 'GET /v1/models');
  const res = outcome.response;
  if (res.status === 403 && /unsafe_example_api_key/.test(res.body.toString('utf8'))) {
    return result.fail(
      'GET /v1/models → 403 unsafe_example_api_key: the gateway refuses /v1 while api-keys holds template values',
      'Replace the example entries (your-api-key-1, ...) in api-keys with real keys and reload the gateway.',
    );
  }
  // provops's own credential: its fault to fix, not the gateway's upstream-credential playbook.
  if (res.status === 401 || res.status === 403) {
    const said = errorText(res.body) ?? describeBody(res);
    if (!apiKeyGiven)
      return result.error(
        `GET /v1/models → ${res.status} "${said}": the gateway requires a client key, and none was given`,
        { hint: `Set ${API_KEY_SOURCES} to one of the gateway's api-keys.` },
      );
    return result.error(`GET /v1/models → ${res.status} "${said}": the gateway rejected provops's API key`, {
      hint: `Check ${API_KEY_SOURCES} against api-keys in the gateway's config.yaml.`,
    });
  }
  return fromStatus(res);
}

export default defineCheck({
  id: 'model-inventory',
  title: 'Model inventory',
  description:
    'The API key sees at least the expected number of models, and none of the accepted baseline has disappeared.',
  runbook: 'Daily Checks 2',
  options,
  metricThresholds: { uniqueIds: { warn: 'warnBelowModels', fail: 'minModels', below: true } },
  baseline: { accept: acceptBaseline },
  explain: {
    statuses: {
      pass: 'GET /v1/models answered with at least minModels unique ids (and warnBelowModels, when set), none of the baseline missing',
      warn: 'fewer unique ids than warnBelowModels, or ids of the baseline are missing (drift: the "Missing Models" incident); it warns on every run until the ids return or the operator runs `provops baseline accept`',
      fail: 'fewer unique ids than minModels, the gateway failed (5xx), refuses template api-keys, or could not be reached',
      error:
        "provops's own API key was rejected or is missing (401/403), or the answer could not be read (not JSON, truncated, wrong shape) or timed out",
    },
    runbookSteps: [
      'curl -sS http://localhost:8317/v1/models -H "Authorization: Bearer <api-key>" | jq \'.data | length\'',
    ],
    gatewayNotes: [
      'The gateway lists an id once per provider that serves it (Codex and Copilot both list gpt-5.3-codex), in no stable order, so `.data | length` overcounts: provops reports entries and unique ids, and holds the thresholds to unique ids.',
      'The list is fetched once per run and shared with spark-eligibility and antigravity-aliases; when it cannot be had they skip instead of repeating the fault.',
      'A model whose only credential was suspended after a 401/402/403/404 drops out of the list for the suspension window (30 min, 12 h for 404); a 429 cooldown keeps it listed.',
    ],
  },
  prefetch(ctx) {
    void ctx.shared.models();
  },
  async run(ctx) {
    const outcome = await ctx.shared.models();
    const prev = asPrevious(ctx.previous?.data);
    const result = evaluate(outcome, ctx.options, prev, { apiKeyGiven: ctx.gateway.hasApiKey });
    // Every id as a string, sorted: a million of them is most of a large list's memory, so only for state.
    if (outcome.ok && ctx.remembers) ctx.remember(nextMemory(outcome.value.owners.keys(), prev, ctx.now));
    return result;
  },
});
