// The simulator's management writes (oauth-model-alias), the count_tokens canary route, planted
// upstream answers and the trace header: what onboard, triage and mitigate run against.
import { describe, expect, it } from 'vitest';
import { bearer, getJson, NOW, send, withSimulator } from './helpers.js';

const ALIAS = '/v0/management/oauth-model-alias';
const SPARK = 'gpt-5.3-codex-spark';
const fallback = { name: 'gpt-5.3-codex', alias: SPARK, fork: true };

async function modelIds(url: string, key: string): Promise<Array<[string, string]>> {
  const res = await getJson(`${url}/v1/models`, bearer(key));
  return (res.json as { data: Array<{ id: string; owned_by: string }> }).data.map((m) => [m.id, m.owned_by]);
}

describe('oauth-model-alias writes', () => {
  it('PATCH replaces one channel, GET and /config read it back, /v1/models lists the alias', async () => {
    await withSimulator({ scenario: 'incident', now: NOW }, async (sim) => {
      const mk = bearer(sim.keys.managementKey);
      expect(await modelIds(sim.url, sim.keys.apiKey)).not.toContainEqual([SPARK, 'openai']);
      const res = await send(`${sim.url}${ALIAS}`, {
        method: 'PATCH',
        headers: { ...mk, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'codex', aliases: [fallback] }),
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
      const read = (await getJson(`${sim.url}${ALIAS}`, mk)).json as { 'oauth-model-alias': Record<string, unknown> };
      expect(read['oauth-model-alias'].codex).toEqual([fallback]);
      expect(read['oauth-model-alias'].kiro).toBeDefined(); // the other channels are untouched
      const config = (await getJson(`${sim.url}/v0/management/config`, mk)).json as Record<string, unknown>;
      expect((config['oauth-model-alias'] as Record<string, unknown>).codex).toEqual([fallback]);
      expect(await modelIds(sim.url, sim.keys.apiKey)).toContainEqual([SPARK, 'openai']);
      // fork: true keeps the target listed
      expect(await modelIds(sim.url, sim.keys.apiKey)).toContainEqual(['gpt-5.3-codex', 'openai']);
      expect(sim.hits.list({ method: 'PATCH' })).toEqual([
        expect.objectContaining({
          path: ALIAS,
          status: 200,
          body: JSON.stringify({ channel: 'codex', aliases: [fallback] }),
        }),
      ]);

      const del = await send(`${sim.url}${ALIAS}?channel=codex`, { method: 'DELETE', headers: mk });
      expect(del.status).toBe(200);
      expect(await modelIds(sim.url, sim.keys.apiKey)).not.toContainEqual([SPARK, 'openai']);
      expect((await send(`${sim.url}${ALIAS}?channel=codex`, { method: 'DELETE', headers: mk })).status).toBe(404);
    });
  });

  it('answers ok but drops what the sanitizer drops (alias == name, a repeated alias)', async () => {
    await withSimulator({ now: NOW }, async (sim) => {
      const mk = bearer(sim.keys.managementKey);
      const aliases = [
        { name: 'gpt-5.2', alias: 'gpt-5.2' },
        { name: 'gpt-5.3-codex', alias: 'fast' },
        { name: 'gpt-5.2', alias: 'fast' },
      ];
      const res = await send(`${sim.url}${ALIAS}`, {
        method: 'PATCH',
        headers: mk,
        body: JSON.stringify({ channel: 'codex', aliases }),
      });
      expect(res.status).toBe(200);
      const read = (await getJson(`${sim.url}${ALIAS}`, mk)).json as { 'oauth-model-alias': Record<string, unknown> };
      expect(read['oauth-model-alias'].codex).toEqual([{ name: 'gpt-5.3-codex', alias: 'fast' }]);
    });
  });

  it("with aliasWrites 'ignore' acknowledges the write and keeps nothing", async () => {
    await withSimulator({ now: NOW, aliasWrites: 'ignore' }, async (sim) => {
      const mk = bearer(sim.keys.managementKey);
      const res = await send(`${sim.url}${ALIAS}`, {
        method: 'PATCH',
        headers: mk,
        body: JSON.stringify({ channel: 'codex', aliases: [fallback] }),
      });
      expect(res.status).toBe(200);
      const read = (await getJson(`${sim.url}${ALIAS}`, mk)).json as { 'oauth-model-alias': Record<string, unknown> };
      expect(read['oauth-model-alias'].codex).toBeUndefined();
    });
  });

  it('a write with a wrong key is rejected like any management call', async () => {
    await withSimulator({ now: NOW }, async (sim) => {
      const res = await send(`${sim.url}${ALIAS}`, { method: 'PATCH', headers: bearer('wrong'), body: '{}' });
      expect(res.status).toBe(401);
      expect(sim.hits.count({ credential: 'bad-management', outcome: 'rejected' })).toBe(1);
    });
  });
});

describe('canary routes', () => {
  const countTokens = (url: string, key: string, model: string) =>
    send(`${url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Reply OK' }] }),
    });

  it('count_tokens resolves a listed model and spends nothing; an unlisted one gets the flavour error', async () => {
    await withSimulator({ scenario: 'onboarding', now: NOW }, async (sim) => {
      const ok = await countTokens(sim.url, sim.keys.apiKey, 'nim/kimi-k2-instruct');
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toEqual({ input_tokens: expect.any(Number) });
      expect(ok.headers['x-cpa-trace-id']).toBeUndefined(); // the fork sends none
      const missing = await countTokens(sim.url, sim.keys.apiKey, 'nim/deepseek-r1');
      expect(missing.status).toBe(502);
      expect(missing.body).toContain('unknown provider for model nim/deepseek-r1');
    });
  });

  it('upstream names the serving credential in X-CPA-TRACE-ID', async () => {
    await withSimulator({ flavor: 'upstream', now: NOW }, async (sim) => {
      const ok = await countTokens(sim.url, sim.keys.apiKey, 'claude-sonnet-4-5-20250929');
      expect(ok.status).toBe(200);
      expect(ok.headers['x-cpa-trace-id']).toMatch(/^\d+-[0-9a-f]{16}-[0-9a-f]{8}$/);
    });
  });

  it('planted upstream answers reach the client verbatim until an alias routes the model elsewhere', async () => {
    await withSimulator({ scenario: 'spark-errors', now: NOW }, async (sim) => {
      const chat = (model: string) =>
        send(`${sim.url}/v1/chat/completions`, {
          method: 'POST',
          headers: bearer(sim.keys.apiKey),
          body: JSON.stringify({
            model,
            messages: [{ role: 'user', content: 'Reply OK' }],
            max_tokens: 1,
            stream: false,
          }),
        });
      const refused = await chat(SPARK);
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('not supported when using Codex with a ChatGPT account');
      await send(`${sim.url}${ALIAS}`, {
        method: 'PATCH',
        headers: bearer(sim.keys.managementKey),
        body: JSON.stringify({ channel: 'codex', aliases: [fallback] }),
      });
      expect((await chat(SPARK)).status).toBe(200);
    });
  });
});
