// The gateway every named scenario starts from: one cliproxyapi++ deployment with Codex (Plus plan),
// Copilot, Claude, Antigravity, two Kiro accounts and an OpenRouter compat block, and its everyday
// traffic (about 7.5 requests a minute). Scenarios copy these pieces and change what their story needs.
import type { AuthFileSpec, KiroQuotaSpec, LogNote, ModelSpec, TrafficStream } from './types.js';

export const CLIENT_KEYS = {
  codex: 'codex-team-alpha',
  claude: 'claude-team-beta',
  kiro: 'kiro-ops-gamma',
  antigravity: 'antigravity-research',
  /** No provider prefix: the fork's metrics leave it out (reference §5). */
  ops: 'sk-ops-runbook-01',
} as const;

export const AUTH_FILES = {
  antigravity: 'antigravity-research@example.com.json',
  claude: 'claude-user@example.com.json',
  codex: 'codex-plus@example.com.json',
  copilot: 'github-copilot-ops@example.com.json',
  kiroBackup: 'kiro-idc-backup@example.com.json',
  kiroOps: 'kiro-social-ops@example.com.json',
} as const;

export const SPARK = 'gpt-5.3-codex-spark';
export const CODEX = 'gpt-5.3-codex';
export const THINKING = 'claude-opus-4-6-thinking';
export const THINKING_ALIAS = 'gemini-claude-opus-4-6-thinking';

const codex: ModelSpec[] = [
  { id: 'gpt-5.2', ownedBy: 'openai', created: 1765497600 },
  { id: CODEX, ownedBy: 'openai', created: 1770307200 },
  { id: SPARK, ownedBy: 'openai', created: 1770912000 },
];
const copilot: ModelSpec[] = [
  { id: CODEX, ownedBy: 'github-copilot' },
  { id: 'gpt-5-mini', ownedBy: 'github-copilot' },
  { id: 'claude-opus-4.6', ownedBy: 'github-copilot', displayName: 'Claude Opus 4.6' },
  { id: 'claude-opus-4-6', ownedBy: 'github-copilot', displayName: 'Claude Opus 4.6' },
  { id: 'gemini-2.5-pro', ownedBy: 'github-copilot' },
];
const claude: ModelSpec[] = [
  {
    id: 'claude-sonnet-4-5-20250929',
    ownedBy: 'anthropic',
    created: 1759104000,
    displayName: 'Claude 4.5 Sonnet',
    thinking: true,
  },
];
export const ANTIGRAVITY_THINKING: ModelSpec[] = [
  { id: THINKING, ownedBy: 'antigravity', displayName: 'Claude Opus 4.6 (Thinking)', thinking: true },
  { id: THINKING_ALIAS, ownedBy: 'antigravity', displayName: 'Claude Opus 4.6 (Thinking)', thinking: true },
];
const antigravity: ModelSpec[] = [
  ...ANTIGRAVITY_THINKING,
  { id: 'claude-sonnet-4-6', ownedBy: 'antigravity', displayName: 'Claude Sonnet 4.6' },
  { id: 'gemini-3-pro-high', ownedBy: 'antigravity' },
];
const kiro: ModelSpec[] = [
  { id: 'kiro-auto', ownedBy: 'aws', created: 1736899200 },
  {
    id: 'kiro-claude-sonnet-4-5',
    ownedBy: 'aws',
    created: 1736899200,
    displayName: 'Claude Sonnet 4.5 (Kiro)',
    thinking: true,
  },
  {
    id: 'claude-sonnet-4-5',
    ownedBy: 'aws',
    created: 1736899200,
    displayName: 'Claude Sonnet 4.5 (Kiro)',
    thinking: true,
  },
];
const openrouter: ModelSpec[] = [
  { id: 'kimi-k2', ownedBy: 'openrouter' },
  { id: 'or/kimi-k2', ownedBy: 'openrouter' },
];

/** Every model of the base deployment, in no particular order (the real list comes from a Go map). */
export const BASE_MODELS: ModelSpec[] = [...codex, ...claude, ...antigravity, ...kiro, ...copilot, ...openrouter];

export const KIRO_PRO = { subscriptionTitle: 'KIRO PRO', subscriptionType: 'Q_DEVELOPER_STANDALONE_PRO' } as const;
const arn = (id: string) => `arn:aws:codewhisperer:us-east-1:123456789012:profile/${id}`;

export function kiroQuota(used: number, limit = 500, profile = 'OPSPROFILE'): KiroQuotaSpec {
  return { limit, used, ...KIRO_PRO, profileArn: arn(profile) };
}

export function baseAuthFiles(quota: { ops: KiroQuotaSpec; backup: KiroQuotaSpec }): AuthFileSpec[] {
  return [
    { name: AUTH_FILES.antigravity, provider: 'antigravity', email: 'research@example.com' },
    { name: AUTH_FILES.claude, provider: 'claude', email: 'user@example.com' },
    { name: AUTH_FILES.codex, provider: 'codex', email: 'plus@example.com' },
    { name: AUTH_FILES.copilot, provider: 'github-copilot', email: 'ops@example.com' },
    { name: AUTH_FILES.kiroBackup, provider: 'kiro', email: 'backup@example.com', kiro: quota.backup },
    { name: AUTH_FILES.kiroOps, provider: 'kiro', email: 'ops@example.com', kiro: quota.ops },
  ];
}

