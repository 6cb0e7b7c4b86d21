// provops watch: daily every interval on a virtual clock shared with the simulator, so a 4-minute watch
// runs in seconds; a 401 burst that starts a minute in shows up as a change, and the exit code follows
// the worst (or the last) status seen.
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { runWatch } from '../../src/commands/watch.js';
import type { RunConfig } from '../../src/daily.js';
import { defaultsOf } from '../../src/options.js';
import { SCENARIOS, startSimulator, type Scenario } from '../../src/simulator/index.js';
import { NOW } from './helpers.js';

const burst: Scenario = {
  ...SCENARIOS.healthy,
  name: 'burst-later',
  traffic: [
    ...SCENARIOS.healthy.traffic,
    {
      what: 'a client with a revoked key, starting a minute after the anchor',
      method: 'POST',
      path: '/v1/chat/completions',
      clientIp: '198.51.100.9',
      perMinute: 20,
      between: { fromMinutesAgo: -1, toMinutesAgo: 0 },
      status: 401,
      latencyMs: [0, 0],
    },
  ],
};

async function watch(exitBy: 'worst' | 'last', abortAfter?: number) {
  const clock = { t: Date.parse(NOW), now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms) };
  const sim = await startSimulator({ scenario: burst, clock: () => clock.t });
  const only = ['health', 'model-inventory', 'log-scan'];
  const config: RunConfig = {
    target: { name: 'default', url: sim.url },
    apiKey: sim.keys.apiKey,
    managementKey: sim.keys.managementKey,
    checks: checks.filter((c) => only.includes(c.id)),
    // health is in flight alongside the management log request (the key test), and the in-process
    // simulator builds that 24 h answer synchronously: its latency here is the simulator's, not a gateway's.
    checkOptions: Object.fromEntries(
      checks.map((c) => [c.id, { ...defaultsOf(c.options), ...(c.id === 'health' ? { warnLatencyMs: 60_000 } : {}) }]),
    ),
    failOn: 'warn',
    timeoutMs: 5_000,
    deadlineMs: 20_000,
    concurrency: 4,
    maxResponseBytes: 16 << 20,
    now: undefined,
    stateDir: undefined,
    inputs: { logFiles: [], logTimezone: undefined },
  };
  const abort = new AbortController();
  const seen: number[] = [];
  try {
    const report = await runWatch(
      config,
      {
        intervalMs: 60_000,
        forMs: 4 * 60_000,
        exitBy,
        clock,
        onRun: (r) => {
          seen.push(r.run);
          if (r.run === abortAfter) abort.abort();
        },
      },
      abort.signal,
    );
    return { report, seen };
  } finally {
    await sim.close();
  }
}

describe('provops watch', () => {
  it('runs daily every interval and reports the change when the burst starts', async () => {
    const { report, seen } = await watch('worst');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(report.runs[0]?.status).toBe('pass');
    const change = report.runs.flatMap((r) => r.changes).find((c) => c.id === 'log-scan');
    expect(change).toMatchObject({ from: 'pass', kind: 'new' });
    expect(report.worst).not.toBe('pass');
    expect(report.exitCode).toBeGreaterThan(0);
    expect(report.completed).toBe(true);
    expect(report.report?.targets[0]?.results.map((r) => r.id)).toEqual(['health', 'model-inventory', 'log-scan']);
  });

  it('Ctrl-C ends it early with what was seen', async () => {
    const { report } = await watch('last', 1);
    expect(report.runs).toHaveLength(1);
    expect(report).toMatchObject({ completed: false, last: 'pass', exitCode: 0 });
  });
});
