// GET /v0/management/auth-files: the gateway's file-backed (OAuth) credentials, {"files":[...]}.
import type { Gateway, GatewayResponse } from './client.js';
import { readEndpoint, type Outcome } from './read.js';
import { BadBody, isRecord, readJson } from './response.js';

export const AUTH_FILES_PATH = '/v0/management/auth-files';

export interface AuthFile {
  /** 16 hex characters (sha256 of "file:<name>"), the handle other management routes take. */
  authIndex: string | undefined;
  provider: string;
  /** What an operator recognises: the account label or email, else the file name. */
  label: string;
  name: string;
  /** active, error, disabled, ... and the gateway's reason (token_invalidated, quota exceeded, ...). */
  status: string | undefined;
  statusMessage: string | undefined;
  /** Suspended (cooldown after a 401/403/429) or disabled: the selector skips it. */
  unavailable: boolean;
  disabled: boolean;
  /** When a suspended credential is tried again, as the gateway wrote it (upstream only). */
  nextRetryAfter: string | undefined;
}

export function fetchAuthFiles(gateway: Gateway, signal: AbortSignal): Promise<Outcome<AuthFile[]>> {
  return readEndpoint(gateway, AUTH_FILES_PATH, signal, parseAuthFiles);
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
    return {
      authIndex: text(f.auth_index),
      provider,
      label: text(f.label) ?? text(f.email) ?? text(f.account) ?? name,
      name,
      status: text(f.status),
      statusMessage: text(f.status_message),
      unavailable: f.unavailable === true,
      disabled: f.disabled === true,
      nextRetryAfter: text(f.next_retry_after),
    };
  });
}
