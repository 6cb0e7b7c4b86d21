// Onboard step 5: one request through the new prefix. By default the token-free
// POST /v1/messages/count_tokens (it resolves the model and picks a credential like a real request);
// `completion` sends one minimal chat completion and spends a token. Reports status, latency, the
// credential that served it when the gateway says (X-CPA-TRACE-ID), and on failure the body and playbook.
import type { WritableGateway } from '../../gateway/client.js';
import { describeBody } from '../../gateway/response.js';
import { fetchUsage } from '../../gateway/usage.js';
import { messageOf } from '../../errors.js';

export type CanaryKind = 'count-tokens' | 'completion';
export const CANARY_KINDS = ['count-tokens', 'completion', 'none'] as const;

export interface CanaryResult {
  kind: CanaryKind;
  model: string;
  request: string;
  status: 'pass' | 'fail' | 'error';
  httpStatus: number | undefined;
  latencyMs: number | undefined;
  summary: string;
  spendsTokens: boolean;
  /** The serving credential's auth_index, from X-CPA-TRACE-ID (CLIProxyAPI >= v7.2.84) or the fork's usage details. */
  servedBy: string | undefined;
  servedBySource: 'trace' | 'usage' | undefined;
  body: string | undefined;
  playbook: string | undefined;
}

/** The playbook (and the triage command) an error answer points to. */
export function playbookFor(status: number, body: string, model: string): string | undefined {
  if (/unknown provider|model_not_found/i.test(body))
    return `"502 unknown provider for model ...": provops triage 502 --model ${model}`;
  if (status === 401 || status === 403 || /auth_unavailable|auth_not_found/i.test(body))
    return '"Repeated 401/403": provops triage 401';
  if (status === 429) return '"Repeated 429": provops triage 429';
  if (status === 406) return `"iFlow glm-4.7 returns 406": provops triage iflow-406 --model ${model}`;
  if (/gpt-5\.3-codex-spark/.test(model)) return '"Copilot Spark Mismatch": provops triage spark';
  return undefined;
}

export async function runCanary(
  gateway: WritableGateway,
  kind: CanaryKind,
  model: string,
  signal: AbortSignal,
  /** The clock the gateway's usage timestamps are compared with. */
  now: () => number = Date.now,
): Promise<CanaryResult> {
  const messages = [{ role: 'user', content: 'Reply OK' }];
  const [path, body] =
    kind === 'count-tokens'
      ? ['/v1/messages/count_tokens', { model, messages }]
      : ['/v1/chat/completions', { model, messages, max_tokens: 1, stream: false }];
  const base = { kind, model, request: `POST ${path}`, spendsTokens: kind === 'completion' };
  try {
    const res = await gateway.send('POST', path, body, signal);
    const trace = /^\d+-([0-9a-f]{16})-/.exec(res.headers['x-cpa-trace-id'] ?? '');
    const sentAt = now() - res.durationMs;
    const servedBy =
      trace?.[1] ?? (kind === 'completion' ? await servedFromUsage(gateway, model, sentAt, signal) : undefined);
    const common = {
      ...base,
      httpStatus: res.status,
      latencyMs: res.durationMs,
      servedBy,
      servedBySource: trace ? ('trace' as const) : servedBy ? ('usage' as const) : undefined,
    };
    if (res.status === 200)
      return {
        ...common,
        status: 'pass',
        summary: `POST ${path} (${model}) → 200 in ${res.durationMs} ms`,
        body: undefined,
        playbook: undefined,
      };
    const text = res.body.toString('utf8').slice(0, 2000);
    return {
      ...common,
      status: 'fail',
      summary: `POST ${path} (${model}) → ${res.status} ${describeBody(res)} in ${res.durationMs} ms`,
      body: text,
      playbook: playbookFor(res.status, text, model),
    };
  } catch (err) {
    return {
      ...base,
      status: 'error',
      httpStatus: undefined,
      latencyMs: undefined,
      servedBy: undefined,
      servedBySource: undefined,
      summary: `POST ${path} failed: ${messageOf(err)}`,
      body: undefined,
      playbook: undefined,
    };
  }
}

/**
 * The fork sends no trace header, but its /usage records each completion with the credential that
 * served it: the newest detail for the canary's model within a minute of sending it (clocks may differ).
 * Needs the management key; undefined when the gateway cannot say.
 */
async function servedFromUsage(
  gateway: WritableGateway,
  model: string,
  sentAt: number,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (!gateway.hasManagementKey) return undefined;
  const usage = await fetchUsage(gateway, signal);
  if (!usage.ok) return undefined;
  const near = usage.value.requests.filter((r) => r.model === model && Math.abs(r.at - sentAt) <= 60_000);
  return near.sort((a, b) => b.at - a.at)[0]?.authIndex;
}
