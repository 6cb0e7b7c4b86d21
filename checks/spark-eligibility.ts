import { defineCheck, result, type Result } from '../src/check.js';
import { findModel, type ModelList } from '../src/gateway/models.js';
import { whyUnavailable } from '../src/gateway/read.js';
import { opt, type OptionValues } from '../src/options.js';
import { PLAYBOOK } from './support/playbooks.js';
import { some } from './support/lists.js';
import { CODEX, presence } from './support/provider-family.js';

const options = {
  codexModel: opt.string(
    'gpt-5.3-codex',
    'the Codex model every Codex/Copilot account should see (the Spark fallback)',
  ),
  sparkModel: opt.string('gpt-5.3-codex-spark', 'the Spark model only Codex Plus/Pro accounts see'),
};

type Thresholds = OptionValues<typeof options>;

function seen(matches: Array<{ id: string; owners: readonly string[] }>): string {
  return some(matches.map((m) => `${m.id} (${some(m.owners)})`));
}

export function evaluate(list: ModelList, t: Thresholds): Result {
  const { owners } = list;
  const codex = findModel(owners, t.codexModel);
  const spark = findModel(owners, t.sparkModel);
  const metrics = { codexVisible: codex.length > 0, sparkVisible: spark.length > 0 };
  const details = [
    `${t.codexModel}: ${seen(codex) || 'not listed'}`,
    `${t.sparkModel}: ${seen(spark) || 'not listed'}`,
  ];

  if (codex.length && spark.length) {
    return result.pass(`both visible to this key: ${seen(codex)}; ${seen(spark)}`, { details, metrics });
  }
  if (codex.length) {
    return result.warn(
      `${seen(codex)} visible but ${t.sparkModel} is not: this key's Codex account is not Plus/Pro`,
      PLAYBOOK.sparkMismatch,
      { details, metrics },
    );
  }
  if (spark.length) {
    return result.warn(
      `${seen(spark)} visible but its fallback ${t.codexModel} is not (newer CLIProxyAPI catalogs dropped it), so the Spark playbook's fallback has no target`,
      `Give Spark traffic a fallback this key can see: an oauth-model-alias or openai-compatibility alias named ${t.codexModel}, or update the fallback alias to a listed Codex model.`,
      { details, metrics },
    );
  }
  const related = [...owners.keys()].filter((id) => /codex|gpt/i.test(id)).sort();
  const sees = related.length
    ? `its GPT/Codex ids are ${related.slice(0, 8).join(', ')}${related.length > 8 ? ` and ${related.length - 8} more` : ''}`
    : `it sees ${owners.size} ids, none of them GPT/Codex`;
  return result.warn(
    `neither ${t.codexModel} nor ${t.sparkModel} is visible to this key; ${sees}`,
    `${PLAYBOOK.sparkMismatch} If this key should reach Codex at all, check that a Codex or Copilot credential is loaded for it (auth-files) and not excluded (excluded-models, prefixes).`,
    { details, metrics },
  );
}

export default defineCheck({
  id: 'spark-eligibility',
  title: 'Spark eligibility',
  description:
    'The API key sees gpt-5.3-codex and gpt-5.3-codex-spark; a key without Spark gets model_not_found for it.',
  runbook: 'Daily Checks 5',
  dependsOn: ['model-inventory'],
  options,
  explain: {
    statuses: {
      pass: 'both models are listed for this key (the owners that serve each are named)',
      warn: 'Spark is missing (the account is not Plus/Pro), its gpt-5.3-codex fallback is missing, or neither is listed',
      skip: 'the model list could not be had (model-inventory reports why), or the gateway serves no Codex/Copilot model for this key and holds no codex/github-copilot credential',
      error: 'model-inventory was not part of the run and the list could not be fetched',
    },
    runbookSteps: [
      "curl -sS http://localhost:8317/v1/models -H \"Authorization: Bearer <api-key>\" | jq -r '.data[].id' | rg 'gpt-5.3-codex|gpt-5.3-codex-spark'",
      'Copilot Spark Mismatch: if absent, route workloads to gpt-5.3-codex and keep Spark disabled for that segment.',
    ],
    gatewayNotes: [
      "The runbook's rg pattern also matches gpt-5.3-codex-spark when looking for gpt-5.3-codex, so it cannot tell which is missing; provops checks each id exactly (a prefixed id such as team/gpt-5.3-codex counts).",
      'Codex lists gpt-5.3-codex-spark only for codex-plus and codex-pro accounts; Copilot never serves Spark (owned_by github-copilot lists gpt-5.3-codex only).',
      "Newer CLIProxyAPI catalogs dropped gpt-5.3-codex from every Codex tier while keeping Spark for plus/pro: provops warns, because the playbook's fallback would then have no target.",
      'Reads the /v1/models response model-inventory fetched; no second request.',
      'A gateway without any Codex or Copilot provider is not a Spark mismatch: when the key sees no openai/github-copilot-owned or codex model and no codex/github-copilot credential is configured, the check skips.',
    ],
  },
  prefetch(ctx) {
    void ctx.shared.models();
  },
  async run(ctx) {
    const outcome = await ctx.shared.models();
    if (!outcome.ok) return result.error(`could not list models: ${whyUnavailable(outcome)}`);
    const found = await presence(ctx, CODEX, outcome.value);
    if (!found.present) return result.skip(found.reason);
    const judged = evaluate(outcome.value, ctx.options);
    return found.details.length ? { ...judged, details: [...(judged.details ?? []), ...found.details] } : judged;
  },
});
