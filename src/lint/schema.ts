// The keys each layout's loader knows, as a shape the unknown-key rule walks. Gathered from the
// references (gateway-api.md §9, gateway-v8.md §5) and upstream's config.example.yaml: the union over
// the versions in the field, because a wrong "unknown key" is worse than a missed one. Sections whose
// content changes from release to release (tls, codex, payload, plugins, headers, …) are left open.

/** open: not descended (any content). keys: a mapping with these keys. list/mapOf: each item/value. */
export type Shape = { open: true } | { keys: Record<string, Shape> } | { list: Shape } | { mapOf: Shape };

const OPEN: Shape = { open: true };
const keys = (names: string[], nested: Record<string, Shape> = {}): Shape => ({
  keys: { ...Object.fromEntries(names.map((n) => [n, OPEN])), ...nested },
});

const MODEL = keys([
  'name',
  'alias',
  'display-name',
  'max-context-length',
  'is-compat',
  'thinking',
  'force-mapping',
  'image',
  'input-modalities',
  'output-modalities',
  'priority',
]);
const ALIAS = keys(['name', 'alias', 'fork', 'force-mapping', 'display-name']);
const SHARED_ENTRY = [
  'prefix',
  'base-url',
  'proxy-url',
  'headers',
  'excluded-models',
  'priority',
  'weight',
  'disable-cooling',
  'request-retry',
  'request-scoped-errors',
  'disabled',
  'note',
];

/** One credential of gemini-/claude-/codex-/vertex-/xai-/interactions-/meta-api-key. */
const KEY_ENTRY = keys(
  [
    'api-key',
    ...SHARED_ENTRY,
    'alpha-search',
    'websockets',
    'cloak',
    'rebuild-mid-system-message',
    'fingerprint-profile',
    'experimental-cch-signing',
    'rate-limit',
  ],
  { models: { list: MODEL } },
);

const COMPAT = keys(
  [
    'name',
    ...SHARED_ENTRY,
    'display-name',
    'thinking',
    'image',
    'models-endpoint',
    'token-file',
    'force-mapping',
    'support-prompt-cache-key',
    'api-keys',
  ],
  {
    'api-key-entries': { list: keys(['api-key', 'proxy-url', 'weight', 'priority', 'headers']) },
    models: { list: MODEL },
  },
);

/** cliproxyapi++'s generated OAICompatProviderConfig blocks (minimax, roo, kilo, …) and its kiro/cursor lists. */
const FORK_PROVIDER = keys(
  [
    'token-file',
    'api-key',
    'base-url',
    'proxy-url',
    'priority',
    'prefix',
    'headers',
    'excluded-models',
    'rate-limit',
    'disabled',
  ],
  { models: { list: MODEL } },
);
export const FORK_PROVIDER_LISTS = [
  'minimax',
  'roo',
  'kilo',
  'deepseek',
  'groq',
  'mistral',
  'siliconflow',
  'openrouter',
  'together',
  'fireworks',
  'novita',
];
const FORK_ONLY: Record<string, Shape> = {
  ...Object.fromEntries(FORK_PROVIDER_LISTS.map((k) => [k, { list: FORK_PROVIDER }])),
  kiro: {
    list: keys([
      'token-file',
      'access-token',
      'refresh-token',
      'profile-arn',
      'region',
      'proxy-url',
      'agent-task-type',
      'preferred-endpoint',
      'prefix',
      'priority',
    ]),
  },
  cursor: { list: keys(['token-file', 'cursor-api-url', 'auth-token', 'proxy-url', 'prefix', 'priority']) },
  'kiro-preferred-endpoint': OPEN,
  'oauth-upstream': OPEN,
};
export const FORK_ONLY_KEYS = Object.keys(FORK_ONLY);

/** Upstream-key lists of the flat layout, with the provider each one feeds. */
export const KEY_LISTS: Record<string, string> = {
  'gemini-api-key': 'gemini',
  'claude-api-key': 'claude',
  'codex-api-key': 'codex',
  'vertex-api-key': 'vertex',
  'xai-api-key': 'xai',
  'interactions-api-key': 'interactions',
  'meta-api-key': 'meta',
};

