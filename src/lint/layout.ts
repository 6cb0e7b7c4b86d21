// Which config layout a file is written in (flat v6.x/v7.x and cliproxyapi++, or v8), and whether it
// uses keys only cliproxyapi++ reads; --gateway-version pins both instead of guessing.
import { FORK_ONLY_KEYS, V8_ROOTS } from './schema.js';
import { child, type YMap } from './tree.js';

export type LayoutName = 'flat' | 'v8';
/** Which gateway line reads the file: upstream CLIProxyAPI, the cliproxyapi++ fork, or either. */
export type Dialect = 'upstream' | 'plus' | 'any';

export interface Layout {
  name: LayoutName;
  dialect: Dialect;
  /** How it was decided, for the report: "pinned by --gateway-version 8.0.23", "config-version: 8", … */
  reason: string;
}

export interface PinnedVersion {
  layout: LayoutName;
  dialect: Dialect;
  text: string;
}

/** "8", "v8.0.23", "7.2.140", "6.8.60-0" (fork tags end in -0), "plus"/"++" (cliproxyapi++ v6.8). */
export function parseGatewayVersion(text: string): PinnedVersion | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'plus' || t === '++' || t === 'cliproxyapi++') return { layout: 'flat', dialect: 'plus', text };
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-\d+)?$/.exec(t);
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major < 6) return undefined;
  return { layout: major >= 8 ? 'v8' : 'flat', dialect: m[4] ? 'plus' : 'upstream', text };
}

export function detectLayout(root: YMap, pinned: PinnedVersion | undefined): Layout {
  if (pinned)
    return { name: pinned.layout, dialect: pinned.dialect, reason: `pinned by --gateway-version ${pinned.text}` };
  const forkKey = FORK_ONLY_KEYS.find((k) => child(root, k) !== undefined);
  const dialect: Dialect = forkKey ? 'plus' : 'any';
  const forkNote = forkKey ? `; \`${forkKey}\` is read by cliproxyapi++ only` : '';
  if (child(root, 'config-version') !== undefined)
    return { name: 'v8', dialect, reason: `config-version is set${forkNote}` };
  if (child(root, 'api-keys')?.kind === 'map')
    return { name: 'v8', dialect, reason: `api-keys is a map of provider groups${forkNote}` };
  const v8Root = V8_ROOTS.find((k) => child(root, k) !== undefined);
  if (v8Root) return { name: 'v8', dialect, reason: `\`${v8Root}\` is a v8 section${forkNote}` };
  return { name: 'flat', dialect, reason: `no v8 section${forkNote}` };
}

export function describeLayout(layout: Layout): string {
  const name =
    layout.name === 'v8' ? 'v8 layout (CLIProxyAPI ≥ v8.0)' : 'flat layout (CLIProxyAPI v6.x/v7.x, cliproxyapi++)';
  return `${name}: ${layout.reason}`;
}
