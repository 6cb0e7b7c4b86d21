// openai-compatibility blocks that register no model.
import { defineRule } from '../rule.js';

interface Data {
  label: string;
}

export default defineRule<Data>({
  id: 'compat-without-models',
  severity: 'warn',
  title: 'openai-compatibility blocks without models',
  description:
    'A compat block registers exactly the models it lists (under their alias, or name); a block without models loads but registers nothing, so no client id reaches it.',
  runbook: 'Onboard a New Provider',
  message: (d) => `${d.label} lists no models: it loads, but registers no model id, so no request reaches it`,
  fix: () => 'Add models: [{name: <upstream id>, alias: <client-stable id>}] (runbook: add models aliases).',
  check: (ctx) =>
    ctx.view.sources
      .filter((s) => s.kind === 'compat' && s.baseUrl && s.models.length === 0)
      .map((s) => ({ where: s.modelsWhere ?? s.where, data: { label: s.label } })),
});
