/**
 * The playbook scenarios: one story per runbook section that `provops triage`, `onboard` and `mitigate`
 * act on. They are not daily-check fixtures (the daily verdicts are pinned for healthy, degraded,
 * incident and outage); `provops simulate --scenario <name>` serves them for rehearsals.
 *
 * - onboarding: a new openai-compatibility block `nim` (prefix nim) went live 20 minutes ago; one of
 *   its three intended models is hidden by the block's excluded-models, another was never added to it.
 * - expired-oauth: the Codex OAuth token was invalidated 40 minutes ago (401 token_invalidated, refresh
 *   attempts failing) and Antigravity answers 403 VALIDATION_REQUIRED; both credentials are suspended,
 *   so their only-served models left /v1/models.
 * - quota-429: the Qwen free tier ran out 25 minutes ago: its requests come back 429 "Free allocated
 *   quota exceeded" and the credential cools down.
 * - wrong-provider: a new compat block `bedrock-proxy` (no prefix, priority 5) also serves
 *   claude-sonnet-4-5, so the Kiro alias of that id now shares a pool it loses on priority.
 * - iflow-406: iFlow's glm-4.7 answers 406 to every request (cliproxyapi++ still has iFlow).
 * - spark-errors: Spark is listed for the Codex key (the catalog lists it for a Team account too), but
 *   in the last 15 minutes about one Spark request in four came back 400 "not supported when using
 *   Codex with a ChatGPT account": spark-error-ratio fails, the fallback alias is the mitigation.
 */
import {
  AUTH_FILES,
  BASE_CONFIG,
  BASE_MODELS,
  BASE_NOTES,
  BASE_TRAFFIC,
  CLIENT_KEYS,
  SPARK,
  UPTIME_MINUTES,
  baseAuthFiles,
  kiroQuota,
} from './base.js';
import type { AuthFileSpec, LogNote, ModelSpec, Scenario, TrafficStream } from './types.js';

const LONG_AGO = 7 * 24 * 60;
const until = (stream: TrafficStream, toMinutesAgo: number): TrafficStream => ({
  ...stream,
  between: { fromMinutesAgo: LONG_AGO, toMinutesAgo },
});
const since = (stream: TrafficStream, fromMinutesAgo: number, change: Partial<TrafficStream>): TrafficStream => ({
  ...stream,
  between: { fromMinutesAgo, toMinutesAgo: 0 },
  ...change,
});

const healthyFiles = (): AuthFileSpec[] =>
  baseAuthFiles({ ops: kiroQuota(87.5), backup: kiroQuota(210, 500, 'BACKUPPROFILE') });
const base = {
  clientKeys: Object.values(CLIENT_KEYS) as string[],
  uptimeMinutes: UPTIME_MINUTES,
};

export const NIM_KEY = 'nim-early-adopters';
export const NIM_MODELS = { kimi: 'kimi-k2-instruct', llama: 'llama-3.3-70b', deepseek: 'deepseek-r1' } as const;

const onboarding: Scenario = {
  ...base,
  name: 'onboarding',
  summary:
    "A new compat block `nim` (prefix nim) went live 20 min ago: kimi-k2-instruct is listed, llama-3.3-70b is hidden by the block's excluded-models, deepseek-r1 was never added.",
  models: [...BASE_MODELS, { id: NIM_MODELS.kimi, ownedBy: 'nim' }, { id: `nim/${NIM_MODELS.kimi}`, ownedBy: 'nim' }],
  clientKeys: [...base.clientKeys, NIM_KEY],
  authFiles: healthyFiles(),
  config: {
    ...BASE_CONFIG,
    'openai-compatibility': [
      ...(BASE_CONFIG['openai-compatibility'] as unknown[]),
      {
        name: 'nim',
        prefix: 'nim',
        'base-url': 'https://integrate.api.nvidia.com/v1',
        'api-key-entries': [{ 'api-key': 'nvapi-simulated-b' }],
        models: [
          { name: 'moonshotai/kimi-k2-instruct', alias: NIM_MODELS.kimi },
          { name: 'meta/llama-3.3-70b-instruct', alias: NIM_MODELS.llama },
        ],
        'excluded-models': ['llama-*'],
      },
    ],
  },
  traffic: [
    ...Object.values(BASE_TRAFFIC),
    {
      what: 'early adopters on the new nim prefix',
      method: 'POST',
      path: '/v1/chat/completions',
      clientIp: '10.0.0.61',
      perMinute: 4,
      between: { fromMinutesAgo: 20, toMinutesAgo: 0 },
      failureRate: 0.01,
      failureStatus: 502,
      latencyMs: [200, 1800],
      usage: { apiKey: NIM_KEY, model: `nim/${NIM_MODELS.kimi}`, authFile: 'nim' },
    },
  ],
  notes: [
    ...BASE_NOTES,
    { atMinutesAgo: 21, level: 'info', caller: 'watcher.go:230', message: 'config file changed, reloading' },
    { atMinutesAgo: 21, level: 'info', caller: 'watcher.go:262', message: 'config successfully reloaded' },
  ],
};

