// The gateway's own error bodies that say something about its credentials (reference §7, gateway-v8.md
// §2): 429 model_cooldown (every credential for a model cooling down; newer builds add
// last_upstream_error and may drop provider) and auth_unavailable / auth_not_found (no usable
// credential: 503 on CLIProxyAPI v7.2+ with a "(providers=…, model=…)" suffix, 500 on the old fork).
import type { GatewayResponse } from './client.js';
import { isRecord, quote } from './response.js';

export type CredentialError =
  | {
      kind: 'cooldown';
      model: string | undefined;
      provider: string | undefined;
      lastError: string | undefined;
      /** Retry-After or reset_seconds. */
      resetSeconds: number | undefined;
    }
  | { kind: 'auth-unavailable'; message: string; providers: string[]; model: string | undefined };

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function credentialErrorOf(res: GatewayResponse): CredentialError | undefined {
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
  const error = isRecord(body) ? body.error : undefined;
  if (!isRecord(error)) return undefined;
  const message = text(error.message) ?? '';
  if (error.code === 'model_cooldown' || /^All credentials for model .* are cooling down/.test(message)) {
    const retryAfter = Number(res.headers['retry-after']);
    const reset = typeof error.reset_seconds === 'number' ? error.reset_seconds : undefined;
    return {
      kind: 'cooldown',
      model: text(error.model) ?? /for model (\S+)/.exec(message)?.[1],
      provider: text(error.provider) ?? /via provider (\S+)/.exec(message)?.[1],
      lastError: text(error.last_upstream_error),
      resetSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : reset,
    };
  }
  if (/^auth_(unavailable|not_found)\b/.test(message)) {
    const suffix = /\(providers=([^)]*?), model=([^;)]+)/.exec(message);
    return {
      kind: 'auth-unavailable',
      message: quote(message.replace(/; check Claude auth.*$/, ''), 160),
      providers: suffix?.[1] ? suffix[1].split(/[,\s]+/).filter(Boolean) : [],
      model: suffix?.[2]?.trim(),
    };
  }
  return undefined;
}

const CREDENTIALS_HINT =
  "Check the credentials behind it: GET /v0/management/auth-files (GET /v8/management/credentials on v8) shows each one's status, status_message and cooldowns; re-login or replace the failing ones, or add capacity.";

/** A one-line summary and a hint for a credential error, or undefined when the body is not one. */
export function describeCredentialError(res: GatewayResponse): { summary: string; hint: string } | undefined {
  const e = credentialErrorOf(res);
  if (!e) return undefined;
  const line = `GET ${res.path} → ${res.status}`;
  if (e.kind === 'cooldown') {
    const what = `every credential for model ${e.model ?? '?'}${e.provider ? ` (provider ${e.provider})` : ''} is cooling down`;
    const last = e.lastError ? `; last upstream error: "${quote(e.lastError, 80)}"` : '';
    const reset = e.resetSeconds !== undefined ? `; retry in ${e.resetSeconds} s` : '';
    return {
      summary: `${line} model_cooldown: ${what}${last}${reset}`,
      hint: `Runbook "Repeated 429": add capacity (extra keys/providers) or shift traffic to a fallback prefix. ${CREDENTIALS_HINT}`,
    };
  }
  const where = [e.providers.length ? `providers ${e.providers.join(', ')}` : '', e.model ? `model ${e.model}` : '']
    .filter(Boolean)
    .join(', ');
  return {
    summary: `${line} no usable credential${where ? ` (${where})` : ''}: "${e.message}"`,
    hint: `Runbook "Repeated 401/403": recheck credential validity and token freshness. ${CREDENTIALS_HINT}`,
  };
}
