// What a canary request meets: the listing with live alias changes applied, the scenario's planted
// upstream answers per model (an iFlow 406, Spark refused for a ChatGPT account), the token-free
// POST /v1/messages/count_tokens, and upstream's X-CPA-TRACE-ID naming the credential that served it.
import { clientKeyCandidates, type Handler, type SimContext, type SimRequest } from './context.js';
import { authIndexOf, credentialIndex } from './data.js';
import { hex, rng, seedOf } from './random.js';
import { json, type Reply } from './reply.js';
import type { ModelSpec } from './scenarios/types.js';

/** What GET /v1/models lists for the request's key, with the aliases written since start applied. */
export function listedModels(req: SimRequest, ctx: SimContext): ModelSpec[] {
  return ctx.aliases.apply(ctx.data.models(clientKeyCandidates(req).find((c) => ctx.apiKeys.has(c))));
}

/** The credential provider behind a model owner, as auth files name it. */
const PROVIDER_OF_OWNER: Record<string, string> = {
  openai: 'codex',
  anthropic: 'claude',
  aws: 'kiro',
  google: 'gemini',
};

/** The credential that serves `owner`'s models: its auth file's name, or the config block's name. */
function servingCredential(owner: string, ctx: SimContext): string {
  const provider = PROVIDER_OF_OWNER[owner] ?? owner;
  return ctx.data.authFiles().find((f) => f.provider === provider && !f.unavailable)?.name ?? owner;
}

/** The 16-hex auth_index of the credential that serves `owner`'s models. */
function servingIndex(owner: string, ctx: SimContext): string {
  const name = servingCredential(owner, ctx);
  return name.endsWith('.json') ? authIndexOf(name) : credentialIndex(name);
}

/**
 * A completion the simulator answered counts in /usage as the gateway's statistics would count it:
 * under the client key, the model asked for and the credential that served it (the fork's way of
 * saying which credential served a request, since it sends no trace header).
 */
export function countServed(req: SimRequest, ctx: SimContext, model: string, owner: string, status: number): void {
  const ok = status < 400;
  const apiKey = clientKeyCandidates(req).find((c) => ctx.apiKeys.has(c));
  if (apiKey === undefined) return;
  const tokens = ok
    ? { input_tokens: 12, output_tokens: 1, reasoning_tokens: 0, cached_tokens: 0, total_tokens: 13 }
    : { input_tokens: 0, output_tokens: 0, reasoning_tokens: 0, cached_tokens: 0, total_tokens: 0 };
  ctx.data.served.push({
    at: ctx.now(),
    status,
    latencyMs: 1,
    clientIp: req.clientIp,
    method: req.method,
    path: req.path,
    requestId: undefined,
    usage: { apiKey, model, authFile: servingCredential(owner, ctx), failed: !ok, tokens },
  });
}

/** [UP] >= v7.2.84: `X-CPA-TRACE-ID: <unix ms>-<auth_index>-<request id>`; the fork sends none. */
export function traceHeaders(ctx: SimContext, owner: string): Record<string, string> {
  if (ctx.flavor !== 'upstream') return {};
  const now = ctx.now();
  const requestId = hex(rng(seedOf('trace', now, owner.length)), 8);
  return { 'x-cpa-trace-id': `${now}-${servingIndex(owner, ctx)}-${requestId}` };
}

/**
 * The scenario's planted upstream answer for `model`, if any. A model routed through an alias added
 * since start reaches the alias's target instead, so the fallback alias cures a planted Spark refusal.
 */
export function plantedReply(model: string, ctx: SimContext): Reply | undefined {
  const upstream = ctx.aliases.routedName(model) ?? model;
  const planted = ctx.data.scenario.plantedReplies?.[upstream];
  return planted && json(planted.status, planted.body, planted.headers ?? {});
}

/** The owner whose credential serves a listed model (the first listing entry, as the selector would). */
export function ownerOf(model: string, listed: ModelSpec[]): string | undefined {
  return listed.find((m) => m.id === model)?.ownedBy;
}

/** A rough token count of a request body (the gateway counts locally for some providers, upstream for others). */
function countTokens(body: Record<string, unknown>): number {
  const text = JSON.stringify(body.messages ?? []) + JSON.stringify(body.system ?? '');
  return Math.max(1, Math.ceil(text.length / 4));
}

/** POST /v1/messages/count_tokens: resolves the model and picks a credential like a real request, spends nothing. */
export function countTokensRoute(unknownModel: (model: string, ctx: SimContext) => Reply): Handler {
  return (req, ctx) => {
    let body: Record<string, unknown> | null;
    try {
      body = JSON.parse(req.body || 'null') as Record<string, unknown> | null;
    } catch (err) {
      return json(400, {
        error: { message: `Invalid request: ${(err as Error).message}`, type: 'invalid_request_error' },
      });
    }
    const model = body?.model;
    if (typeof model !== 'string' || !model)
      return json(400, { error: { message: 'Invalid request: model is required', type: 'invalid_request_error' } });
    const listed = listedModels(req, ctx);
    const owner = ownerOf(model, listed);
    if (owner === undefined) return unknownModel(model, ctx);
    const planted = plantedReply(model, ctx);
    if (planted) return { ...planted, headers: { ...planted.headers, ...traceHeaders(ctx, owner) } };
    return json(200, { input_tokens: countTokens(body ?? {}) }, traceHeaders(ctx, owner));
  };
}
