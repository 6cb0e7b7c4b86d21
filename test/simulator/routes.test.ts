import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { bearer, getJson, NOW, send } from './helpers.js';

interface OpenAiList {
  object: string;
  data: Array<Record<string, unknown>>;
}

describe.each(['plus', 'upstream'] as const)('client routes, %s flavour', (flavor) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ flavor, now: NOW });
  });
  afterAll(() => sim.close());
  const plus = flavor === 'plus';

  it('GET / is the banner, with the fork listing its two extra endpoints', async () => {
    const res = await send(`${sim.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const base = ['POST /v1/chat/completions', 'POST /v1/completions', 'GET /v1/models'];
    expect(JSON.parse(res.body)).toEqual({
      message: 'CLI Proxy API Server',
      endpoints: plus ? [...base, 'GET /v1/metrics/providers', 'POST /v1/routing/select'] : base,
    });
  });

  it('health: /healthz on upstream (GET and HEAD), nothing on the fork; /health nowhere', async () => {
    const get = await send(`${sim.url}/healthz`);
    const head = await send(`${sim.url}/healthz`, { method: 'HEAD' });
    const health = await send(`${sim.url}/health`);
    if (plus) {
      expect([get.status, head.status]).toEqual([404, 404]);
    } else {
      expect(get.status).toBe(200);
      expect(JSON.parse(get.body)).toEqual({ status: 'ok' });
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
    }
    expect(health.status).toBe(404);
  });

  it('answers unknown routes with the flavour 404 body (text on the fork, empty upstream)', async () => {
    for (const path of ['/nope', '/health', '/v1/metrics', '/v0/operations/providers/status']) {
      const res = await send(`${sim.url}${path}`);
      expect(res.status).toBe(404);
      if (plus) {
        expect(res.headers['content-type']).toBe('text/plain');
        expect(res.body).toBe('404 page not found');
      } else {
        expect(res.body).toBe('');
        expect(res.headers['content-length']).toBe('0');
      }
    }
    // A known path with a method it does not serve is an unknown route too.
    expect((await send(`${sim.url}/v1/models`, { method: 'DELETE', headers: bearer(sim.keys.apiKey) })).status).toBe(
      404,
    );
  });

  it('sends CORS headers everywhere and answers OPTIONS with 204', async () => {
    for (const path of ['/', '/v1/models', '/nope', '/v0/management/logs'])
      expect((await send(`${sim.url}${path}`)).headers['access-control-allow-origin']).toBe('*');
    const pre = await send(`${sim.url}/v1/chat/completions`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.body).toBe('');
  });

  it('rejects client requests without a key, or with an unknown one, as the reference says', async () => {
    expect(await getJson(`${sim.url}/v1/models`)).toEqual({ status: 401, json: { error: 'Missing API key' } });
    expect(await getJson(`${sim.url}/v1/models`, bearer('sk-wrong-key'))).toEqual({
      status: 401,
      json: { error: 'Invalid API key' },
    });
  });

  it('takes the key from Authorization (bearer or bare), X-Goog-Api-Key, X-Api-Key, ?key= and ?auth_token=', async () => {
    const key = sim.keys.apiKey;
    const ways: Array<[string, Record<string, string>]> = [
      ['/v1/models', { authorization: `Bearer ${key}` }],
      ['/v1/models', { authorization: key }],
      ['/v1/models', { 'x-goog-api-key': key }],
      ['/v1/models', { 'x-api-key': key }],
      [`/v1/models?key=${key}`, {}],
      [`/v1/models?auth_token=${key}`, {}],
      // any valid candidate wins, even after a wrong one
      ['/v1/models', { authorization: 'Bearer nope', 'x-api-key': key }],
    ];
    for (const [path, headers] of ways)
      expect((await send(`${sim.url}${path}`, { headers })).status, JSON.stringify(headers)).toBe(200);
  });

  it('lists models in the OpenAI shape: only id, object, created, owned_by; an id once per owner', async () => {
    const { status, json } = await getJson(`${sim.url}/v1/models`, bearer(sim.keys.apiKey));
    expect(status).toBe(200);
    const list = json as OpenAiList;
    expect(list.object).toBe('list');
    for (const m of list.data) {
      expect(Object.keys(m).sort()).toEqual(['created', 'id', 'object', 'owned_by']);
      expect(m.object).toBe('model');
      expect(Number.isInteger(m.created)).toBe(true);
    }
    const owners = (id: string) =>
      list.data
        .filter((m) => m.id === id)
        .map((m) => m.owned_by)
        .sort();
    expect(owners('gpt-5.3-codex')).toEqual(plus ? ['github-copilot', 'openai'] : ['openai']);
    expect(owners('gpt-5.3-codex-spark')).toEqual(['openai']);
    expect(owners('claude-opus-4-6-thinking')).toEqual(['antigravity']);
    // Kiro (aws) and Copilot exist only in the fork.
    expect(list.data.some((m) => m.owned_by === 'aws')).toBe(plus);
    expect(list.data.find((m) => m.id === 'gpt-5.3-codex' && m.owned_by === 'openai')?.created).toBe(1770307200);
  });

  it('serves the Claude shape to claude-cli (and, upstream, to Anthropic-Version)', async () => {
    const { json } = await getJson(`${sim.url}/v1/models`, {
      ...bearer(sim.keys.apiKey),
      'user-agent': 'claude-cli/2.1.0 (external, cli)',
    });
    const list = json as { data: Array<Record<string, unknown>>; has_more: boolean; first_id: string; last_id: string };
    expect(list.has_more).toBe(false);
    expect(list.first_id).toBe(list.data[0]?.id);
    expect(list.last_id).toBe(list.data.at(-1)?.id);
    const sonnet = list.data.find((m) => m.id === 'claude-sonnet-4-5-20250929');
    expect(sonnet).toMatchObject({
      object: 'model',
      owned_by: 'anthropic',
      type: 'model',
      display_name: 'Claude 4.5 Sonnet',
      thinking: true,
      extended_thinking: { supported: true, min: 1024, max: 128000 },
    });
    if (plus) {
      expect(sonnet?.created_at).toBe(1759104000);
      expect(list.data.some((m) => m.id === 'gpt-5.3-codex-spark')).toBe(true);
    } else {
      expect(sonnet).toMatchObject({ created_at: '2025-09-29T00:00:00Z', max_input_tokens: 200000, max_tokens: 64000 });
      // non-claude ids are cloaked: "claude-fable-5-dd-" + the id reversed
      expect(list.data.some((m) => m.id === 'claude-fable-5-dd-kraps-xedoc-3.5-tpg')).toBe(true);
      const names = list.data.map((m) => String(m.display_name));
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    }
    const byVersion = await getJson(`${sim.url}/v1/models`, {
      ...bearer(sim.keys.apiKey),
      'anthropic-version': '2023-06-01',
    });
    expect('object' in (byVersion.json as object)).toBe(plus);
  });

  it('serves /v1/metrics/providers on the fork only, without auth, keyed by provider', async () => {
    const res = await getJson(`${sim.url}/v1/metrics/providers`);
    if (!plus) {
      expect(res.status).toBe(404);
      return;
    }
    expect(res.status).toBe(200);
    const metrics = res.json as Record<string, Record<string, number>>;
    // sk-ops-runbook-01 has no provider prefix: it is left out, as the fork does.
    expect(Object.keys(metrics)).toEqual(['antigravity', 'claude', 'codex', 'kiro']);
    for (const m of Object.values(metrics)) {
      expect(Object.keys(m).sort()).toEqual([
        'cost_per_1k_input',
        'cost_per_1k_output',
        'failure_count',
        'request_count',
        'success_count',
        'success_rate',
        'total_tokens',
      ]);
      expect(m.success_count! + m.failure_count!).toBe(m.request_count);
      expect(m.success_rate).toBe(m.success_count! / m.request_count!);
      expect(m.cost_per_1k_input).toBe(m.cost_per_1k_output! / 2);
    }
  });

  it('answers an unknown model with the flavour error (502 fork, 400 model_not_found upstream)', async () => {
    const res = await send(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...bearer(sim.keys.apiKey), 'content-type': 'application/json' },
      body: '{"model":"foo-model","messages":[]}',
    });
    const message = 'unknown provider for model foo-model';
    if (plus) {
      expect(res.status).toBe(502);
      expect(JSON.parse(res.body)).toEqual({ error: { message, type: 'server_error', code: 'internal_server_error' } });
    } else {
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({
        error: { message, type: 'invalid_request_error', code: 'model_not_found', param: 'model' },
      });
    }
  });

  it('answers a listed model, and a malformed body with 400 invalid_request_error', async () => {
    const ok = await send(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: bearer(sim.keys.apiKey),
      body: '{"model":"gpt-5.3-codex","messages":[]}',
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ object: 'chat.completion', model: 'gpt-5.3-codex' });
    const bad = await send(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: bearer(sim.keys.apiKey),
      body: '{"model":',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect((JSON.parse(bad.body) as { error: { message: string } }).error.message).toMatch(/^Invalid request: /);
    const anon = await send(`${sim.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"gpt-5.3-codex"}' });
    expect(anon.status).toBe(401);
  });
});

