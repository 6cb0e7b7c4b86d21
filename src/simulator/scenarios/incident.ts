/**
 * incident — a bad afternoon: four of the runbook's incident playbooks at once.
 *
 * - Copilot Spark Mismatch: 45 minutes ago the Codex account was moved to a Team plan, so
 *   gpt-5.3-codex-spark left /v1/models (gpt-5.3-codex is still served by Codex and Copilot); Spark
 *   clients now get the flavour's unknown-provider error, so the usage data has no Spark requests in
 *   the last 10 minutes (spark-error-ratio skips for lack of traffic).
 * - 502 unknown provider: 70 minutes ago a config edit meant to hide expensive thinking models added
 *   `*-thinking` to oauth-excluded-models.antigravity and dropped the alias bridge, so neither
 *   claude-opus-4-6-thinking nor gemini-claude-opus-4-6-thinking is listed and the notebooks' requests fail.
 *   The same edit rewrote the bridge as gemini-claude-opus-4-6-thinking → itself: config.yaml still has
 *   an antigravity alias entry, but the gateway dropped it (alias equals name), so GET /config has none
 *   (`provops lint --from-gateway` reports it as dropped by the gateway).
 * - Kiro exhausted: the ops Kiro account used its whole quota 90 minutes ago; its requests come back
 *   429 (recorded as failed), so the `kiro` provider's success rate falls to about 75% (fail), and in the
 *   last hour those 429s are about 13% of all requests with the success ratio falling (quota pressure: warn).
 * - Repeated 401: from 180 to 150 minutes ago a CI runner at 198.51.100.23 retried a revoked key 12
 *   times a minute: a 401 burst that stayed hot for about 30 minutes (sustained: fail).
 * - Credential-level (v8 only, whose log writes a line per failed upstream attempt): for the last hour
 *   the Claude API key in claude-api-key has answered 401 on every attempt while the gateway fell back
 *   to the OAuth credential, so Claude clients still see 200: a sustained credential burst (fail).
 * The gateway process itself is fine: health passes.
 */
import {
  AUTH_FILES,
  BASE_CONFIG,
  BASE_MODELS,
  BASE_NOTES,
  BASE_TRAFFIC,
  CLIENT_KEYS,
  SPARK,
  THINKING,
  THINKING_ALIAS,
  UPTIME_MINUTES,
  baseAuthFiles,
  kiroQuota,
} from './base.js';
import type { Scenario, TrafficStream } from './types.js';

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

const { spark, antigravity, kiro, ...unchanged } = BASE_TRAFFIC;
const authFiles = baseAuthFiles({ ops: kiroQuota(500), backup: kiroQuota(200, 500, 'BACKUPPROFILE') }).map((f) =>
  f.name === AUTH_FILES.kiroOps
    ? { ...f, status: 'error' as const, statusMessage: 'quota exhausted', unavailable: true }
    : f,
);

const incident: Scenario = {
  name: 'incident',
  summary:
    'Spark gone for the key, Antigravity thinking ids excluded, ops Kiro account exhausted, a 30-minute 401 burst from 198.51.100.23.',
  models: BASE_MODELS.filter((m) => m.id !== SPARK && m.id !== THINKING && m.id !== THINKING_ALIAS),
  clientKeys: Object.values(CLIENT_KEYS),
  authFiles,
  config: {
    ...BASE_CONFIG,
    'oauth-model-alias': { kiro: [{ name: 'kiro-claude-sonnet-4-5', alias: 'claude-sonnet-4-5', fork: true }] },
    'oauth-excluded-models': { antigravity: ['gpt-oss-*', '*-thinking'] },
  },
  configFile: {
    ...BASE_CONFIG,
    'oauth-model-alias': {
      antigravity: [{ name: THINKING_ALIAS, alias: THINKING_ALIAS }],
      kiro: [{ name: 'kiro-claude-sonnet-4-5', alias: 'claude-sonnet-4-5', fork: true }],
    },
    'oauth-excluded-models': { antigravity: ['gpt-oss-*', '*-thinking'] },
  },
  uptimeMinutes: UPTIME_MINUTES,
  traffic: [
    ...Object.values(unchanged),
    until(spark, 45),
    since(spark, 45, {
      what: 'Spark clients after the plan change',
      status: 'unknown-model',
      usage: undefined,
      latencyMs: [1, 4],
    }),
    until(antigravity, 70),
    since(antigravity, 70, {
      what: 'notebooks asking for the excluded thinking alias',
      status: 'unknown-model',
      usage: undefined,
      latencyMs: [1, 4],
    }),
    until(kiro, 90),
    since(kiro, 90, {
      what: 'ops agents on the exhausted Kiro account',
      status: 429,
      failureRate: 0,
      latencyMs: [150, 700],
    }),
    {
      what: 'a CI runner retrying a revoked client key',
      method: 'POST',
      path: '/v1/chat/completions',
      clientIp: '198.51.100.23',
      perMinute: 12,
      between: { fromMinutesAgo: 180, toMinutesAgo: 150 },
      status: 401,
      latencyMs: [0, 0],
    },
  ],
  attempts: [
    {
      what: 'a revoked Claude API key the gateway still tries first',
      provider: 'claude',
      model: 'claude-sonnet-4-5-20250929',
      credential: 'api_key=sk-a...9f2c',
      status: 401,
      perMinute: 1.5,
      between: { fromMinutesAgo: 60, toMinutesAgo: 0 },
    },
  ],
  notes: [
    ...BASE_NOTES,
    {
      atMinutesAgo: 90,
      level: 'warn',
      caller: 'kiro_executor.go:412',
      message: `kiro quota exhausted for ${AUTH_FILES.kiroOps}`,
    },
    { atMinutesAgo: 70, level: 'info', caller: 'watcher.go:230', message: 'config file changed, reloading' },
    {
      atMinutesAgo: 45,
      level: 'info',
      caller: 'codex_auth.go:301',
      message: `plan_type changed to team for ${AUTH_FILES.codex}`,
    },
  ],
};

export default incident;