const suspendedOwners = ['openai', 'antigravity'];
const expiredOauth: Scenario = {
  ...base,
  name: 'expired-oauth',
  summary:
    'Codex token invalidated 40 min ago (401, refresh failing) and Antigravity 403 VALIDATION_REQUIRED: both credentials suspended, their models gone from /v1/models.',
  models: BASE_MODELS.filter((m) => !suspendedOwners.includes(m.ownedBy)),
  authFiles: healthyFiles().map((f) => {
    if (f.name === AUTH_FILES.codex)
      return { ...f, status: 'error' as const, statusMessage: 'token_invalidated', unavailable: true };
    if (f.name === AUTH_FILES.antigravity)
      return { ...f, status: 'error' as const, statusMessage: 'VALIDATION_REQUIRED', unavailable: true };
    return f;
  }),
  config: BASE_CONFIG,
  traffic: [
    ...Object.values({ ...BASE_TRAFFIC, spark: until(BASE_TRAFFIC.spark, 40) }),
    since(BASE_TRAFFIC.spark, 40, { what: 'Spark users after the token was invalidated', status: 401 }),
    since(BASE_TRAFFIC.antigravity, 35, {
      what: 'notebooks on a credential that needs validation',
      status: 403,
      perMinute: 2,
    }),
  ],
  notes: [
    ...BASE_NOTES,
    ...[1, 2, 3].map((n): LogNote => ({
      atMinutesAgo: 41 - n,
      level: 'warn',
      caller: 'codex_auth.go:214',
      message: `Token refresh attempt ${n} failed for ${AUTH_FILES.codex}: refresh_token_reused`,
    })),
  ],
};

const QWEN_FILE = 'qwen-free@example.com.json';
const QWEN_MODEL = 'qwen3-coder-plus';
const QWEN_EXCEEDED = {
  error: { code: 'insufficient_quota', message: 'Free allocated quota exceeded.', type: 'insufficient_quota' },
};
const quota429: Scenario = {
  ...base,
  name: 'quota-429',
  summary: 'Qwen free tier exhausted 25 min ago: 429 "Free allocated quota exceeded", the credential cooling down.',
  models: [...BASE_MODELS, { id: QWEN_MODEL, ownedBy: 'qwen', created: 1753574400 }],
  authFiles: [
    ...healthyFiles(),
    {
      name: QWEN_FILE,
      provider: 'qwen',
      email: 'free@example.com',
      status: 'error',
      statusMessage: 'quota exceeded',
      unavailable: true,
    },
  ],
  config: BASE_CONFIG,
  traffic: [
    ...Object.values(BASE_TRAFFIC),
    {
      what: 'a coding agent on the Qwen free tier',
      method: 'POST',
      path: '/v1/chat/completions',
      clientIp: '10.0.0.88',
      perMinute: 6,
      between: { fromMinutesAgo: 90, toMinutesAgo: 25 },
      latencyMs: [300, 2500],
      usage: { apiKey: CLIENT_KEYS.ops, model: QWEN_MODEL, authFile: QWEN_FILE },
    },
    {
      what: 'the same agent after the free quota ran out',
      method: 'POST',
      path: '/v1/chat/completions',
      clientIp: '10.0.0.88',
      perMinute: 6,
      between: { fromMinutesAgo: 25, toMinutesAgo: 0 },
      status: 429,
      latencyMs: [100, 400],
      usage: { apiKey: CLIENT_KEYS.ops, model: QWEN_MODEL, authFile: QWEN_FILE },
    },
  ],
  notes: [
    ...BASE_NOTES,
    {
      atMinutesAgo: 25,
      level: 'warn',
      caller: 'qwen_executor.go:188',
      message: `request error, error status: 429, error message: ${JSON.stringify(QWEN_EXCEEDED)}`,
    },
  ],
  plantedReplies: { [QWEN_MODEL]: { status: 429, body: QWEN_EXCEEDED } },
};

