// GET /v0/management/config.yaml (the file as written) and GET /v0/management/config (what the gateway
// loaded: the file after its sanitizers, without host/port/remote-management/auth-dir; reference
// "Management API config"). A scenario's `configFile` is the file when it differs from what was loaded.
import { AliasStore, sanitizeChannel } from './aliases.js';
import type { Handler, SimContext } from './context.js';
import { json, type Reply } from './reply.js';

type Plain = Record<string, unknown>;

const SECRET_HASH = '$2a$10$simulated.bcrypt.hash';

/** The config.yaml on the simulated host; after an alias write, the gateway saved the lists it kept. */
export function configFile(ctx: SimContext): Plain {
  const s = ctx.data.scenario;
  const written = ctx.aliases.read();
  const atStart = new AliasStore(s.config['oauth-model-alias']).read();
  const file = s.configFile ?? s.config;
  return {
    host: '',
    port: 8317,
    'remote-management': { 'allow-remote': true, 'secret-key': SECRET_HASH },
    'auth-dir': '~/.cli-proxy-api',
    'api-keys': [...ctx.apiKeys],
    'logging-to-file': s.loggingToFile ?? true,
    'usage-statistics-enabled': s.usageStatistics ?? true,
    ...file,
    ...(JSON.stringify(written) === JSON.stringify(atStart) ? {} : { 'oauth-model-alias': written }),
  };
}

const isPlain = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const hasBaseUrl = (e: unknown) => isPlain(e) && typeof e['base-url'] === 'string' && e['base-url'].trim() !== '';

/** The sanitizers that drop entries: codex keys and compat blocks without base-url; alias channels as aliases.ts. */
export function sanitize(file: Plain): Plain {
  const out: Plain = { ...file };
  if ('codex-api-key' in out) out['codex-api-key'] = list(out['codex-api-key']).filter(hasBaseUrl);
  if ('openai-compatibility' in out) out['openai-compatibility'] = list(out['openai-compatibility']).filter(hasBaseUrl);
  const aliases = out['oauth-model-alias'];
  if (isPlain(aliases)) {
    const kept: Plain = {};
    for (const [channel, entries] of Object.entries(aliases)) {
      const left = sanitizeChannel(entries) ?? [];
      if (left.length) kept[channel] = left;
    }
    out['oauth-model-alias'] = kept;
  }
  return out;
}

export function effectiveConfig(ctx: SimContext): Plain {
  const { host: _h, port: _p, 'remote-management': _r, 'auth-dir': _a, ...loaded } = sanitize(configFile(ctx));
  // The live alias lists: what management writes left after the sanitizer.
  return { ...loaded, 'oauth-model-alias': ctx.aliases.read() };
}

/** Block-style YAML of plain data; strings double-quoted (JSON strings are valid YAML double-quoted scalars). */
export function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (!value.length) return ' []\n';
    return `\n${value.map((v) => `${indent}-${toYaml(v, `${indent}  `).replace(/^\n\s*/, ' ')}`).join('')}`;
  }
  if (isPlain(value)) {
    const entries = Object.entries(value);
    if (!entries.length) return ' {}\n';
    return `\n${entries.map(([k, v]) => `${indent}${k}:${toYaml(v, `${indent}  `)}`).join('')}`;
  }
  return ` ${JSON.stringify(value ?? null)}\n`;
}

export const configJson: Handler = (_req, ctx) => json(200, effectiveConfig(ctx));

export const configYaml: Handler = (_req, ctx): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/yaml; charset=utf-8' },
  body: `# config.yaml of the provops simulator\n${toYaml(configFile(ctx)).replace(/^\n/, '')}`,
});
