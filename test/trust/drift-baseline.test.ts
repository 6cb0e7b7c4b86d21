// Drift stays until acknowledged: a model that left the list warns on every run, not only the first
// after it went, and stops once the operator accepts the new list with `provops baseline accept`.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate, nextMemory, acceptBaseline } from '../../checks/model-inventory.js';
import { modelList } from '../../src/gateway/models.js';
import { runCli } from '../helpers/cli.js';
import { json, startServer, type TestServer } from '../helpers/server.js';

const at = new Date('2026-11-26T12:00:00Z');
const limits = { minModels: 1, warnBelowModels: null };
const listing = (...ids: string[]) => ({
  ok: true as const,
  response: { path: '/v1/models', status: 200, headers: {}, durationMs: 1, body: Buffer.from('{}') },
  value: modelList(ids.map((id) => ({ id, ownedBy: 'x' }))),
});

describe('model-inventory baseline (pure)', () => {
  it('keeps missing ids in the baseline and adopts new ones', () => {
    const first = nextMemory(['a', 'b'], undefined, at);
    expect(first).toEqual({ ids: ['a', 'b'], baseline: { ids: ['a', 'b'], since: at.toISOString() } });
    const second = nextMemory(['a', 'c'], first, at);
    expect(second).toEqual({ ids: ['a', 'c'], baseline: { ids: ['a', 'b', 'c'], since: at.toISOString() } });
  });

  it('reports both the baseline and what changed since the last run', () => {
    const prev = { ids: ['a'], baseline: { ids: ['a', 'b'], since: '2026-11-25T07:00:00.000Z' } };
    const r = evaluate(listing('a', 'c'), limits, prev);
    expect(r.status).toBe('warn');
    expect(r.summary).toBe(
      '2 entries, 2 unique ids; drift: 1 id(s) missing from the baseline of 2026-11-25T07:00:00.000Z, none new since the last run: b',
    );
    expect(r.metrics).toMatchObject({
      missingFromBaseline: 1,
      goneSinceLastRun: 0,
      newSinceLastRun: 1,
      baselineIds: 2,
    });
    expect(r.details).toContain('new since the last run: c');
    expect(r.hint).toMatch(/provops baseline accept --check model-inventory/);
  });

  it('accepting makes the last run the baseline', () => {
    const out = acceptBaseline({ ids: ['a'], baseline: { ids: ['a', 'b'], since: 'x' } }, at);
    expect(out).toMatchObject({ data: { ids: ['a'], baseline: { ids: ['a'] } } });
    expect(typeof out === 'string' ? out : out.message).toMatch(/no longer expected: b/);
    expect(acceptBaseline(undefined, at)).toMatch(/run `provops check model-inventory` first/);
  });
});

describe('drift over runs (CLI, loopback)', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('still warns on the third run and clears after baseline accept', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'provops-baseline-'));
    let ids = ['gpt-5.3-codex', 'claude-opus-4-6-thinking', 'kimi-k2'];
    server = await startServer((_req, res) =>
      json(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', owned_by: 'x' })) }),
    );
    const args = ['--url', server.url, '--state-dir', stateDir];
    const run = () => runCli(['check', 'model-inventory', ...args, '--format', 'json']);
    const verdict = async () => {
      const r = await run();
      return { code: r.code, result: JSON.parse(r.stdout).targets[0].results[0] };
    };

    expect((await verdict()).code).toBe(0);
    ids = ['gpt-5.3-codex', 'kimi-k2'];
    const second = await verdict();
    expect(second.result.status).toBe('warn');
    expect(second.result.metrics).toMatchObject({ missingFromBaseline: 1, goneSinceLastRun: 1 });
    const third = await verdict();
    expect(third.code).toBe(1);
    expect(third.result.summary).toMatch(/drift: 1 id\(s\) missing from the baseline .*: claude-opus-4-6-thinking/);
    expect(third.result.metrics).toMatchObject({ missingFromBaseline: 1, goneSinceLastRun: 0 });

    const accept = await runCli(['baseline', 'accept', '--check', 'model-inventory', ...args]);
    expect(accept.code).toBe(0);
    expect(accept.stdout).toMatch(
      /baseline is now the 2 ids of the last run; no longer expected: claude-opus-4-6-thinking/,
    );
    const [file] = readdirSync(stateDir);
    expect(readFileSync(join(stateDir, file as string), 'utf8')).not.toMatch(/claude-opus-4-6-thinking/);

    const fourth = await verdict();
    expect(fourth.code).toBe(0);
    expect(fourth.result.status).toBe('pass');
  });

  it('baseline accept with nothing remembered is a one-line error', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'provops-baseline-'));
    const r = await runCli(['baseline', 'accept', '--url', 'http://127.0.0.1:1', '--state-dir', stateDir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^provops: nothing accepted: model-inventory: nothing remembered for http:\/\/127\.0\.0\.1:1/,
    );
    const bad = await runCli(['baseline', 'accept', '--check', 'health', '--state-dir', stateDir]);
    expect(bad.stderr).toMatch(/--check: "health" keeps no baseline; checks with one: model-inventory/);
  });
});
