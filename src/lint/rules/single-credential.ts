// A provider with one credential: no rotation when it is rate-limited or revoked.
import { loadedSources } from '../ids.js';
import { defineRule } from '../rule.js';
import type { Source } from '../view.js';

interface Data {
  provider: string;
  label: string;
}

const shown = (provider: string) =>
  provider.replace(/^compat:/, 'openai-compatibility "') + (provider.startsWith('compat:') ? '"' : '');

export default defineRule<Data>({
  id: 'single-credential',
  severity: 'info',
  title: 'Providers with a single credential',
  description:
    'The runbook asks for several credentials per provider where supported: with one, a 429 cooldown or a revoked key takes the provider out until it recovers. Only keys in config.yaml are counted; OAuth credentials live in auth-dir and are not seen here.',
  runbook: 'Rotation and Quota Strategy',
  message: (d) =>
    `${d.provider} has one credential in config.yaml (${d.label}): a cooldown or a revoked key leaves it with none`,
  fix: () =>
    'Add a second key (another api-key entry, or another api-key-entries item), or accept the single point of failure.',
  check(ctx) {
    const byProvider = new Map<string, Source[]>();
    for (const s of loadedSources(ctx.view)) {
      const list = byProvider.get(s.provider);
      if (list) list.push(s);
      else byProvider.set(s.provider, [s]);
    }
    return [...byProvider].flatMap(([provider, sources]) => {
      const keys = new Set(sources.flatMap((s) => s.credentials));
      const first = sources[0] as Source;
      return keys.size === 1 ? [{ where: first.where, data: { provider: shown(provider), label: first.label } }] : [];
    });
  },
});
