import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check, { evaluate, observe, type Observation, type Thresholds } from '../../checks/quota-pressure.js';
import { testCheck } from '../helpers/check-tester.js';
import type { LogScanFacts } from '../../src/logs/facts.js';
import { freePort } from '../helpers/server.js';
import { minuteLines } from '../helpers/log-lines.js';
import { runAgainst } from '../helpers/run.js';

const t: Thresholds = { windowMinutes: 60, warn429Pct: 5, fail429Pct: 20, minRequests: 20 };

/** 429s out of 1000 requests now, with the success ratio going from `before` to `after` (of 1000). */
const obs = (status429: number, before: number, after: number, requests = 1000): Observation => ({
  current: { requests, status429 },
  ratio: { source: 'the access log', current: { requests, ok: after }, previous: { requests: 1000, ok: before } },
});

testCheck(
  check,
  (o: Observation, options) => evaluate(o, options),
  (
    [
      ['5% of requests are 429s and the ratio fell', obs(50, 990, 940), 'warn'],
      ['just under 5%', obs(49, 990, 940), 'pass'],
      ['exactly 20% and falling', obs(200, 990, 790), 'fail'],
      ['just under 20% and falling', obs(199, 990, 790), 'warn'],
      ['a share under fail with a steady ratio', obs(150, 700, 700), 'pass'],
      ['a share at fail but a rising ratio', obs(300, 600, 700), 'warn'],
      ['19 requests in the last hour', obs(10, 990, 1, 19), 'skip'],
      ['exactly 20 requests', obs(10, 990, 10, 20), 'fail'],
    ] as const
  ).map(([name, o, status]) => ({
    name,
    input: o,
    options: t,
    status,
    summary: status === 'skip' ? /request/ : /^429s /,
  })),
);

describe('quota-pressure evaluate', () => {
  it('states the measured share, the trend, its source and the thresholds', () => {
    const r = evaluate(obs(85, 993, 908), t);
    expect(r.summary).toBe(
      '429s 8.5% of 1,000 requests in the last 1 h and success ratio 99.3% → 90.8% (the access log) (warn ≥ 5%, fail ≥ 20% with a falling success ratio)',
    );
    expect(r.hint).toMatch(/Rotation and Quota Strategy/);
    expect(evaluate(obs(150, 700, 700), t).summary).toMatch(/but the success ratio did not fall: not quota pressure/);
  });

  it('skips when the span before is too quiet to tell a trend', () => {
    const o: Observation = {
      current: { requests: 500, status429: 200 },
      ratio: { source: 'the access log', current: { requests: 500, ok: 300 }, previous: { requests: 19, ok: 19 } },
    };
    expect(evaluate(o, t)).toMatchObject({
      status: 'skip',
      summary:
        'the 1 h before the last had only 19 request(s) in the access log (judged from 20): cannot tell whether the success ratio fell',
    });
  });
});

describe('quota-pressure observe', () => {
  const START = Date.parse('2026-11-26T10:00:00Z');
  const facts = (minutes: number, perMinute: { total: number; ok: number; status429: number }): LogScanFacts => ({
    source: 'test',
    zone: 'UTC',
    startMs: START,
    endMs: START + minutes * 60_000,
    minutes,
    perMinute: {
      total: Array(minutes).fill(perMinute.total),
      ok: Array(minutes).fill(perMinute.ok),
      status401: Array(minutes).fill(0),
      status403: Array(minutes).fill(0),
      status429: Array(minutes).fill(perMinute.status429),
      serverErrors: Array(minutes).fill(0),
    },
  });
  it('takes both the share and the ratio from the log', () => {
    const o = observe(facts(120, { total: 10, ok: 9, status429: 1 }), t);
    expect(o).toEqual({
      current: { requests: 600, status429: 60 },
      ratio: { source: 'the access log', current: { requests: 600, ok: 540 }, previous: { requests: 600, ok: 540 } },
    });
  });

  it('says so when the log scan did not look back far enough for two spans', () => {
    expect(observe(facts(90, { total: 1, ok: 1, status429: 0 }), t)).toBe(
      "the log scan looked back 90 min, but comparing two spans of 1 h needs 2 h (raise log-scan's lookbackMinutes)",
    );
  });
});

describe('quota-pressure in a run', () => {
  it('skips without log data', async () => {
    const port = await freePort();
    const r = (await runAgainst(`http://127.0.0.1:${port}`, { only: ['quota-pressure'] })).byId('quota-pressure');
    expect(r).toMatchObject({
      status: 'skip',
      summary: 'no log data this run: the 429 counts come from the log scan (see log-scan)',
    });
  });

  it('judges a local log even when the gateway is down', async () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    const dir = mkdtempSync(join(tmpdir(), 'provops-qp-'));
    const file = join(dir, 'main.log');
    // One 429 a minute never makes a log-scan burst (≥10 in 5 min), but it is 9% of this traffic.
    const before = minuteLines(now - 120 * 60_000, Array(60).fill(0), { background: 10 });
    const last = minuteLines(now - 60 * 60_000, Array(60).fill(1), { background: 10 });
    writeFileSync(file, `${[...before, ...last].join('\n')}\n`);
    const port = await freePort();
    const run = await runAgainst(`http://127.0.0.1:${port}`, {
      only: ['health', 'log-scan', 'spark-error-ratio', 'quota-pressure'],
      now: new Date(now),
      inputs: { logFiles: [file], logTimezone: 'UTC' },
    });
    expect(run.results.map((r) => [r.id, r.status])).toEqual([
      ['health', 'fail'],
      ['log-scan', 'pass'],
      ['spark-error-ratio', 'skip'],
      ['quota-pressure', 'warn'],
    ]);
    expect(run.byId('quota-pressure').summary).toMatch(
      /^429s 9\.1% of 660 requests in the last 1 h and success ratio 100\.0% → 90\.9% \(the access log\)/,
    );
  });
});
