// A busy gateway: a steady background of 429s is no burst (minSharePct), a real burst on the same
// traffic still fails, and quota-pressure judges the 429 share and the success ratio from one source.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, type Thresholds } from '../../checks/log-scan.js';
import { scanLines } from '../../src/logs/collect.js';
import { hotMinutes, scanWindow } from '../../src/logs/window.js';
import { parseZone } from '../../src/timezone.js';
import { accessLine, wallClock } from '../helpers/log-lines.js';
import { freePort } from '../helpers/server.js';
import { runAgainst } from '../helpers/run.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const MINUTE = 60_000;
const DEFAULTS: Thresholds = {
  lookbackMinutes: 60,
  windowMinutes: 5,
  minEvents: 10,
  minSharePct: 5,
  sustainedMinutes: 15,
  credentialMinEvents: 5,
};

/** `perMinute` requests a minute for the last `minutes` before NOW; `share429(i)` of minute i are 429s. */
function traffic(minutes: number, perMinute: number, share429: (minute: number) => number): string[] {
  const lines: string[] = [];
  for (let m = 0; m < minutes; m++) {
    const start = NOW - (minutes - m) * MINUTE;
    const n429 = Math.round(perMinute * share429(m));
    for (let k = 0; k < perMinute; k++) {
      const at = wallClock(start + Math.floor((k * MINUTE) / perMinute));
      lines.push(accessLine({ at, status: k < n429 ? 429 : 200, ip: k < n429 ? '10.0.0.12' : '10.0.0.7' }));
    }
  }
  return lines;
}

function judge(lines: string[], t = DEFAULTS) {
  const window = scanWindow(new Date(NOW), t.lookbackMinutes, t.windowMinutes);
  return evaluate(scanLines(lines, '/v0/management/logs', parseZone('UTC'), window), t);
}

describe('burst rule with minSharePct', () => {
  it('needs both the count and the share of the window', () => {
    const rule = { windowMinutes: 1, minEvents: 10, minSharePct: 5 };
    expect(hotMinutes([10, 10, 10], 0, rule, [200, 201, 100])).toEqual([true, false, true]);
    expect(() => hotMinutes([10], 0, rule)).toThrow(/needs the per-minute totals/);
  });

  it('1,300 requests a minute with a steady 3% of 429s is no burst', () => {
    const r = judge(traffic(64, 1300, () => 0.03));
    expect(r.status).toBe('pass');
    expect(r.summary).toMatch(
      /^no 401\/403\/429 burst in 78,000 requests over 1 h \(hot: ≥10 and ≥5% of requests in 5 min\)$/,
    );
    expect(r.metrics?.status429).toBe(2340);
    // The count rule alone reads the same traffic as one hour-long burst.
    expect(
      judge(
        traffic(64, 1300, () => 0.03),
        { ...DEFAULTS, minSharePct: 0 },
      ).status,
    ).toBe('fail');
  });

  it('a real 30-minute burst on the same traffic fails', () => {
    const r = judge(traffic(64, 1300, (m) => (m >= 20 && m < 50 ? 0.25 : 0.03)));
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(
      /^1 burst in the last 1 h: 429 × [\d,]+ from 10\.0\.0\.12 for (3\d) min \(fail ≥ 15 min\)$/,
    );
    expect(Number(r.metrics?.longestBurstMinutes)).toBeGreaterThanOrEqual(30);
  });

  it('list and explain show the share rule', async () => {
    const { listText, explainText } = await import('../../src/commands/describe.js');
    const { checks, findCheck } = await import('../../checks/index.js');
    expect(listText(checks)).toMatch(/minSharePct/);
    expect(explainText(findCheck('log-scan')!)).toMatch(/minSharePct.*5/);
  });
});

describe('quota-pressure takes its success ratio from the log', () => {
  it('55% 429s with a falling ratio in the log is a fail, and the summary names the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provops-qp-'));
    const file = join(dir, 'main.log');
    writeFileSync(file, `${traffic(125, 40, (m) => (m >= 65 ? 0.55 : 0)).join('\n')}\n`);
    const port = await freePort();
    const run = await runAgainst(`http://127.0.0.1:${port}`, {
      only: ['log-scan', 'quota-pressure'],
      now: new Date(NOW),
      inputs: { logFiles: [file], logTimezone: 'UTC' },
    });
    const r = run.byId('quota-pressure');
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(
      /^429s 55\.0% of 2,400 requests in the last 1 h and success ratio 100\.0% → 45\.0% \(the access log\)/,
    );
  });
});
