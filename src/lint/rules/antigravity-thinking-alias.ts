// The runbook's alias bridge for the Antigravity Claude thinking model.
import { defineRule, type Report } from '../rule.js';
import type { Where } from '../tree.js';

interface Data {
  state: 'missing' | 'no-fork';
}

const UPSTREAM = 'claude-opus-4-6-thinking';
const BRIDGE = 'gemini-claude-opus-4-6-thinking';

export default defineRule<Data>({
  id: 'antigravity-thinking-alias',
  severity: 'warn',
  title: 'Antigravity Claude thinking alias bridge',
  description: `Antigravity registers ${UPSTREAM} under its upstream name; clients still on the legacy ${BRIDGE} get "unknown provider" unless oauth-model-alias.antigravity maps it. Without fork: true the alias replaces the upstream id.`,
  runbook: '502 unknown provider for model ...',
  message: (d) =>
    d.state === 'missing'
      ? `oauth-model-alias.antigravity has no ${UPSTREAM} → ${BRIDGE} bridge: requests for ${BRIDGE} get "unknown provider"`
      : `the ${BRIDGE} bridge has no fork: true, so ${UPSTREAM} itself is no longer listed or routable through Antigravity`,
  fix: (d) =>
    d.state === 'missing'
      ? `Add {name: ${UPSTREAM}, alias: ${BRIDGE}, fork: true} under oauth-model-alias.antigravity.`
      : 'Add fork: true to the entry so both ids are listed.',
  check(ctx) {
    const channels = ctx.view.aliases.channels;
    const ag = channels.find((c) => c.channel === 'antigravity');
    const expected = ctx.expect.ids.some((id) => id === UPSTREAM || id === BRIDGE);
    // Only where Antigravity is in play: its alias/excluded channel is configured, or provops.yaml expects these ids.
    const inPlay = ag || ctx.view.oauthExcluded.some((e) => e.channel === 'antigravity') || expected;
    if (!inPlay) return [];
    const bridge = ag?.entries.find((a) => a.name === UPSTREAM && a.alias === BRIDGE);
    const where: Where = ag?.where ?? ctx.view.aliases.where ?? { path: [], pos: { line: 1, column: 1 } };
    const out: Array<Report<Data>> = [];
    if (!bridge) out.push({ where, data: { state: 'missing' } });
    else if (!bridge.fork) out.push({ where: bridge.where, data: { state: 'no-fork' }, severity: 'info' });
    return out;
  },
});
