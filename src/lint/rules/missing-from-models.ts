// --from-gateway: ids the config implies that /v1/models does not list for the API key.
import { visibleIds, type VisibleId } from '../ids.js';
import { defineRule, type Report } from '../rule.js';

interface Data {
  id: string;
  label: string;
  unavailable: string;
}

export default defineRule<Data>({
  id: 'missing-from-models',
  severity: 'error',
  title: 'Configured ids missing from /v1/models',
  description:
    'With --from-gateway: every client-visible id the config implies (model aliases, alias channels, prefixes) must appear in GET /v1/models for the API key, or requests for it fail with "unknown provider". Ids from alias channels also need a credential of that channel in auth-dir, so their absence is a warning.',
  runbook: 'Missing Models in /v1/models',
  gateway: true,
  message: (d) =>
    d.unavailable
      ? `could not compare with /v1/models: ${d.unavailable}`
      : `"${d.id}" (from ${d.label}) is not in /v1/models for this API key: requests for it get "unknown provider"`,
  fix: (d) =>
    d.unavailable
      ? 'Give provops the client API key (PROVOPS_API_KEY) and re-run with --from-gateway.'
      : 'Confirm the provider block loaded (dropped-by-gateway), its credentials are valid, and no excluded-models pattern hides it.',
  check(ctx) {
    const g = ctx.gateway;
    if (!g) return [];
    if (!(g.listed instanceof Set))
      return [
        {
          where: { path: [], pos: { line: 1, column: 1 } },
          data: { id: '', label: '', unavailable: g.listed.unavailable },
          severity: 'info',
        },
      ];
    const listed = g.listed;
    const first = new Map<string, VisibleId>();
    for (const v of visibleIds(ctx.view)) if (!listed.has(v.id) && !first.has(v.id)) first.set(v.id, v);
    return [...first.values()].map((v): Report<Data> => ({
      where: v.where,
      data: { id: v.id, label: v.label, unavailable: '' },
      ...(v.oauth ? { severity: 'warn' as const } : {}),
    }));
  },
});
