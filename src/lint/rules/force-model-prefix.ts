// What force-model-prefix does to the ids clients can call.
import { effectivePrefix, loadedSources, visibleIds } from '../ids.js';
import { defineRule, type Report } from '../rule.js';

interface Data {
  prefixed: string;
  lost: string;
  none: boolean;
}

export default defineRule<Data>({
  id: 'force-model-prefix',
  severity: 'warn',
  title: 'force-model-prefix consequences',
  description:
    'With force-model-prefix: true the gateway registers only prefix/model for prefixed entries (not the bare id), so clients that call the bare id get "unknown provider"; with no prefix anywhere it changes nothing.',
  runbook: 'Wrong Provider Selected',
  message: (d) =>
    d.none
      ? 'force-model-prefix is true but no entry has a prefix: it changes nothing'
      : d.lost
        ? `force-model-prefix is true: expected ids ${d.lost} are only served behind a prefix (${d.prefixed}), so bare calls get "unknown provider"`
        : `force-model-prefix is true: prefixed entries (${d.prefixed}) answer only prefix/model calls`,
  fix: (d) =>
    d.lost
      ? 'Have clients call prefix/model, serve the id from an unprefixed entry too, or set force-model-prefix: false.'
      : 'Nothing to fix if clients call prefix/model; otherwise set force-model-prefix: false.',
  check(ctx) {
    const force = ctx.view.forceModelPrefix;
    if (force?.value !== true) return [];
    const prefixes = [
      ...new Set(loadedSources(ctx.view).flatMap((s) => effectivePrefix(s.prefix?.value).prefix ?? [])),
    ];
    if (!prefixes.length)
      return [{ where: force.where, data: { prefixed: '', lost: '', none: true }, severity: 'info' }];
    const ids = new Set(visibleIds(ctx.view).map((v) => v.id));
    const lost = ctx.expect.ids.filter((id) => !ids.has(id) && prefixes.some((p) => ids.has(`${p}/${id}`)));
    const out: Report<Data> = {
      where: force.where,
      data: { prefixed: prefixes.map((p) => `${p}/…`).join(', '), lost: lost.join(', '), none: false },
    };
    return [lost.length ? out : { ...out, severity: 'info' }];
  },
});
