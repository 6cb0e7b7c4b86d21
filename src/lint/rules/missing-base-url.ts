// Entries the loader drops because they have no base-url.
import { defineRule } from '../rule.js';
import type { Source } from '../view.js';

interface Data {
  label: string;
}

/** codex-api-key and openai-compatibility entries without base-url are dropped by the sanitizers. */
const needsBaseUrl = (s: Source) => s.kind === 'compat' || (s.kind === 'key' && s.provider === 'codex');

export default defineRule<Data>({
  id: 'missing-base-url',
  severity: 'error',
  title: 'Provider entries without a base-url',
  description:
    'The gateway drops a codex-api-key entry or an openai-compatibility block that has no base-url while loading; its credentials and models never exist and nothing says so.',
  runbook: 'Onboard a New Provider',
  message: (d) => `${d.label} has no base-url: the gateway drops this entry while loading, with its keys and models`,
  fix: () => "Add the upstream base-url (e.g. https://api.openai.com/v1 or the aggregator's /v1 URL).",
  check: (ctx) =>
    ctx.view.sources
      .filter((s) => needsBaseUrl(s) && !s.baseUrl?.value.trim())
      .map((s) => ({ where: s.where, data: { label: s.label } })),
});