const REMOTE_MANAGEMENT = keys([
  'allow-remote',
  'secret-key',
  'disable-control-panel',
  'panel-github-repository',
  'disable-auto-update-panel',
]);
const ROUTING = OPEN; // strategy, session-affinity*, weights …: grows every release; strategy is checked by its own rule

export const FLAT: Shape = keys(
  [
    'host',
    'port',
    'tls',
    'trusted-proxies',
    'commercial-mode',
    'discovery',
    'auth-dir',
    'debug',
    'pprof',
    'credential-concurrency',
    'credential-in-flight',
    'plugins',
    'models',
    'logging-to-file',
    'logs-max-total-size-mb',
    'error-logs-max-files',
    'request-log',
    'usage-statistics-enabled',
    'redis-usage-queue-retention-seconds',
    'accounting-outbox',
    'proxy-url',
    'force-model-prefix',
    'passthrough-headers',
    'request-retry',
    'max-retry-credentials',
    'max-retry-interval',
    'disable-cooling',
    'save-cooldown-status',
    'transient-error-cooldown-seconds',
    'disable-claude-cloak-mode',
    'claude-code',
    'claude',
    'claude-header-defaults',
    'codex',
    'codex-header-defaults',
    'antigravity',
    'antigravity-signature-cache-enabled',
    'antigravity-signature-bypass-strict',
    'xai',
    'devin',
    'ws-auth',
    'nonstream-keepalive-interval',
    'streaming',
    'disable-image-generation',
    'gpt-image-2-base-model',
    'video-result-auth-cache-ttl',
    'auth-auto-refresh-workers',
    'quota-exceeded',
    'payload',
    'ampcode',
    'oauth-excluded-models',
    'oauth-request-scoped-errors',
    'oauth-settings',
    'api-keys',
    'home',
    // legacy keys the gateway now ignores: reported by legacy-key, not as unknown
    'oauth-model-mappings',
    'generative-language-api-key',
  ],
  {
    'remote-management': REMOTE_MANAGEMENT,
    routing: ROUTING,
    ...Object.fromEntries(Object.keys(KEY_LISTS).map((k) => [k, { list: KEY_ENTRY }])),
    'openai-compatibility': { list: COMPAT },
    'oauth-model-alias': { mapOf: { list: ALIAS } },
    ...FORK_ONLY,
  },
);

const V8_GROUP = keys(['name', ...SHARED_ENTRY], {
  keys: { list: keys(['api-key', 'proxy-url', 'weight', 'priority', 'headers', 'disable-cooling', 'request-retry']) },
  models: { list: MODEL },
});

/** v8 roots (gateway-v8.md §5): the legacy spellings still load in a mixed file, so they are known too. */
export const V8: Shape = {
  keys: {
    ...(FLAT as { keys: Record<string, Shape> }).keys,
    'config-version': OPEN,
    server: OPEN,
    management: REMOTE_MANAGEMENT,
    access: keys(['api-keys']),
    credentials: OPEN,
    requests: OPEN,
    oauth: keys(
      ['auth-dir', 'auth-auto-refresh-workers', 'excluded-models', 'request-scoped-errors', 'settings', 'providers'],
      {
        'model-alias': { mapOf: { list: ALIAS } },
      },
    ),
    upstream: OPEN,
    multimedia: OPEN,
    observability: OPEN,
    client: OPEN,
    'api-keys': OPEN, // a map of provider groups in v8 (checked by the view), a list of client keys in a legacy file
  },
};

export const V8_GROUP_SHAPE = V8_GROUP;

/** Keys only a v8 file has at its top level (with config-version and a map-valued api-keys, they mark the layout). */
export const V8_ROOTS = [
  'config-version',
  'server',
  'management',
  'access',
  'credentials',
  'requests',
  'oauth',
  'upstream',
  'multimedia',
  'observability',
  'client',
];