const CHAT_LATENCY: [number, number] = [250, 4200];
const FAST: [number, number] = [0, 6];

/** The everyday traffic, keyed so scenarios can replace a stream by name. */
export const BASE_TRAFFIC = {
  spark: {
    what: 'Codex CLI users on Spark',
    method: 'POST',
    path: '/v1/responses',
    clientIp: '10.0.0.21',
    perMinute: 3,
    latencyMs: [300, 2600],
    usage: { apiKey: CLIENT_KEYS.codex, model: SPARK, authFile: AUTH_FILES.codex },
  },
  codex: {
    what: 'Codex CLI users on gpt-5.3-codex',
    method: 'POST',
    path: '/v1/responses',
    clientIp: '10.0.0.21',
    perMinute: 1,
    failureRate: 0.004,
    failureStatus: 502,
    latencyMs: CHAT_LATENCY,
    usage: { apiKey: CLIENT_KEYS.codex, model: CODEX, authFile: AUTH_FILES.codex },
  },
  claude: {
    what: 'Claude Code team',
    method: 'POST',
    path: '/v1/messages',
    clientIp: '10.0.0.34',
    perMinute: 1,
    failureRate: 0.004,
    failureStatus: 429,
    latencyMs: CHAT_LATENCY,
    usage: { apiKey: CLIENT_KEYS.claude, model: 'claude-sonnet-4-5-20250929', authFile: AUTH_FILES.claude },
  },
  kiro: {
    what: 'ops agents on Kiro',
    method: 'POST',
    path: '/v1/chat/completions',
    clientIp: '10.0.0.35',
    perMinute: 1,
    failureRate: 0.004,
    failureStatus: 429,
    latencyMs: CHAT_LATENCY,
    usage: { apiKey: CLIENT_KEYS.kiro, model: 'claude-sonnet-4-5', authFile: AUTH_FILES.kiroOps },
  },
  antigravity: {
    what: 'research notebooks on the Antigravity thinking alias',
    method: 'POST',
    path: '/v1/chat/completions',
    clientIp: '10.0.0.47',
    perMinute: 0.5,
    failureRate: 0.004,
    failureStatus: 429,
    latencyMs: CHAT_LATENCY,
    usage: { apiKey: CLIENT_KEYS.antigravity, model: THINKING_ALIAS, authFile: AUTH_FILES.antigravity },
  },
  copilot: {
    what: 'runbook automation on Copilot',
    method: 'POST',
    path: '/v1/responses',
    clientIp: '10.0.0.52',
    perMinute: 0.5,
    latencyMs: CHAT_LATENCY,
    usage: { apiKey: CLIENT_KEYS.ops, model: CODEX, authFile: AUTH_FILES.copilot },
  },
  openrouter: {
    what: 'runbook automation on OpenRouter',
    method: 'POST',
    path: '/v1/chat/completions',
    clientIp: '10.0.0.52',
    perMinute: 0.3,
    latencyMs: CHAT_LATENCY,
    usage: { apiKey: CLIENT_KEYS.ops, model: 'or/kimi-k2', authFile: 'openrouter' },
  },
  modelPolls: {
    what: 'IDE plugins refreshing their model list',
    method: 'GET',
    path: '/v1/models',
    clientIp: '10.0.0.21',
    perMinute: 0.2,
    latencyMs: FAST,
  },
  dashboard: {
    what: 'the ops dashboard polling auth files',
    method: 'GET',
    path: '/v0/management/auth-files',
    clientIp: '10.0.0.5',
    perMinute: 0.1,
    latencyMs: FAST,
  },
  strayKey: {
    what: 'a forgotten script with a retired key',
    method: 'GET',
    path: '/v1/models',
    clientIp: '10.0.0.77',
    perMinute: 0.05,
    status: 401,
    latencyMs: [0, 0],
  },
} satisfies Record<string, TrafficStream>;

export const BASE_NOTES: LogNote[] = [
  {
    everyMinutes: 45,
    level: 'info',
    caller: 'auth_refresh.go:118',
    message: `refreshed token for ${AUTH_FILES.kiroOps}`,
  },
  { everyMinutes: 180, level: 'info', caller: 'watcher.go:212', message: 'config file unchanged, skipping reload' },
];

export const BASE_CONFIG: Record<string, unknown> = {
  debug: false,
  'request-log': false,
  'force-model-prefix': false,
  routing: { strategy: 'round-robin' },
  'openai-compatibility': [
    {
      name: 'openrouter',
      prefix: 'or',
      'base-url': 'https://openrouter.ai/api/v1',
      'api-key-entries': [{ 'api-key': 'sk-or-v1-simulated-a' }],
      models: [{ name: 'moonshotai/kimi-k2:free', alias: 'kimi-k2' }],
    },
  ],
  'oauth-model-alias': {
    antigravity: [{ name: THINKING, alias: THINKING_ALIAS, fork: true }],
    kiro: [{ name: 'kiro-claude-sonnet-4-5', alias: 'claude-sonnet-4-5', fork: true }],
  },
  'oauth-excluded-models': { antigravity: ['gpt-oss-*'] },
};

export const UPTIME_MINUTES = 360;
