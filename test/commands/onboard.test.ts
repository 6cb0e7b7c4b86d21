// onboard against the simulator's onboarding scenario: expected ids with their causes, the canary, and
// a 2-minute watch compressed by a virtual clock that both provops and the simulator run on.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runOnboard, type OnboardInput } from '../../src/commands/onboard.js';
import type { Clock } from '../../src/commands/poll.js';
import { startSimulator, type Flavor, type RunningSimulator } from '../../src/simulator/index.js';
import { NOW, withSession } from './helpers.js';

function virtualClock(startIso = NOW): Clock & { t: number } {
  const c = {
    t: Date.parse(startIso),
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

async function onboard(
  over: Partial<OnboardInput> & { flavor?: Flavor; managementKey?: string; abortAfterPolls?: number } = {},
) {
  const clock = over.clock ?? virtualClock();
  const sim = await startSimulator({ scenario: 'onboarding', flavor: over.flavor ?? 'plus', clock: () => clock.now() });
  const abort = new AbortController();
  let polls = 0;
  try {
    const report = await withSession(sim, { now: undefined, managementKey: over.managementKey }, (s) =>
      runOnboard(
        s,
        {
          prefix: 'nim',
          expect: ['kimi-k2-instruct'],
          canary: 'count-tokens',
          watchMs: 0,
          intervalMs: 10_000,
          ...over,
          clock,
          onSample: () => {
            if (++polls === over.abortAfterPolls) abort.abort();
          },
        },
        abort.signal,
      ),
    );
    return { report, sim, polls };
  } finally {
    await sim.close();
  }
}

const hitsOf = (sim: RunningSimulator) => sim.hits;

describe('onboard: expected ids', () => {
  it('one id missing: exit 2 and the cause named from the config', async () => {
    const { report } = await onboard({ expect: ['kimi-k2-instruct', 'llama-3.3-70b', 'deepseek-r1'] });
    expect(report.exitCode).toBe(2);
    expect(report.expected.ids.map((i) => [i.model, i.status])).toEqual([
      ['nim/kimi-k2-instruct', 'pass'],
      ['nim/llama-3.3-70b', 'fail'],
      ['nim/deepseek-r1', 'fail'],
    ]);
    expect(report.expected.ids[1]?.cause).toBe('excluded by "llama-*" in excluded-models of provider block "nim"');
    expect(report.expected.ids[2]?.cause).toBe(
      'provider block "nim" (prefix nim) does not list deepseek-r1 in its models',
    );
  });

  it('a prefix no block carries', async () => {
    const { report } = await onboard({ prefix: 'nvidia', expect: ['kimi-k2-instruct'], canary: 'none' });
    expect(report.expected.ids[0]?.cause).toMatch(/^no openai-compatibility block has prefix "nvidia"/);
  });

  it('a rejected management key: one rejected call, ids still judged from the listing, causes unknown', async () => {
    const { report, sim } = await onboard({
      expect: ['deepseek-r1'],
      managementKey: 'wrong-management-key',
      watchMs: 60_000,
    });
    expect(hitsOf(sim).count({ credential: 'bad-management' })).toBe(1);
    expect(report.expected.ids[0]).toMatchObject({ status: 'fail', cause: 'cause unknown without the management key' });
    expect(report.watch?.status).toBe('skip');
  });
});

describe('onboard: canary', () => {
  it('a token-free canary through a working prefix', async () => {
    const { report, sim } = await onboard();
    expect(report).toMatchObject({ status: 'pass', exitCode: 0 });
    expect(report.canary).toMatchObject({ kind: 'count-tokens', status: 'pass', httpStatus: 200, spendsTokens: false });
    expect(hitsOf(sim).count('POST /v1/messages/count_tokens')).toBe(1);
    expect(hitsOf(sim).count('POST /v1/chat/completions')).toBe(0);
  });

  it('--canary completion sends one max_tokens:1 request, says it spends tokens; the fork names the credential in /usage', async () => {
    const { report, sim } = await onboard({ canary: 'completion' });
    const nim = createHash('sha256').update('config:nim').digest('hex').slice(0, 16);
    expect(report.canary).toMatchObject({ kind: 'completion', status: 'pass', spendsTokens: true });
    expect(report.canary).toMatchObject({ servedBy: nim, servedBySource: 'usage' });
    expect(hitsOf(sim).count('POST /v1/chat/completions')).toBe(1);
  });

  it('upstream names the credential that served it', async () => {
    const { report } = await onboard({ flavor: 'upstream' });
    expect(report.canary?.servedBy).toMatch(/^[0-9a-f]{16}$/);
    expect(report.canary?.servedBySource).toBe('trace');
  });

  it("a failing canary carries the gateway's body and the matching playbook", async () => {
    const { report } = await onboard({ expect: ['deepseek-r1'] });
    expect(report.canary).toMatchObject({ status: 'fail', httpStatus: 502 });
    expect(report.canary?.body).toContain('unknown provider for model nim/deepseek-r1');
    expect(report.canary?.playbook).toBe(
      '"502 unknown provider for model ...": provops triage 502 --model nim/deepseek-r1',
    );
  });
});

describe('onboard: watch', () => {
  it('a 2-minute watch compressed by --interval: 13 polls, the prefix judged over the window', async () => {
    const { report, polls } = await onboard({ watchMs: 120_000, intervalMs: 10_000 });
    expect(polls).toBe(13);
    const watch = report.watch;
    expect(watch?.completed).toBe(true);
    expect(watch?.samples.map((s) => s.elapsedMs)).toEqual([...Array(13).keys()].map((i) => i * 10_000));
    const last = watch?.samples.at(-1);
    expect(last?.requests).toBeGreaterThanOrEqual(5);
    expect(last?.perMinute).toHaveLength(2);
    expect(last?.status401).not.toBeNull();
    expect(watch?.status).toMatch(/^(pass|warn|fail)$/);
    expect(watch?.summary).toMatch(/^nim\/: \d+ of \d+ request\(s\) succeeded in 2m \(/);
  });

  it('Ctrl-C ends the watch early with the verdict so far', async () => {
    const { report, polls } = await onboard({ watchMs: 15 * 60_000, intervalMs: 30_000, abortAfterPolls: 5 });
    expect(polls).toBe(5);
    expect(report.watch?.completed).toBe(false);
    expect(report.watch?.summary).toMatch(/in 2m of 15m \(ended early\)/);
  });

  it('on upstream (no usage route) the prefix cannot be watched, and says so', async () => {
    const { report } = await onboard({ flavor: 'upstream', watchMs: 60_000, intervalMs: 30_000 });
    expect(report.watch).toMatchObject({ status: 'skip' });
    expect(report.watch?.summary).toMatch(/no usage route/);
    expect(report.exitCode).toBe(0);
  });
});
