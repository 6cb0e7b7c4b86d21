// The routes outside the management API: the banner, /healthz, /v1/models in its OpenAI and Claude
// shapes, the fork's /v1/metrics/providers and the inference routes (for their error bodies).
import { countServed, countTokensRoute, listedModels, ownerOf, plantedReply, traceHeaders } from './canary-routes.js';
import { clientKeyCandidates, header, type Handler, type SimContext, type SimRequest } from './context.js';
import { json, errorJson, notFound, type Reply } from './reply.js';
import { goSeconds } from './time.js';
import type { ModelSpec } from './scenarios/types.js';

type Route = { method: string; path: string; auth: boolean; handle: Handler };

/** The client key's verdict (reference §3); undefined when the request may pass. */
export function clientAuth(req: SimRequest, ctx: SimContext): { key: string } | { reply: Reply } {
  const candidates = clientKeyCandidates(req);
  if (!candidates.length) return { reply: errorJson(401, 'Missing API key') };
  const key = candidates.find((c) => ctx.apiKeys.has(c));
  return key === undefined ? { reply: errorJson(401, 'Invalid API key') } : { key };
}

const banner: Handler = (_req, ctx) =>
  json(200, { message: 'CLI Proxy API Server', endpoints: ctx.profile.bannerEndpoints });

function wantsClaudeShape(req: SimRequest, ctx: SimContext): boolean {
  if ((header(req, 'user-agent') ?? '').startsWith('claude-cli')) return true;
  return ctx.flavor !== 'plus' && header(req, 'anthropic-version') !== undefined;
}

const THINKING = { supported: true, min: 1024, max: 128000, zero_allowed: true, dynamic_allowed: false };

/** Upstream since v7.2.55 cloaks non-claude ids in the Claude listing: "claude-fable-5-dd-" + the id reversed. */
export function cloak(id: string): string {
  return id.startsWith('claude-') ? id : `claude-fable-5-dd-${[...id].reverse().join('')}`;
}