const SONNET = 'claude-sonnet-4-5';
const wrongProvider: Scenario = {
  ...base,
  name: 'wrong-provider',
  summary: `A new compat block bedrock-proxy (no prefix, priority 5) also serves ${SONNET}: it outranks the Kiro alias.`,
  models: [...BASE_MODELS, { id: SONNET, ownedBy: 'bedrock-proxy' }],
  authFiles: healthyFiles(),
  config: {
    ...BASE_CONFIG,
    'openai-compatibility': [
      ...(BASE_CONFIG['openai-compatibility'] as unknown[]),
      {
        name: 'bedrock-proxy',
        priority: 5,
        'base-url': 'https://bedrock-proxy.internal/v1',
        'api-key-entries': [{ 'api-key': 'sk-bedrock-simulated-c' }],
        models: [{ name: 'anthropic.claude-sonnet-4-5-v1:0', alias: SONNET }],
      },
    ],
  },
  traffic: Object.values(BASE_TRAFFIC),
  notes: BASE_NOTES,
};

const GLM = 'glm-4.7';
const IFLOW_406 = { error: { message: 'status 406', type: 'invalid_request_error' } };
const iflow406: Scenario = {
  ...base,
  name: 'iflow-406',
  summary: `iFlow's ${GLM} answers 406 "status 406" to every request.`,
  models: [...BASE_MODELS, { id: GLM, ownedBy: 'iflow', created: 1766016000 }],
  authFiles: [...healthyFiles(), { name: 'iflow-ops@example.com.json', provider: 'iflow', email: 'ops@example.com' }],
  config: BASE_CONFIG,
  traffic: [
    ...Object.values(BASE_TRAFFIC),
    {
      what: `scripts on iFlow ${GLM}`,
      method: 'POST',
      path: '/v1/chat/completions',
      clientIp: '10.0.0.91',
      perMinute: 2,
      between: { fromMinutesAgo: 60, toMinutesAgo: 0 },
      status: 406,
      latencyMs: [80, 300],
    },
  ],
  notes: BASE_NOTES,
  plantedReplies: { [GLM]: { status: 406, body: IFLOW_406 } },
};

const SPARK_REFUSED = {
  detail: "The 'gpt-5.3-codex-spark' model is not supported when using Codex with a ChatGPT account.",
};
const sparkErrors: Scenario = {
  ...base,
  name: 'spark-errors',
  summary: 'Spark listed for the Codex key, but about 1 in 4 Spark requests in the last 15 min came back 400.',
  models: BASE_MODELS as ModelSpec[],
  authFiles: healthyFiles(),
  config: BASE_CONFIG,
  traffic: [
    ...Object.values({ ...BASE_TRAFFIC, spark: until(BASE_TRAFFIC.spark, 15) }),
    since(BASE_TRAFFIC.spark, 15, { what: 'Spark users, some refused', failureRate: 0.3, failureStatus: 400 }),
  ],
  notes: BASE_NOTES,
  plantedReplies: { [SPARK]: { status: 400, body: SPARK_REFUSED } },
};

export const PLAYBOOK_SCENARIOS = {
  onboarding,
  'expired-oauth': expiredOauth,
  'quota-429': quota429,
  'wrong-provider': wrongProvider,
  'iflow-406': iflow406,
  'spark-errors': sparkErrors,
} satisfies Record<string, Scenario>;
