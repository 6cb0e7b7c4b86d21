// An unknown routing.strategy falls back to round-robin.
import { defineRule } from '../rule.js';

interface Data {
  strategy: string;
  known: string;
}

const KNOWN = {
  any: ['round-robin', 'fill-first', 'weighted-round-robin', 'sticky-round-robin'],
  upstream: ['round-robin', 'fill-first', 'weighted-round-robin'],
  plus: ['round-robin', 'fill-first', 'sticky-round-robin'],
} as const;

export default defineRule<Data>({
  id: 'routing-strategy',
  severity: 'error',
  title: 'Unknown routing.strategy',
  description:
    'The gateway reads routing.strategy as round-robin or fill-first (upstream adds weighted-round-robin, newer cliproxyapi++ sticky-round-robin); any other value silently means round-robin.',
  runbook: 'Rotation and Quota Strategy',
  message: (d) => `routing.strategy "${d.strategy}" is not one the gateway knows: it routes round-robin instead`,
  fix: (d) => `Use one of: ${d.known}.`,
  check(ctx) {
    const s = ctx.view.routingStrategy;
    const known: readonly string[] = KNOWN[ctx.layout.dialect];
    if (!s || known.includes(s.value.trim().toLowerCase())) return [];
    return [{ where: s.where, data: { strategy: s.value, known: known.join(', ') } }];
  },
});
