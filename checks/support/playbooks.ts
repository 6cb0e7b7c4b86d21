// The runbook's incident playbooks, worded once, as the hints that warn/fail results carry.

export const PLAYBOOK = {
  auth: 'Runbook "Repeated 401/403": recheck credential validity and token freshness; for OAuth providers (kiro, cursor, minimax, roo) verify token files and the refresh path; confirm the client is hitting the intended provider prefix.',
  rateLimit:
    'Runbook "Repeated 429": add capacity (extra keys/providers) or reduce concurrency; shift traffic to the fallback provider prefix; tighten expensive-model exposure with excluded-models (for "Qwen Free allocated quota exceeded", switch credential/project now).',
  missingModels:
    'Runbook "Missing Models in /v1/models": confirm the provider block is enabled and its auth loaded; check model filters (models, excluded-models) and prefix constraints; verify the upstream provider still serves the model.',
  unknownProvider:
    'Runbook "502 unknown provider for model ...": re-add the alias bridge in oauth-model-alias (antigravity: {name: claude-opus-4-6-thinking, alias: gemini-claude-opus-4-6-thinking}), reload the config, then re-run `provops check model-inventory antigravity-aliases`.',
  sparkMismatch:
    'Runbook "Copilot Spark Mismatch": route this key\'s workloads to gpt-5.3-codex and keep Spark disabled for that segment (Spark needs a Codex Plus/Pro account).',
  sparkWarn:
    'Runbook "Copilot Spark Mismatch": confirm gpt-5.3-codex-spark is in GET /v1/models for the affected client keys (`provops check spark-eligibility`); where it is absent, route those workloads to gpt-5.3-codex and keep Spark disabled for that segment. Above the critical threshold, apply the auto-mitigation (fallback alias to gpt-5.3-codex).',
  sparkCritical:
    'Runbook "Copilot Spark Mismatch" auto-mitigation: point the fallback alias at gpt-5.3-codex until the Spark error ratio is back under the threshold: `provops mitigate spark-fallback` shows the write, `--apply` makes it (`--revert` undoes it).',
  quotaPressure:
    'Runbook "Rotation and Quota Strategy": treat this as quota pressure and rotate capacity: add keys/providers, shift traffic to the fallback prefix, reduce concurrency.',
  kiroQuota:
    'Runbook "Rotation and Quota Strategy": keep more than one Kiro credential and an alternate provider for Kiro-served models; before the quota runs out, shift that traffic to the fallback prefix or add a credential.',
  kiroCredential:
    'Runbook "Repeated 401/403": for OAuth providers such as kiro, verify the token file in the auth dir and its refresh path (log the account in again if its refresh token is gone), then re-run `provops check kiro-quota`.',
  degradedProvider:
    'Runbook "Rotation and Quota Strategy": if one provider is degraded, reroute by updating model prefix policy and aliases; check its auth files and the gateway log for the failing status.',
} as const;
