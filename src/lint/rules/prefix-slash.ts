// A prefix with an inner `/` is discarded by the sanitizer.
import { effectivePrefix } from '../ids.js';
import { defineRule } from '../rule.js';

interface Data {
  label: string;
  prefix: string;
}

export default defineRule<Data>({
  id: 'prefix-slash',
  severity: 'error',
  title: 'Prefixes with an inner /',
  description:
    'The gateway trims a prefix and strips its outer slashes; a prefix that still contains `/` is discarded, so the entry serves unprefixed ids and `prefix/model` calls meant for it find no provider.',
  runbook: 'Wrong Provider Selected',
  message: (d) =>
    `${d.label} has prefix "${d.prefix}" with an inner "/": the gateway discards it, and the entry serves unprefixed ids`,
  fix: () => 'Use a single segment (e.g. "team-a", not "team/a").',
  check: (ctx) =>
    ctx.view.sources.flatMap((s) =>
      s.prefix && effectivePrefix(s.prefix.value).discarded
        ? [{ where: s.prefix.where, data: { label: s.label, prefix: s.prefix.value } }]
        : [],
    ),
});