function claudeModels(models: ModelSpec[], ctx: SimContext): Reply {
  let data: Array<Record<string, unknown>>;
  if (ctx.flavor === 'plus') {
    data = models.map((m) => ({
      id: m.id,
      object: 'model',
      owned_by: m.ownedBy,
      created_at: ctx.data.created(m),
      type: 'model',
      display_name: m.displayName ?? m.id,
      ...(m.thinking ? { thinking: true, extended_thinking: THINKING } : {}),
    }));
  } else {
    data = models
      .map((m) => ({
        id: cloak(m.id),
        object: 'model',
        owned_by: m.ownedBy,
        created_at: new Date(ctx.data.created(m) * 1000).toISOString().replace('.000Z', 'Z'),
        type: 'model',
        display_name: m.displayName ?? cloak(m.id),
        max_input_tokens: 200000,
        max_tokens: 64000,
        ...(m.thinking ? { thinking: true, extended_thinking: THINKING } : {}),
      }))
      .sort(
        (a, b) =>
          String(a.display_name).localeCompare(String(b.display_name)) || String(a.id).localeCompare(String(b.id)),
      );
  }
  return json(200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}

const models: Handler = (req, ctx) => {
  const listed = listedModels(req, ctx);
  if (wantsClaudeShape(req, ctx)) return claudeModels(listed, ctx);
  return json(200, {
    object: 'list',
    data: listed.map((m) => ({ id: m.id, object: 'model', created: ctx.data.created(m), owned_by: m.ownedBy })),
  });
};

const metrics: Handler = (_req, ctx) => json(200, ctx.data.metrics(ctx.now()));

/** The inference routes: only their model check and error bodies matter to provops (reference §7). */
function inference(shape: 'chat' | 'messages' | 'responses'): Handler {
  return (req, ctx) => {
    let model: unknown;
    try {
      model = (JSON.parse(req.body || 'null') as { model?: unknown } | null)?.model;
    } catch (err) {
      return json(400, {
        error: { message: `Invalid request: ${(err as Error).message}`, type: 'invalid_request_error' },
      });
    }
    if (typeof model !== 'string' || !model)
      return json(400, { error: { message: 'Invalid request: model is required', type: 'invalid_request_error' } });
    const owner = ownerOf(model, listedModels(req, ctx));
    if (owner === undefined) return unknownModel(model, ctx);
    const planted = plantedReply(model, ctx);
    countServed(req, ctx, model, owner, planted?.status ?? 200);
    if (planted) return { ...planted, headers: { ...planted.headers, ...traceHeaders(ctx, owner) } };
    const reply = answer(shape, model, ctx);
    return { ...reply, headers: { ...reply.headers, ...traceHeaders(ctx, owner) } };
  };
}

function answer(shape: 'chat' | 'messages' | 'responses', model: string, ctx: SimContext): Reply {
  const created = Math.floor(ctx.now() / 1000);
  const text = 'Simulated reply from the provops gateway simulator.';
  if (shape === 'messages')
    return json(200, {
      id: `msg_sim_${created}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 12, output_tokens: 9 },
    });
  if (shape === 'responses')
    return json(200, {
      id: `resp_sim_${created}`,
      object: 'response',
      created_at: created,
      model,
      status: 'completed',
      output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }],
    });
  return json(200, {
    id: `chatcmpl-sim-${created}`,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
  });
}

export function unknownModel(model: string, ctx: SimContext): Reply {
  const message = `unknown provider for model ${model}`;
  if (ctx.flavor === 'plus')
    return json(502, { error: { message, type: 'server_error', code: 'internal_server_error' } });
  return json(400, { error: { message, type: 'invalid_request_error', code: 'model_not_found', param: 'model' } });
}

/** The provider a model's credentials belong to, as the cooldown error names it. */
const PROVIDER_OF_OWNER: Record<string, string> = {
  anthropic: 'claude',
  openai: 'codex',
  aws: 'kiro',
  google: 'gemini',
};

/** 429 when every credential for the model is cooling down (modelCooldownError, reference §7). */
export function cooldown(req: SimRequest, ctx: SimContext, seconds: number): Reply {
  let model = 'claude-sonnet-4-5-20250929';
  try {
    const asked = (JSON.parse(req.body || 'null') as { model?: unknown } | null)?.model;
    if (typeof asked === 'string' && asked) model = asked;
  } catch {
    // keep the default model: the body is not what this fault is about
  }
  const owner = ctx.data.scenario.models.find((m) => m.id === model)?.ownedBy ?? 'anthropic';
  const provider = PROVIDER_OF_OWNER[owner] ?? owner;
  if (ctx.profile.v8) {
    // v7.2.149+ (issue #5639): last_upstream_error, and no provider
    const last = 'usage_limit_reached: The usage limit has been reached';
    return json(
      429,
      {
        error: {
          code: 'model_cooldown',
          last_upstream_error: last,
          message: `All credentials for model ${model} are cooling down (last error: ${last})`,
          model,
          reset_seconds: seconds,
          reset_time: goSeconds(seconds),
        },
      },
      { 'retry-after': String(seconds) },
    );
  }
  return json(
    429,
    {
      error: {
        code: 'model_cooldown',
        message: `All credentials for model ${model} are cooling down via provider ${provider}`,
        model,
        provider,
        reset_seconds: seconds,
        reset_time: goSeconds(seconds),
      },
    },
    { 'retry-after': String(seconds) },
  );
}

function routes(ctx: SimContext): Route[] {
  const list: Route[] = [
    { method: 'GET', path: '/', auth: false, handle: banner },
    { method: 'GET', path: '/v1/models', auth: true, handle: models },
    { method: 'POST', path: '/v1/chat/completions', auth: true, handle: inference('chat') },
    { method: 'POST', path: '/v1/completions', auth: true, handle: inference('chat') },
    { method: 'POST', path: '/v1/messages', auth: true, handle: inference('messages') },
    { method: 'POST', path: '/v1/messages/count_tokens', auth: true, handle: countTokensRoute(unknownModel) },
    { method: 'POST', path: '/v1/responses', auth: true, handle: inference('responses') },
  ];
  if (ctx.profile.healthz) {
    list.push({ method: 'GET', path: '/healthz', auth: false, handle: () => json(200, { status: 'ok' }) });
    list.push({
      method: 'HEAD',
      path: '/healthz',
      auth: false,
      handle: () => ({ status: 200, headers: {}, body: '' }),
    });
  }
  if (ctx.profile.metrics) list.push({ method: 'GET', path: '/v1/metrics/providers', auth: false, handle: metrics });
  return list;
}

export function handleClient(req: SimRequest, ctx: SimContext): Reply {
  // gin answers a known path with the wrong method as an unknown route (HandleMethodNotAllowed is off).
  const route = routes(ctx).find((r) => r.method === req.method && r.path === req.path);
  if (!route) return notFound(ctx.flavor);
  if (route.auth) {
    const auth = clientAuth(req, ctx);
    if ('reply' in auth) return auth.reply;
  }
  return route.handle(req, ctx);
}
