// Keys older gateways read and current ones silently ignore (their migrations were removed).
import { defineRule, type Report } from '../rule.js';
import { child, items } from '../tree.js';

interface Data {
  key: string;
  now: string;
}

const TOP: Record<string, string> = {
  'oauth-model-mappings': 'oauth-model-alias (renamed in v6.7.0; the migration is gone since v6.8.38)',
  'generative-language-api-key': 'gemini-api-key',
};

export default defineRule<Data>({
  id: 'legacy-key',
  severity: 'error',
  title: 'Legacy keys the gateway now ignores',
  description:
    'oauth-model-mappings, generative-language-api-key and openai-compatibility[].api-keys were migrated by older gateways; the migrations are gone, so current gateways skip these keys without a word and the aliases or credentials in them do not exist.',
  runbook: '502 unknown provider for model ...',
  message: (d) => `\`${d.key}\` is a legacy key the gateway silently ignores: nothing under it is loaded`,
  fix: (d) => `Move its content to ${d.now}.`,
  check(ctx) {
    const out: Array<Report<Data>> = [];
    for (const e of ctx.root.entries) {
      const now = TOP[e.key];
      if (now) out.push({ where: { path: [e.key], pos: e.keyPos }, data: { key: e.key, now } });
    }
    items(child(ctx.root, 'openai-compatibility')).forEach((block, i) => {
      if (block.kind !== 'map') return;
      const e = block.entries.find((x) => x.key === 'api-keys');
      if (e)
        out.push({
          where: { path: ['openai-compatibility', i, 'api-keys'], pos: e.keyPos },
          data: { key: 'openai-compatibility[].api-keys', now: 'api-key-entries: [{api-key: …}] in the same block' },
        });
    });
    return out;
  },
});
