/**
 * healthy — a quiet day on a well-run cliproxyapi++ gateway.
 *
 * Six hours since the last restart; about 7.5 requests a minute from five client keys (Codex CLI users
 * on gpt-5.3-codex and Spark, a Claude Code team, ops agents on Kiro, research notebooks on the
 * Antigravity thinking alias, runbook automation on Copilot and OpenRouter), with a stray 401 now and
 * then from a forgotten script. Every provider succeeds above 99%, Spark is clean, both Antigravity
 * thinking ids are listed (the alias bridge is a fork: true entry), and the two Kiro accounts sit at
 * 17.5% and 42% of their quota. On `plus` every daily check passes and `provops demo` exits 0; on
 * `upstream` the fork-only checks skip (no metrics, kiro-quota or usage routes there). On v8 the log
 * also holds a stray failed upstream attempt now and then (an OpenRouter key rate-limited about every
 * 20 minutes), never a run: the credential-level signal stays quiet.
 */
import {
  BASE_CONFIG,
  BASE_MODELS,
  BASE_NOTES,
  BASE_TRAFFIC,
  CLIENT_KEYS,
  UPTIME_MINUTES,
  baseAuthFiles,
  kiroQuota,
} from './base.js';
import type { Scenario } from './types.js';

const healthy: Scenario = {
  name: 'healthy',
  summary:
    'A quiet day: every provider above 99% success, Spark clean, both Antigravity thinking ids listed, Kiro at 17.5% and 42% of quota.',
  models: BASE_MODELS,
  clientKeys: Object.values(CLIENT_KEYS),
  authFiles: baseAuthFiles({ ops: kiroQuota(87.5), backup: kiroQuota(210, 500, 'BACKUPPROFILE') }),
  config: BASE_CONFIG,
  uptimeMinutes: UPTIME_MINUTES,
  traffic: Object.values(BASE_TRAFFIC),
  attempts: [
    {
      what: 'an OpenRouter key rate-limited now and then; the gateway retries the other key',
      provider: 'openrouter',
      model: 'kimi-k2',
      credential: 'api_key=sk-o...b780',
      status: 429,
      perMinute: 0.05,
    },
  ],
  notes: BASE_NOTES,
};

export default healthy;
