// Remote management allowed, but no secret: the management API is not there at all.
import { defineRule } from '../rule.js';

interface Data {
  section: string;
}

export default defineRule<Data>({
  id: 'management-without-secret',
  severity: 'warn',
  title: 'Remote management allowed without a secret',
  description:
    "With allow-remote: true and an empty secret-key (and no MANAGEMENT_PASSWORD in the environment) the gateway never registers the management routes: every /v0/management call answers 404, and provops' management-backed checks cannot run.",
  runbook: 'Quota Visibility',
  message: (d) =>
    `${d.section}.allow-remote is true but secret-key is empty: the gateway serves no management API (404), unless MANAGEMENT_PASSWORD is set in its environment`,
  fix: (d) => `Set ${d.section}.secret-key (hashed by the gateway on first load), or allow-remote: false.`,
  check(ctx) {
    const m = ctx.view.management;
    if (m.allowRemote?.value !== true || m.secretKey?.value.trim()) return [];
    return [{ where: m.allowRemote.where, data: { section: String(m.allowRemote.where.path[0]) } }];
  },
});
