// Lints YAML written in a test: the line a finding should point at is marked `# <-` in the text.
import { lintLoaded, type Finding } from '../../src/lint/findings.js';
import { parseGatewayVersion } from '../../src/lint/layout.js';
import { parseConfigText } from '../../src/lint/load.js';
import type { Expectations, GatewayFacts } from '../../src/lint/rule.js';
import { fromJson, type YMap } from '../../src/lint/tree.js';
import { buildView } from '../../src/lint/view.js';

export interface LintCase {
  expect?: Partial<Expectations>;
  gatewayVersion?: string;
  gateway?: { effective: unknown; listed: string[] | { unavailable: string } };
}

export function gatewayFacts(g: NonNullable<LintCase['gateway']>): GatewayFacts {
  const root = fromJson(g.effective) as YMap;
  const v8 = root.entries.some((e) => e.key === 'config-version');
  return {
    effective: buildView(root, v8 ? 'v8' : 'flat'),
    listed: Array.isArray(g.listed) ? new Set(g.listed) : g.listed,
  };
}

export function lint(yaml: string, opts: LintCase = {}): Finding[] {
  const loaded = parseConfigText(yaml, 'config.yaml');
  return lintLoaded(loaded, {
    pinned: opts.gatewayVersion ? parseGatewayVersion(opts.gatewayVersion) : undefined,
    expect: { ids: [], workloads: {}, ...opts.expect },
    gateway: opts.gateway && gatewayFacts(opts.gateway),
  }).findings;
}

/** 1-based lines marked `# <-` (in order). */
export function markedLines(yaml: string): number[] {
  return yaml.split('\n').flatMap((l, i) => (l.includes('# <-') ? [i + 1] : []));
}

/** The operational baseline every case adds to: nothing in it draws a finding. */
export const CLEAN = `api-keys: ["sk-client-0001", "sk-client-0002"]
logging-to-file: true
usage-statistics-enabled: true
remote-management: { allow-remote: false, secret-key: "mgmt-secret-0001" }
`;
