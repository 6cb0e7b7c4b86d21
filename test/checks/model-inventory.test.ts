import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import check, { evaluate } from '../../checks/model-inventory.js';
import { testCheck } from '../helpers/check-tester.js';
import { GatewayError } from '../../src/errors.js';
import type { GatewayResponse } from '../../src/gateway/client.js';
import { BadBody } from '../../src/gateway/response.js';
import { modelList, type ModelsOutcome } from '../../src/gateway/models.js';
import { json, startServer, type TestServer } from '../helpers/server.js';
import { runAgainst } from '../helpers/run.js';

const response = (status: number, body: unknown): GatewayResponse => ({
  path: '/v1/models',
  status,
  headers: {},
  durationMs: 4,
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});
const ok = (...ids: Array<[string, string]>): ModelsOutcome => ({
  ok: true,
  response: response(200, {}),
  value: modelList(ids.map(([id, ownedBy]) => ({ id, ownedBy }))),
});
const limits = { minModels: 1, warnBelowModels: null };
const unavailable = 'not about a count: the list could not be had';
const blocks = (r: { blocks?: string }) => expect(r.blocks).toBe('model list unavailable (see model-inventory)');

testCheck(
  check,
  ({ outcome, previous }: { outcome: ModelsOutcome; previous?: { ids: string[] } }, t) => {
    const r = evaluate(outcome, t, previous);
    if (!outcome.ok) blocks(r);
    return r;
  },
  [
    {
      name: 'counts are written with thousands separators, as everywhere else',
      input: {
        outcome: ok(
          ...Array.from({ length: 1500 }, (_, i): [string, string] => [`m-${i}`, i % 2 ? 'openai' : 'codex']),
        ),
      },
      status: 'pass',
      summary: '1,500 entries, 1,500 unique ids (fail < 1)',
    },
    {
      name: 'entries and unique ids are counted separately (an id is listed once per provider)',
      input: {
        outcome: ok(['gpt-5.3-codex', 'openai'], ['gpt-5.3-codex', 'github-copilot'], ['kimi-k2', 'openrouter']),
      },
      options: limits,
      status: 'pass',
      summary: '3 entries, 2 unique ids (fail < 1)',
      metrics: { entries: 3, uniqueIds: 2 },
      details: ['owners: openai 1, github-copilot 1, openrouter 1'],
    },
    ...(
      [
        [{ minModels: 2, warnBelowModels: null }, 'pass'],
        [{ minModels: 3, warnBelowModels: null }, 'fail'],
        [{ minModels: 1, warnBelowModels: 2 }, 'pass'],
        [{ minModels: 1, warnBelowModels: 3 }, 'warn'],
      ] as const
    ).map(([options, status]) => ({
      name: `thresholds ${JSON.stringify(options)} with 2 unique ids → ${status}`,
      input: { outcome: ok(['a', 'x'], ['b', 'y']) },
      options,
      status,
      summary: /^2 entries, 2 unique ids/,
    })),
    {
      name: 'an empty list fails with the Missing Models playbook',
      input: { outcome: ok() },
      options: limits,
      status: 'fail',
      summary: /^0 entries/,
      hint: /Missing Models/,
    },
    {
      name: 'drift: ids the previous run saw that are gone now',
      input: { outcome: ok(['a', 'x']), previous: { ids: ['a', 'gemini-claude-opus-4-6-thinking'] } },
      options: limits,
      status: 'warn',
      summary: '1 entries, 1 unique ids; drift: 1 id(s) gone since the last run: gemini-claude-opus-4-6-thinking',
      notAThreshold: 'drift is about ids, not a count',
    },
    {
      name: '401 invalid key',
      input: { outcome: { ok: false, response: response(401, { error: 'Invalid API key' }) } },
      options: limits,
      status: 'error',
      summary: /401 "Invalid API key": the gateway rejected provops's API key/,
      hint: /PROVOPS_API_KEY/,
      notAThreshold: unavailable,
    },
    {
      name: '401 missing key',
      input: { outcome: { ok: false, response: response(401, { error: 'Missing API key' }) } },
      options: limits,
      status: 'error',
      summary: /401 "Missing API key": the gateway rejected provops's API key/,
      notAThreshold: unavailable,
    },
    {
      name: 'safe mode',
      input: { outcome: { ok: false, response: response(403, { error: 'unsafe_example_api_key', message: '…' }) } },
      options: limits,
      status: 'fail',
      summary: /template values/,
      notAThreshold: unavailable,
    },
    {
      name: '5xx',
      input: { outcome: { ok: false, response: response(500, { error: { message: 'boom' } }) } },
      options: limits,
      status: 'fail',
      summary: /→ 500 "boom"/,
      notAThreshold: unavailable,
    },
    {
      name: 'bad body',
      input: { outcome: { ok: false, error: new BadBody('GET /v1/models → 200 with truncated JSON') } },
      options: limits,
      status: 'error',
      summary: /truncated JSON/,
    },
    {
      name: 'timeout',
      input: { outcome: { ok: false, error: new GatewayError('timeout', 'no complete response within 10 ms') } },
      options: limits,
      status: 'error',
      summary: /GET \/v1\/models: no complete response/,
    },
  ],
);

describe('model-inventory over loopback HTTP', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  const serve = (status: number, body: string, type = 'application/json') =>
    startServer((_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });

  it('reads the OpenAI shape with the API key', async () => {
    server = await serve(
      200,
      JSON.stringify({
        object: 'list',
        data: [{ id: 'gpt-5.3-codex', object: 'model', created: 1, owned_by: 'openai' }],
      }),
    );
    const run = await runAgainst(server.url, { only: ['model-inventory'], apiKey: 'sk-loopback-1' });
    expect(run.byId('model-inventory')).toMatchObject({
      status: 'pass',
      summary: '1 entries, 1 unique ids (fail < 1)',
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-loopback-1');
  });

  it.each([
    [
      'an HTML page from a proxy',
      200,
      '<!doctype html><html><title>Sign in</title></html>',
      'text/html',
      /with an HTML page "Sign in" \(a proxy in front of the gateway\?\), not JSON/,
    ],
    ['truncated JSON', 200, '{"object":"list","data":[{"id":"gpt', 'application/json', /truncated JSON/],
    ['the wrong shape', 200, '{"models":[]}', 'application/json', /not an OpenAI model list/],
  ])('errors on %s', async (_name, status, body, type, summary) => {
    server = await serve(status, body, type);
    const r = (await runAgainst(server.url, { only: ['model-inventory'] })).byId('model-inventory');
    expect(r.status).toBe('error');
    expect(r.summary).toMatch(summary);
  });

  it('remembers the inventory and reports drift on the next run', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'provops-state-'));
    let ids = ['gpt-5.3-codex', 'claude-opus-4-6-thinking'];
    server = await startServer((_req, res) =>
      json(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', owned_by: 'x' })) }),
    );
    expect((await runAgainst(server.url, { only: ['model-inventory'], stateDir })).byId('model-inventory').status).toBe(
      'pass',
    );
    ids = ['gpt-5.3-codex'];
    const second = (await runAgainst(server.url, { only: ['model-inventory'], stateDir })).byId('model-inventory');
    expect(second.status).toBe('warn');
    expect(second.summary).toMatch(/drift: 1 id\(s\) missing from the baseline of .*: claude-opus-4-6-thinking/);
  });
});
