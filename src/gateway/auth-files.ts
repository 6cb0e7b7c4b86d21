// GET /v0/management/auth-files (on CLIProxyAPI v8 GET /v8/management/credentials, the same handler):
// the gateway's credentials, {"files":[...]}. v8-era entries add cooldowns (two shapes seen), passive
// quota signals and per-credential counters (gateway-v8.md §3.4); provops reads the cooldowns as facts
// and the quota signals as advisory only: the gateway itself neither selects nor cools down by them.
import type { Gateway, GatewayResponse } from './client.js';
import { readEndpoint, type Outcome } from './read.js';
import { BadBody, isRecord, readJson } from './response.js';

export const AUTH_FILES_PATH = '/v0/management/auth-files';
export const CREDENTIALS_V8_PATH = '/v8/management/credentials';

export interface Cooldown {
  /** The model it applies to; undefined for a credential-wide cooldown. */
  model: string | undefined;
  reason: string | undefined;
  /** RFC 3339, as the gateway sent it. */
  until: string | undefined;
}

export interface AuthFile {
  /** 16 hex characters (sha256 of "file:<name>"), the handle other management routes take. */
  authIndex: string | undefined;
  provider: string;
  /** What an operator recognises: the account label or email, else the file name. */
  label: string;
  name: string;
  /** active, error, disabled, ... (v8 docs also show "ready"; any string is kept) and the gateway's reason (token_invalidated, quota exceeded, ...). */
  status: string | undefined;
  statusMessage: string | undefined;
  /** Suspended (cooldown after a 401/403/429) or disabled: the selector skips it. */
  unavailable: boolean;
  disabled: boolean;
  /** When a suspended credential is tried again, as the gateway wrote it (upstream only). */
  nextRetryAfter: string | undefined;
  /** Active cooldowns: v8's cooldowns[] in either shape, or a v7 next_retry_after on an unavailable credential. */
  cooldowns: Cooldown[];
  /** quota.signals: the last quota headers the gateway saw for it. Advisory: never a verdict. */
  quotaSignals: Record<string, string>;
}

/**
 * GET the credentials from the tree the gateway's version has: /v8/management/credentials once an answer
 * named v8, else auth-files (which v8 also serves, from the same handler: so the run's first management
 * request, the key test, needs no version probe before it).
 */
export async function fetchAuthFiles(gateway: Gateway, signal: AbortSignal): Promise<Outcome<AuthFile[]>> {
  return readEndpoint(gateway, AUTH_FILES_PATH, signal, parseAuthFiles, { v8Path: CREDENTIALS_V8_PATH });
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function parseAuthFiles(res: GatewayResponse): AuthFile[] {
  const body = readJson(res);
  if (!isRecord(body) || !Array.isArray(body.files)) {
    throw new BadBody(
      `GET ${res.path} → ${res.status} but the body is not {"files":[...]}${Array.isArray(body) ? ' (a bare list, as older docs show)' : ''}`,
    );
  }
  return body.files.map((f, i) => {
    if (!isRecord(f)) throw new BadBody(`GET ${res.path} → ${res.status} but files[${i}] is not an object`);
    const name = text(f.name) ?? text(f.id) ?? `files[${i}]`;
    const provider = (text(f.provider) ?? text(f.type) ?? 'unknown').toLowerCase();
    const unavailable = f.unavailable === true;
    return {
      authIndex: text(f.auth_index),
      provider,
      label: text(f.label) ?? text(f.email) ?? text(f.account) ?? name,
      name,
      status: text(f.status),
      statusMessage: text(f.status_message),
      unavailable,
      disabled: f.disabled === true,
      nextRetryAfter: text(f.next_retry_after),
      cooldowns: cooldownsOf(f, unavailable),
      quotaSignals: signalsOf(f.quota),
    };
  });
}

/**
 * Both shapes seen for cooldowns[]: (a) {model, status, reason, next_retry_after} and (b) {scope,
 * model_key, reason, retry_at, remaining_seconds, http_status}; without it, a v7 entry's
 * unavailable + next_retry_after. Anything else in the list is ignored, never guessed at.
 */
function cooldownsOf(f: Record<string, unknown>, unavailable: boolean): Cooldown[] {
  const list = Array.isArray(f.cooldowns) ? f.cooldowns.filter(isRecord) : [];
  const cooldowns = list.slice(0, 50).map((c) => ({
    model: text(c.model) ?? text(c.model_key),
    reason: text(c.reason) ?? (typeof c.http_status === 'number' ? `HTTP ${c.http_status}` : undefined),
    until: text(c.next_retry_after) ?? text(c.retry_at),
  }));
  if (!cooldowns.length && unavailable && text(f.next_retry_after))
    cooldowns.push({ model: undefined, reason: undefined, until: text(f.next_retry_after) });
  return cooldowns;
}

/** quota.signals as string pairs; at most 20, values cut short (they are header values). */
function signalsOf(quota: unknown): Record<string, string> {
  if (!isRecord(quota) || !isRecord(quota.signals)) return {};
  const pairs = Object.entries(quota.signals)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .slice(0, 20)
    .map(([k, v]) => [k.slice(0, 80), String(v).slice(0, 80)]);
  return Object.fromEntries(pairs);
}

/** "2 cooling down (gpt-5 until 2026-09-20T11:00:00Z: quota)", for details lines. */
export function describeCooldowns(file: AuthFile): string | undefined {
  if (!file.cooldowns.length) return undefined;
  const shown = file.cooldowns
    .slice(0, 3)
    .map((c) => `${c.model ?? 'all models'}${c.until ? ` until ${c.until}` : ''}${c.reason ? `: ${c.reason}` : ''}`);
  return `cooling down (${shown.join('; ')}${file.cooldowns.length > 3 ? `; ${file.cooldowns.length - 3} more` : ''})`;
}
