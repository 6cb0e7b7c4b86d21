// Every triage symptom against a simulator scenario that plants it, the version differences, and the
// management key rule (a rejected key costs at most one rejected call).
import { describe, expect, it } from 'vitest';
import { runTriage, type TriageReport } from '../../src/commands/triage.js';
import { startSimulator, type Flavor } from '../../src/simulator/index.js';
import { withSession } from './helpers.js';

async function triage(
  scenario: string,
  symptom: string,
  opts: { model?: string; window?: number; reproduce?: boolean; flavor?: Flavor; managementKey?: string | null } = {},
) {
  const sim = await startSimulator({ scenario, flavor: opts.flavor ?? 'plus', now: '2026-11-26T12:00:00Z' });
  try {
    const report = await withSession(sim, { managementKey: opts.managementKey }, (s) =>
      runTriage(
        s,
        { symptom, model: opts.model, windowMinutes: opts.window ?? 60, reproduce: Boolean(opts.reproduce) },
        new AbortController().signal,
      ),
    );
    return { report, hits: sim.hits };
  } finally {
    await sim.close();
  }
}

const finding = (r: TriageReport, check: string) => r.findings.filter((f) => f.check === check);
const problems = (r: TriageReport) => r.findings.filter((f) => f.status === 'problem').map((f) => f.check);

describe('triage 401/403', () => {
  it('expired OAuth: names the suspended credentials, their reasons and the failing refreshes', async () => {
    const { report } = await triage('expired-oauth', '401');
    expect(report.exitCode).toBe(2);
    const suspended = finding(report, 'credential suspended').map((f) => f.summary);
    expect(suspended.join('\n')).toMatch(/codex credential .*"token_invalidated"/);
    expect(suspended.join('\n')).toMatch(/antigravity credential .*"VALIDATION_REQUIRED"/);
    expect(problems(report)).toEqual(expect.arrayContaining(['upstream 401/403', 'token refresh']));
    expect(problems(report)).not.toContain('client keys refused');
    expect(report.nextSteps[0]).toMatch(/^Fix the provider credential|^Fix codex/);
  });

  it('upstream also says until when a suspended credential is retried', async () => {
    const { report } = await triage('expired-oauth', '403', { flavor: 'upstream' });
    expect(finding(report, 'credential suspended')[0]?.evidence.join(' ')).toMatch(/tried again after 2026-11-26/);
  });

  it('a revoked client key: 401 in no time from one IP is the client side, not a provider', async () => {
    const { report } = await triage('incident', '401', { window: 240 });
    const [client] = finding(report, 'client keys refused');
    expect(client?.summary).toMatch(/^3\d\d request\(s\) answered 401/);
    expect(client?.evidence[0]).toMatch(/^by client IP: 198\.51\.100\.23 ×3\d\d/);
    expect(finding(report, 'upstream 401/403')).toEqual([]);
  });
});

describe('triage 429', () => {
  it("Qwen's free quota: the credential cooling down, the 429 share, the quota lines", async () => {
    const { report } = await triage('quota-429', '429');
    expect(report.exitCode).toBe(2);
    expect(finding(report, 'credential in cooldown')[0]?.summary).toMatch(/qwen credential free@example.com/);
    expect(finding(report, 'Qwen free quota')[0]).toMatchObject({ status: 'problem', severity: 'fail' });
    expect(finding(report, '429 share')[0]?.status).toBe('problem');
  });

  it('nothing found on a healthy gateway: exit 0', async () => {
    const { report } = await triage('healthy', '429');
    expect(problems(report)).toEqual([]);
    expect(report).toMatchObject({ status: 'ok', exitCode: 0 });
  });
});

