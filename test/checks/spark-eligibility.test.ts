import { afterEach, describe, expect, it } from 'vitest';
import check, { evaluate } from '../../checks/spark-eligibility.js';
import { testCheck } from '../helpers/check-tester.js';
import { modelList, type ModelEntry } from '../../src/gateway/models.js';
import { json, startServer, type TestServer } from '../helpers/server.js';
import { runAgainst } from '../helpers/run.js';

const m = (id: string, ownedBy = 'openai'): ModelEntry => ({ id, ownedBy });

testCheck(check, (entries: ModelEntry[], t) => evaluate(modelList(entries), t), [
  {
    name: 'both visible, naming the owners of each',
    input: [m('gpt-5.3-codex'), m('gpt-5.3-codex', 'github-copilot'), m('gpt-5.3-codex-spark')],
    status: 'pass',
    summary: 'both visible to this key: gpt-5.3-codex (openai, github-copilot); gpt-5.3-codex-spark (openai)',
  },
  {
    name: 'Spark missing: warn with the Spark playbook',
    input: [m('gpt-5.3-codex', 'github-copilot'), m('kimi-k2', 'openrouter')],
    status: 'warn',
    summary:
      "gpt-5.3-codex (github-copilot) visible but gpt-5.3-codex-spark is not: this key's Codex account is not Plus/Pro",
    hint: /route this key's workloads to gpt-5.3-codex/,
  },
  {
    name: 'the Spark id is not mistaken for the Codex id (the runbook rg pattern does)',
    input: [m('gpt-5.3-codex-spark')],
    status: 'warn',
    summary: /^gpt-5.3-codex-spark \(openai\) visible but its fallback gpt-5.3-codex is not/,
  },
  {
    name: 'neither listed: names the GPT/Codex ids the key can see',
    input: [m('gpt-5.4'), m('gpt-5.4-mini'), m('claude-sonnet-4-5', 'aws')],
    status: 'warn',
    summary:
      'neither gpt-5.3-codex nor gpt-5.3-codex-spark is visible to this key; its GPT/Codex ids are gpt-5.4, gpt-5.4-mini',
  },
  {
    name: 'neither listed and no GPT/Codex id at all',
    input: [m('claude-sonnet-4-5', 'aws')],
    status: 'warn',
    summary: /it sees 1 ids, none of them GPT\/Codex/,
  },
  {
    name: 'prefixed ids count (force-model-prefix)',
    input: [m('team/gpt-5.3-codex'), m('team/gpt-5.3-codex-spark')],
    status: 'pass',
    summary: /^both visible/,
  },
  {
    name: 'configured model ids are followed',
    input: [m('gpt-6-codex'), m('gpt-6-codex-spark')],
    options: { codexModel: 'gpt-6-codex', sparkModel: 'gpt-6-codex-spark' },
    status: 'pass',
    summary: /^both visible/,
  },
]);

describe('the shared /v1/models response over loopback HTTP', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('is fetched once for model-inventory, spark-eligibility and antigravity-aliases', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/healthz') return json(res, 200, { status: 'ok' });
      json(res, 200, {
        object: 'list',
        data: [
          { id: 'gpt-5.3-codex', object: 'model', owned_by: 'openai' },
          { id: 'claude-opus-4-6-thinking', object: 'model', owned_by: 'antigravity' },
        ],
      });
    });
    const run = await runAgainst(server.url, {
      only: ['health', 'model-inventory', 'spark-eligibility', 'antigravity-aliases'],
    });
    expect(server.requests.filter((r) => r.path === '/v1/models')).toHaveLength(1);
    expect(run.results.map((r) => r.status)).toEqual(['pass', 'pass', 'warn', 'pass']);
  });

  it('skips the readers once when model-inventory could not get the list', async () => {
    server = await startServer((req, res) =>
      req.url === '/healthz' ? json(res, 200, { status: 'ok' }) : json(res, 401, { error: 'Invalid API key' }),
    );
    const run = await runAgainst(server.url, {
      only: ['health', 'model-inventory', 'spark-eligibility', 'antigravity-aliases'],
      apiKey: 'sk-wrong-key',
    });
    expect(run.results.map((r) => [r.id, r.status, r.status === 'skip' ? r.summary : ''])).toEqual([
      ['health', 'pass', ''],
      ['model-inventory', 'error', ''],
      ['spark-eligibility', 'skip', 'model list unavailable (see model-inventory)'],
      ['antigravity-aliases', 'skip', 'model list unavailable (see model-inventory)'],
    ]);
  });

  it('run alone, a reader reports the failed fetch itself', async () => {
    server = await startServer((_req, res) => json(res, 401, { error: 'Invalid API key' }));
    const r = (await runAgainst(server.url, { only: ['spark-eligibility'] })).byId('spark-eligibility');
    expect(r).toMatchObject({
      status: 'error',
      summary: 'could not list models: GET /v1/models → 401 "Invalid API key"',
    });
  });
});
