// No prefix anywhere: no way to pin sensitive traffic to a provider.
import { loadedSources } from '../ids.js';
import { defineRule } from '../rule.js';

type Data = Record<string, never>;

export default defineRule<Data>({
  id: 'no-prefixes',
  severity: 'info',
  title: 'No prefixes at all',
  description:
    "The runbook's production pattern separates workload classes with prefixes (`team/model` selects only that entry's credentials). Without any prefix, every call for an id may go to any provider that serves it.",
  runbook: 'Recommended Production Pattern',
  message: () => 'no provider entry has a prefix: clients cannot pin a call to a provider with prefix/model',
  fix: () => 'Add prefix: <class> to the entries that serve latency-critical or sensitive traffic.',
  check(ctx) {
    const sources = loadedSources(ctx.view);
    if (sources.length < 2 || sources.some((s) => s.prefix?.value.trim())) return [];
    const first = sources.reduce((a, b) => (b.where.pos.line < a.where.pos.line ? b : a));
    return [{ where: first.where, data: {} }];
  },
});
