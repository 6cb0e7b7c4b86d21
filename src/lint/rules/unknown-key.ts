// Keys the gateway does not read: it unmarshals config.yaml laxly, so a typo is silently ignored.
import { suggest } from '../../format.js';
import { defineRule, type LintContext, type Report } from '../rule.js';
import { FLAT, FORK_ONLY_KEYS, V8, V8_GROUP_SHAPE, type Shape } from '../schema.js';
import type { Path, YNode } from '../tree.js';

interface Data {
  key: string;
  suggestion: string;
  forkOnly: boolean;
}

const MAX_SUGGESTIONS = 200;

/** Keys reported by legacy-key instead. */
const LEGACY = new Set(['oauth-model-mappings', 'generative-language-api-key']);

function walk(node: YNode, shape: Shape, path: Path, out: Array<Report<Data>>, ctx: LintContext): void {
  if ('open' in shape) return;
  if ('list' in shape) {
    if (node.kind === 'seq') node.items.forEach((item, i) => walk(item, shape.list, [...path, i], out, ctx));
    return;
  }
  if (node.kind !== 'map') return;
  if ('mapOf' in shape) {
    for (const e of node.entries) walk(e.value, shape.mapOf, [...path, e.key], out, ctx);
    return;
  }
  const known = Object.keys(shape.keys);
  for (const e of node.entries) {
    const at = [...path, e.key];
    const nested = shape.keys[e.key];
    const legacy =
      (path.length === 0 && LEGACY.has(e.key)) || (path[0] === 'openai-compatibility' && e.key === 'api-keys');
    if (legacy) continue;
    const forkOnly = path.length === 0 && ctx.layout.dialect === 'upstream' && FORK_ONLY_KEYS.includes(e.key);
    if (!nested || forkOnly) {
      const candidates = known.filter((k) => !LEGACY.has(k));
      // Edit distances cost key length × candidates: a pathological key, or a file of thousands of
      // unknown keys, gets no suggestion rather than a run that grows with the square of its input.
      const suggestion =
        !forkOnly && e.key.length <= 64 && out.length < MAX_SUGGESTIONS ? suggest(e.key, candidates) : '';
      out.push({ where: { path: at, pos: e.keyPos }, data: { key: e.key, suggestion, forkOnly } });
      continue;
    }
    if (path.length === 0 && e.key === 'api-keys' && ctx.layout.name === 'v8' && e.value.kind === 'map') {
      for (const g of e.value.entries) walk(g.value, { list: V8_GROUP_SHAPE }, [...at, g.key], out, ctx);
      continue;
    }
    walk(e.value, nested, at, out, ctx);
  }
}

export default defineRule<Data>({
  id: 'unknown-key',
  severity: 'warn',
  title: 'Keys the gateway does not know',
  description:
    'The gateway parses config.yaml laxly (no known-fields check): a key it does not know, a typo included, is silently ignored, so the setting the operator meant never takes effect.',
  runbook: 'Onboard a New Provider',
  message: (d) =>
    d.forkOnly
      ? `\`${d.key}\` is read by cliproxyapi++ only: this gateway version ignores it`
      : `the gateway does not know \`${d.key}\` and ignores it${d.suggestion}`,
  fix: (d) =>
    d.forkOnly
      ? 'Remove it, or run the cliproxyapi++ build that reads it (--gateway-version says which one you lint for).'
      : `Rename it to the key the gateway reads${d.suggestion ? d.suggestion.replace(/^ \(did you mean (.*)\?\)$/, ' ($1)') : ''}, or remove it.`,
  check(ctx) {
    const out: Array<Report<Data>> = [];
    walk(ctx.root, ctx.layout.name === 'v8' ? V8 : FLAT, [], out, ctx);
    return out;
  },
});
