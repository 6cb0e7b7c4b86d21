// The gateway's credential errors (reference §7, gateway-v8.md §2), read from the bodies real versions send.
import { describe, expect, it } from 'vitest';
import { fromStatus } from '../../checks/support/verdicts.js';
import type { GatewayResponse } from '../../src/gateway/client.js';
import { credentialErrorOf } from '../../src/gateway/error-body.js';

const res = (status: number, body: unknown, headers: Record<string, string> = {}): GatewayResponse =>
  ({
    path: '/v1/models',
    status,
    body: Buffer.from(JSON.stringify(body)),
    durationMs: 1,
    headers: { 'content-type': 'application/json', ...headers },
  }) as GatewayResponse;

describe('credential errors', () => {
  it('503 auth_unavailable with its providers/model suffix (v7.2+)', () => {
    const r = res(503, {
      error: {
        message:
          'auth_unavailable: no auth available (providers=claude,codex, model=claude-sonnet-4-5); check Claude auth/key session and cooldown state via /v0/management/auth-files',
        type: 'server_error',
        code: 'internal_server_error',
      },
    });
    expect(credentialErrorOf(r)).toEqual({
      kind: 'auth-unavailable',
      message: 'auth_unavailable: no auth available (providers=claude,codex, model=claude-sonnet-4-5)',
      providers: ['claude', 'codex'],
      model: 'claude-sonnet-4-5',
    });
    expect(fromStatus(r)).toMatchObject({
      status: 'fail',
      summary:
        'GET /v1/models → 503 no usable credential (providers claude, codex, model claude-sonnet-4-5): "auth_unavailable: no auth available (providers=claude,codex, model=claude-sonnet-4-5)"',
      hint: expect.stringContaining('GET /v8/management/credentials'),
    });
  });

  it('500 auth_not_found on the old fork, without a suffix', () => {
    const r = res(500, { error: { message: 'auth_not_found: no auth available', type: 'server_error' } });
    expect(credentialErrorOf(r)).toMatchObject({ kind: 'auth-unavailable', providers: [], model: undefined });
    expect(fromStatus(r).summary).toBe(
      'GET /v1/models → 500 no usable credential: "auth_not_found: no auth available"',
    );
  });

  it('both model_cooldown bodies: with provider (v6.8/v7) and with last_upstream_error but no provider (v7.2.149+)', () => {
    const old = res(
      429,
      {
        error: {
          code: 'model_cooldown',
          message: 'All credentials for model claude-sonnet-4-5-20250929 are cooling down via provider claude',
          model: 'claude-sonnet-4-5-20250929',
          provider: 'claude',
          reset_seconds: 37,
          reset_time: '37s',
        },
      },
      { 'retry-after': '37' },
    );
    expect(credentialErrorOf(old)).toEqual({
      kind: 'cooldown',
      model: 'claude-sonnet-4-5-20250929',
      provider: 'claude',
      lastError: undefined,
      resetSeconds: 37,
    });
    const newer = res(429, {
      error: {
        code: 'model_cooldown',
        last_upstream_error: 'usage_limit_reached: The usage limit has been reached',
        message: 'All credentials for model gpt-5.6-sol are cooling down (last error: usage_limit_reached: …)',
        model: 'gpt-5.6-sol',
        reset_seconds: 495669,
        reset_time: '137h41m9s',
      },
    });
    expect(credentialErrorOf(newer)).toEqual({
      kind: 'cooldown',
      model: 'gpt-5.6-sol',
      provider: undefined,
      lastError: 'usage_limit_reached: The usage limit has been reached',
      resetSeconds: 495669,
    });
  });

  it('other error bodies are left to the generic wording', () => {
    const r = res(502, { error: { message: 'unknown provider for model x', type: 'server_error' } });
    expect(credentialErrorOf(r)).toBeUndefined();
    expect(fromStatus(r).summary).toBe('GET /v1/models → 502 "unknown provider for model x"');
  });
});
