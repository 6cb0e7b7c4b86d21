// Every secret-looking value in a config (api keys, the management secret, tokens), so the CLI's
// redactor can hold them too: findings never print values, and this makes sure nothing else does.
import type { YNode } from './tree.js';

const SECRET_KEY = /(api-key|secret|token|password|credential|access-key)$/i;

export function secretValues(root: YNode, minLength: number): string[] {
  const out = new Set<string>();
  const seen = new Set<YNode>();
  const visit = (node: YNode, secretHere: boolean) => {
    if (seen.has(node)) return; // an aliased node is visited once
    seen.add(node);
    if (node.kind === 'scalar') {
      if (secretHere && typeof node.value === 'string' && node.value.length >= minLength) out.add(node.value);
    } else if (node.kind === 'seq') for (const i of node.items) visit(i, secretHere);
    else
      for (const e of node.entries) visit(e.value, SECRET_KEY.test(e.key) || e.key === 'api-keys' || e.key === 'keys');
  };
  visit(root, false);
  return [...out];
}
