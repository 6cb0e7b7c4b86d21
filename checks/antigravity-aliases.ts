import { defineCheck, result, type Result } from '../src/check.js';
import { findModel, type ModelList, type ModelOwners } from '../src/gateway/models.js';
import { whyUnavailable } from '../src/gateway/read.js';
import { opt } from '../src/options.js';
import { PLAYBOOK } from './support/playbooks.js';
import { some } from './support/lists.js';
import { ANTIGRAVITY, presence } from './support/provider-family.js';

export const UPSTREAM_ID = 'claude-opus-4-6-thinking';
export const ALIAS_ID = 'gemini-claude-opus-4-6-thinking';

const options = {
  expectIds: opt.strings([], `ids that must all be listed; empty: at least one of ${UPSTREAM_ID} / ${ALIAS_ID}`),
};

function seen(owners: ModelOwners, id: string): string | undefined {
  const found = findModel(owners, id);
  return found.length ? some(found.map((m) => `${m.id} (${some(m.owners)})`)) : undefined;
}

export function evaluate(list: ModelList, t: { expectIds: string[] }): Result {
  const { owners } = list;
  if (t.expectIds.length) {
    const missing = t.expectIds.filter((id) => !seen(owners, id));
    const details = t.expectIds.map((id) => `${id}: ${seen(owners, id) ?? 'not listed'}`);
    const metrics = { expected: t.expectIds.length, missing: missing.length };
    if (missing.length)
      return result.fail(
        `${missing.length} of ${t.expectIds.length} expected ids not listed: ${missing.join(', ')} (expectIds)`,
        PLAYBOOK.unknownProvider,
        { details, metrics },
      );
    return result.pass(`all ${t.expectIds.length} expected ids listed (expectIds): ${t.expectIds.join(', ')}`, {
      details,
      metrics,
    });
  }

  const upstream = seen(owners, UPSTREAM_ID);
  const alias = seen(owners, ALIAS_ID);
  const details = [`${UPSTREAM_ID}: ${upstream ?? 'not listed'}`, `${ALIAS_ID}: ${alias ?? 'not listed'}`];
  const metrics = { upstreamListed: Boolean(upstream), aliasListed: Boolean(alias) };
  if (upstream && alias)
    return result.pass(`both listed: ${upstream} and the alias bridge ${alias} (oauth-model-alias with fork: true)`, {
      details,
      metrics,
    });
  if (alias)
    return result.pass(
      `alias bridge ${alias} listed; the upstream id is replaced by it (oauth-model-alias without fork), so clients must request the alias`,
      { details, metrics },
    );
  if (upstream)
    return result.pass(
      `${upstream} listed; no ${ALIAS_ID} alias, so clients that still request the alias get "unknown provider"`,
      { details, metrics },
    );
  return result.fail(
    `neither ${UPSTREAM_ID} nor ${ALIAS_ID} is listed for this key: requests for them fail with "unknown provider for model"`,
    PLAYBOOK.unknownProvider,
    { details, metrics },
  );
}

export default defineCheck({
  id: 'antigravity-aliases',
  title: 'Antigravity alias continuity',
  description:
    'The Antigravity Claude thinking model stays reachable under its upstream id or its alias after config edits and reloads.',
  runbook: 'Daily Checks 6',
  dependsOn: ['model-inventory'],
  options,
  explain: {
    statuses: {
      pass: `${UPSTREAM_ID} or the ${ALIAS_ID} alias is listed (or every id in expectIds)`,
      fail: 'neither is listed (or an expectIds id is missing): requests for it get 502/400 "unknown provider for model"',
      skip: 'the model list could not be had (model-inventory reports why), or the gateway has no Antigravity provider for this key (no antigravity-owned model listed and no antigravity credential); set expectIds to make that a fail',
      error: 'model-inventory was not part of the run and the list could not be fetched',
    },
    runbookSteps: [
      "curl -sS http://localhost:8317/v1/models -H \"Authorization: Bearer <api-key>\" | jq -r '.data[].id' | rg 'gemini-claude-opus-4-6-thinking|claude-opus-4-6-thinking'",
      '502 unknown provider: re-add missing alias bridge entries (for example Antigravity Claude thinking aliases), reload config and re-run model inventory.',
    ],
    gatewayNotes: [
      `The real upstream id is ${UPSTREAM_ID}; ${ALIAS_ID} exists only through oauth-model-alias (the startup migration that wrote it into config.yaml is disabled in current builds).`,
      'An alias without fork: true replaces the upstream id in the listing; with fork: true both are listed. The summary says which situation the gateway is in.',
      "The runbook's rg pattern matches the alias when looking for the upstream id (it is a substring), so it cannot tell which one is listed; provops checks each id exactly.",
      'Since CLIProxyAPI v7.2.121 an unknown model is a 400 model_not_found instead of the 502 the runbook names.',
      'Most gateways in the field have no Antigravity provider at all. When the key sees no antigravity-owned model and the credentials (auth-files, /v8/management/credentials on v8) hold no antigravity one, the check skips instead of failing; with expectIds set it still fails when they are missing.',
    ],
  },
  prefetch(ctx) {
    void ctx.shared.models();
  },
  async run(ctx) {
    const outcome = await ctx.shared.models();
    if (!outcome.ok) return result.error(`could not list models: ${whyUnavailable(outcome)}`);
    // expectIds states what must be there, provider or not: its absence is then a fail
    if (ctx.options.expectIds.length) return evaluate(outcome.value, ctx.options);
    const found = await presence(ctx, ANTIGRAVITY, outcome.value);
    if (!found.present) return result.skip(found.reason);
    const judged = evaluate(outcome.value, ctx.options);
    return found.details.length ? { ...judged, details: [...(judged.details ?? []), ...found.details] } : judged;
  },
});