describe('hits', () => {
  it('counts requests per route and credential, never keeping a key', async () => {
    const sim = await startSimulator({ now: NOW });
    try {
      await send(`${sim.url}/v1/models`, { headers: bearer(sim.keys.apiKey) });
      await send(`${sim.url}/v1/models?key=wrong-key`);
      await send(`${sim.url}/v0/management/auth-files`, { headers: bearer(sim.keys.managementKey) });
      await send(`${sim.url}/v0/management/logs?after=1`, { headers: bearer('not-the-key') });
      await send(`${sim.url}/`);
      expect(sim.hits.count('GET /v1/models')).toBe(2);
      expect(sim.hits.count({ route: '/v1/models', credential: 'api' })).toBe(1);
      expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(1);
      expect(sim.hits.count({ route: '/v0/management/*', credential: 'management' })).toBe(1);
      expect(sim.hits.list({ credential: 'bad-management' })).toEqual([
        { method: 'GET', path: '/v0/management/logs', status: 401, credential: 'bad-management', outcome: 'rejected' },
      ]);
      expect(sim.hits.byRoute()).toEqual({
        'GET /v1/models': 2,
        'GET /v0/management/auth-files': 1,
        'GET /v0/management/logs': 1,
        'GET /': 1,
      });
      expect(sim.hits.byCredential()).toEqual({ api: 1, management: 1, 'bad-management': 1, none: 2 });
      const recorded = JSON.stringify(sim.hits.list());
      for (const secret of [sim.keys.apiKey, sim.keys.managementKey, 'wrong-key', 'not-the-key'])
        expect(recorded).not.toContain(secret);
      sim.hits.reset();
      expect(sim.hits.count()).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
