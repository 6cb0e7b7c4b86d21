// oauth-model-alias entries whose alias is the upstream name: dropped.
import { defineRule } from '../rule.js';

interface Data {
  channel: string;
  name: string;
}

export default defineRule<Data>({
  id: 'alias-equals-name',
  severity: 'warn',
  title: 'oauth-model-alias entries whose alias equals the name',
  description:
    'The sanitizer drops an alias entry whose alias equals its name (case-insensitively): it renames nothing. Usually the alias was meant to be a different, client-stable id.',
  runbook: '502 unknown provider for model ...',
  message: (d) => `oauth-model-alias.${d.channel}: alias "${d.name}" equals its name, so the gateway drops this entry`,
  fix: () => 'Set alias to the id clients should call (e.g. the legacy gemini-claude-… name), or remove the entry.',
  check: (ctx) =>
    ctx.view.aliases.channels.flatMap((ch) =>
      ch.entries
        .filter((a) => a.alias.toLowerCase() === a.name.toLowerCase())
        .map((a) => ({ where: a.where, data: { channel: ch.channel, name: a.name } })),
    ),
});
