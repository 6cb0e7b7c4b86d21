import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../checks/model-inventory.js';
import { GatewayError } from '../../src/errors.js';
import type { GatewayResponse } from '../../src/gateway/client.js';
import { BadBody } from '../../src/gateway/response.js';
import type { ModelsOutcome } from '../../src/gateway/models.js';
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
  value: ids.map(([id, ownedBy]) => ({ id, ownedBy })),
});
const limits = { minModels: 1, warnBelowModels: null };

describe('model-inventory evaluate', () => {
  it('counts entries and unique ids separately (an id is listed once per provider)', () => {
    const r = evaluate(
      ok(['gpt-5.3-codex', 'openai'], ['gpt-5.3-codex', 'github-copilot'], ['kimi-k2', 'openrouter']),
      limits,
    );
    expect(r).toMatchObject({
      status: 'pass',
      summary: '3 entries, 2 unique ids (fail < 1)',
      metrics: { entries: 3, uniqueIds: 2 },
    });
    expect(r.details).toEqual(['owners: openai 1, github-copilot 1, openrouter 1']);
  });

  it.each([
    [{ minModels: 2, warnBelowModels: null }, 2, 'pass'],
    [{ minModels: 3, warnBelowModels: null }, 2, 'fail'],
    [{ minModels: 1, warnBelowModels: 2 }, 2, 'pass'],
    [{ minModels: 1, warnBelowModels: 3 }, 2, 'warn'],
  ] as const)('thresholds %j with %i unique ids → %s', (thresholds, _n, status) => {
    expect(evaluate(ok(['a', 'x'], ['b', 'y']), thresholds).status).toBe(status);
  });

  it('fails an empty list with the Missing Models playbook', () => {
    const r = evaluate(ok(), limits);
    expect(r.status).toBe('fail');
    expect(r.hint).toMatch(/Missing Models/);
  });

  it('warns on drift: ids the previous run saw that are gone now', () => {
    const r = evaluate(ok(['a', 'x']), limits, { ids: ['a', 'gemini-claude-opus-4-6-thinking'] });
    expect(r.status).toBe('warn');
    expect(r.summary).toBe(
      '1 entries, 1 unique ids; drift: 1 id(s) gone since the last run: gemini-claude-opus-4-6-thinking',
    );
  });

  it.each([
    [
      '401 invalid key',
      { ok: false, response: response(401, { error: 'Invalid API key' }) },
      'fail',
      /401 "Invalid API key" \(the gateway does not know this API key/,
    ],
    [
      '401 missing key',
      { ok: false, response: response(401, { error: 'Missing API key' }) },
      'fail',
      /no API key was sent: set PROVOPS_API_KEY/,
    ],
    [
      'safe mode',
      { ok: false, response: response(403, { error: 'unsafe_example_api_key', message: '…' }) },
      'fail',
      /template values/,
    ],
    ['5xx', { ok: false, response: response(500, { error: { message: 'boom' } }) }, 'fail', /→ 500 "boom"/],
    [
      'bad body',
      { ok: false, error: new BadBody('GET /v1/models → 200 with truncated JSON') },
      'error',
      /truncated JSON/,
    ],
    [
      'timeout',
      { ok: false, error: new GatewayError('timeout', 'no complete response within 10 ms') },
      'error',
      /GET \/v1\/models: no complete response/,
    ],
  ] as Array<[string, ModelsOutcome, string, RegExp]>)('%s', (_name, outcome, status, summary) => {
    const r = evaluate(outcome, limits);
    expect(r.status).toBe(status);
    expect(r.summary).toMatch(summary);
    expect(r.blocks).toBe('model list unavailable (see model-inventory)');
  });
});

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
    expect(second.summary).toMatch(/drift: 1 id\(s\) gone since the last run: claude-opus-4-6-thinking/);
  });
});
