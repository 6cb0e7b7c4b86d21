import { defineCheck, type Result } from '../src/check.js';
import { opt } from '../src/options.js';
import { errorText } from '../src/gateway/client.js';
import { ownersById, type ModelsOutcome } from '../src/gateway/models.js';
import { PLAYBOOK } from './support/playbooks.js';
import { some } from './support/lists.js';
import { describeBody } from '../src/gateway/response.js';
import { fromError, fromStatus } from './support/verdicts.js';

export const MODELS_UNAVAILABLE = 'model list unavailable (see model-inventory)';

const options = {
  minModels: opt.integer(1, 'fewer unique model ids than this is a fail'),
  warnBelowModels: opt.optionalNumber('fewer unique model ids than this is a warn (unset: no warn level)'),
};

export interface Previous {
  ids: string[];
}

export function evaluate(
  outcome: ModelsOutcome,
  thresholds: { minModels: number; warnBelowModels: number | null },
  previous?: Previous,
): Result {
  if (!outcome.ok) return { ...failure(outcome), blocks: MODELS_UNAVAILABLE };

  const owners = ownersById(outcome.value);
  const unique = owners.size;
  const entries = outcome.value.length;
  const byOwner = new Map<string, number>();
  for (const e of outcome.value) byOwner.set(e.ownedBy, (byOwner.get(e.ownedBy) ?? 0) + 1);
  const details = [
    `owners: ${
      some(
        [...byOwner].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${n}`),
        20,
      ) || 'none'
    }`,
  ];
  const metrics = { entries, uniqueIds: unique, latencyMs: outcome.response.durationMs };
  const counted = `${entries} entries, ${unique} unique ids`;

  if (unique < thresholds.minModels) {
    return {
      status: 'fail',
      summary: `${counted} for this API key (fail < ${thresholds.minModels})`,
      details,
      metrics,
      hint: PLAYBOOK.missingModels,
    };
  }
  const missing = previous ? previous.ids.filter((id) => !owners.has(id)) : [];
  if (missing.length) {
    details.push(`gone since the last run: ${some(missing, 100)}`);
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
    return {
      status: 'warn',
      summary: `${counted}; drift: ${missing.length} id(s) gone since the last run: ${shown}`,
      details,
      metrics: { ...metrics, missingSinceLastRun: missing.length },
      hint: PLAYBOOK.missingModels,
    };
  }
  if (thresholds.warnBelowModels !== null && unique < thresholds.warnBelowModels) {
    return {
      status: 'warn',
      summary: `${counted} for this API key (warn < ${thresholds.warnBelowModels}, fail < ${thresholds.minModels})`,
      details,
      metrics,
      hint: PLAYBOOK.missingModels,
    };
  }
  const held =
    thresholds.warnBelowModels !== null
      ? `warn < ${thresholds.warnBelowModels}, fail < ${thresholds.minModels}`
      : `fail < ${thresholds.minModels}`;
  return { status: 'pass', summary: `${counted} (${held})`, details, metrics };
}

function failure(outcome: Extract<ModelsOutcome, { ok: false }>): Result {
  if (outcome.error) return fromError(outcome.error, 'GET /v1/models');
  const res = outcome.response;
  if (res.status === 401) {
    const said = errorText(res.body) ?? describeBody(res);
    const which = /missing/i.test(said)
      ? 'no API key was sent: set PROVOPS_API_KEY'
      : 'the gateway does not know this API key: check PROVOPS_API_KEY against api-keys in its config.yaml';
    return { status: 'fail', summary: `GET /v1/models → 401 "${said}" (${which})`, hint: PLAYBOOK.auth };
  }
  if (res.status === 403 && /unsafe_example_api_key/.test(res.body.toString('utf8'))) {
    return {
      status: 'fail',
      summary:
        'GET /v1/models → 403 unsafe_example_api_key: the gateway refuses /v1 while api-keys holds template values',
      hint: 'Replace the example entries (your-api-key-1, ...) in api-keys with real keys and reload the gateway.',
    };
  }
  return fromStatus(res);
}

export default defineCheck({
  id: 'model-inventory',
  title: 'Model inventory',
  description: 'The API key sees at least the expected number of models, and none has disappeared since the last run.',
  runbook: 'Daily Checks 2',
  options,
  metricThresholds: { uniqueIds: { warn: 'warnBelowModels', fail: 'minModels', below: true } },
  explain: {
    statuses: {
      pass: 'GET /v1/models answered with at least minModels unique ids (and warnBelowModels, when set), none missing since the last run',
      warn: 'fewer unique ids than warnBelowModels, or ids that the previous run saw are gone (drift: the "Missing Models" incident)',
      fail: 'fewer unique ids than minModels, the key was rejected (401), the gateway failed (5xx) or could not be reached',
      error: 'the answer could not be read (not JSON, truncated, wrong shape) or timed out',
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
  async run(ctx) {
    const outcome = await ctx.shared.models();
    const prev = ctx.previous?.data as Previous | undefined;
    const result = evaluate(outcome, ctx.options, prev && Array.isArray(prev.ids) ? prev : undefined);
    if (outcome.ok) ctx.remember({ ids: [...ownersById(outcome.value).keys()].sort() } satisfies Previous);
    return result;
  },
});
