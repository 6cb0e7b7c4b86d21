/**
 * degraded — Codex is running short, and one Kiro account is close to its monthly quota.
 *
 * gpt-5.3-codex has thrown transient 502s all day (3.5% of its requests), and 40 to 30 minutes before
 * the clock the team account hit its usage limit: 4 requests a minute came back 429 for ten minutes.
 * The `codex` provider's success rate since the restart is therefore about 96.4% (warn: below 98%,
 * above 95%); the 429s form one short burst in the log (hot for about ten minutes: warn, not the 15
 * of a sustained one); in the last hour 429s are about 9% of all requests while the success ratio fell
 * against the hour before (quota pressure: warn). Spark itself stays clean, so its error ratio passes.
 * The ops Kiro account is at 85% of its quota (warn at 80%). On `upstream` the fork-only checks skip.
 */
import {
  AUTH_FILES,
  BASE_CONFIG,
  BASE_MODELS,
  BASE_NOTES,
  BASE_TRAFFIC,
  CLIENT_KEYS,
  CODEX,
  UPTIME_MINUTES,
  baseAuthFiles,
  kiroQuota,
} from './base.js';
import type { Scenario } from './types.js';

const degraded: Scenario = {
  name: 'degraded',
  summary:
    'Codex success rate down to ~96% with a 10-minute 429 burst 40-30 min ago; ops Kiro account at 85% of quota.',
  models: BASE_MODELS,
  clientKeys: Object.values(CLIENT_KEYS),
  authFiles: baseAuthFiles({ ops: kiroQuota(425), backup: kiroQuota(200, 500, 'BACKUPPROFILE') }),
  config: BASE_CONFIG,
  uptimeMinutes: UPTIME_MINUTES,
  traffic: [
    ...Object.values({ ...BASE_TRAFFIC, codex: { ...BASE_TRAFFIC.codex, failureRate: 0.035 } }),
    {
      what: 'Codex team account over its usage limit (usage_limit_reached passed through)',
      method: 'POST',
      path: '/v1/responses',
      clientIp: '10.0.0.21',
      perMinute: 4,
      between: { fromMinutesAgo: 40, toMinutesAgo: 30 },
      status: 429,
      latencyMs: [180, 900],
      usage: { apiKey: CLIENT_KEYS.codex, model: CODEX, authFile: AUTH_FILES.codex },
    },
  ],
  // v8 (v7.3+) logs each failed attempt with the Codex credential behind those 429s
  attempts: [
    {
      what: 'the Codex team credential answering usage_limit_reached',
      provider: 'codex',
      model: CODEX,
      credential: AUTH_FILES.codex,
      status: 429,
      perMinute: 2,
      between: { fromMinutesAgo: 40, toMinutesAgo: 30 },
    },
  ],
  notes: [
    ...BASE_NOTES,
    {
      atMinutesAgo: 40,
      level: 'warn',
      caller: 'conductor_selection.go:1838',
      message: `auth unavailable: 1 of 1 candidate(s) for model "${CODEX}" (provider=codex) are in cooldown`,
    },
  ],
};

export default degraded;