describe('triage of model routing', () => {
  it('wrong-provider: the id is one mixed pool and the new block outranks Kiro', async () => {
    const { report } = await triage('wrong-provider', 'wrong-provider', { model: 'claude-sonnet-4-5' });
    expect(report.exitCode).toBe(1);
    expect(finding(report, 'providers serving it')[0]?.summary).toMatch(/served by 2 providers: aws, bedrock-proxy/);
    expect(finding(report, 'priority')[0]?.summary).toMatch(/priority 5/);
    expect(finding(report, 'declared by')[0]?.evidence.join('\n')).toMatch(
      /oauth-model-alias.kiro: kiro-claude-sonnet-4-5 → claude-sonnet-4-5/,
    );
  });

  it('missing-model: the block lists it but its excluded-models hides it', async () => {
    const { report } = await triage('onboarding', 'missing-model', { model: 'nim/llama-3.3-70b' });
    expect(report.exitCode).toBe(2);
    expect(finding(report, 'excluded')[0]?.summary).toBe(
      'llama-3.3-70b is hidden by provider block "nim": excluded-models "llama-*"',
    );
  });

  it('missing-model of a listed id finds nothing', async () => {
    const { report } = await triage('onboarding', 'missing-model', { model: 'nim/kimi-k2-instruct' });
    expect(report).toMatchObject({ status: 'ok', exitCode: 0 });
  });

  it('502: not listed, the bridge is gone, an exclusion matches, the edit was not confirmed reloaded', async () => {
    const { report } = await triage('incident', '502', { model: 'gemini-claude-opus-4-6-thinking', window: 120 });
    expect(report.exitCode).toBe(2);
    expect(problems(report)).toEqual(['listed for this key', 'alias bridge', 'excluded', 'config reload']);
    expect(report.nextSteps[0]).toMatch(/^Re-add the bridge: oauth-model-alias.antigravity/);
    expect(finding(report, 'error shape')[0]?.summary).toMatch(/502 "unknown provider/);
  });

  it('502 on upstream names its 400 model_not_found', async () => {
    const { report } = await triage('incident', 'unknown-provider', {
      model: 'gemini-claude-opus-4-6-thinking',
      flavor: 'upstream',
    });
    expect(report.symptom).toBe('502');
    expect(finding(report, 'error shape')[0]?.summary).toMatch(/^v8\.0\.23 answers .* 400 model_not_found/);
  });
});

describe('triage iflow-406 and spark', () => {
  it('iflow-406 --reproduce sends one minimal completion and shows the full body', async () => {
    const { report, hits } = await triage('iflow-406', 'iflow-406', { reproduce: true });
    expect(report.model).toBe('glm-4.7');
    expect(report.exitCode).toBe(2);
    expect(finding(report, 'reproduced')[0]?.evidence[0]).toBe(
      'full body: {"error":{"message":"status 406","type":"invalid_request_error"}}',
    );
    expect(finding(report, '406 in the log')[0]?.status).toBe('problem');
    expect(hits.count('POST /v1/chat/completions')).toBe(1);
  });

  it('iflow-406 without --reproduce sends nothing', async () => {
    const { hits } = await triage('iflow-406', 'iflow-406');
    expect(hits.count({ method: 'POST' })).toBe(0);
  });

  it('iflow-406 on current upstream: no iFlow provider there', async () => {
    const { report } = await triage('iflow-406', '406', { flavor: 'upstream' });
    expect(finding(report, 'iFlow in this version')[0]?.summary).toMatch(/removed in v6\.9\.28/);
  });

  it('spark when Spark left the listing for the key', async () => {
    const { report } = await triage('incident', 'spark');
    expect(finding(report, 'listed for this key')[0]?.status).toBe('problem');
    expect(report.nextSteps[0]).toMatch(/provops mitigate spark-fallback/);
  });

  it('spark when the error ratio is over the critical threshold', async () => {
    const { report } = await triage('spark-errors', 'spark');
    expect(finding(report, 'Spark error ratio')[0]).toMatchObject({ status: 'problem', severity: 'fail' });
    expect(report.nextSteps[0]).toMatch(/provops mitigate spark-fallback --apply/);
  });
});

describe('what triage cannot tell', () => {
  it('without a management key: the listing is judged, the rest is unknown', async () => {
    const { report, hits } = await triage('healthy', 'spark', { managementKey: null });
    expect(report).toMatchObject({ status: 'unknown', exitCode: 3 });
    expect(finding(report, 'Spark error ratio')[0]?.evidence[0]).toMatch(/no management key/);
    expect(hits.count('/v0/management/*')).toBe(0);
  });

  it.each(['401', '429', 'wrong-provider', 'missing-model', '502', 'iflow-406', 'spark'])(
    'a rejected management key costs one rejected call (%s)',
    async (symptom) => {
      const { report, hits } = await triage('incident', symptom, {
        model: 'claude-opus-4-6-thinking',
        managementKey: 'wrong-management-key',
      });
      expect(hits.count({ credential: 'bad-management' })).toBe(1);
      expect(
        report.findings.some((f) => f.status === 'unknown' && /management key rejected/.test(f.evidence.join(' '))),
      ).toBe(true);
    },
  );
});
