// A log written in another zone than it is read in must never drop data silently: the gateway's own
// reading of its newest line gives the offset (and provops says it inferred it), an explicit
// --log-timezone still wins, and lines stamped in the future are counted and warned about.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferLogOffset } from '../../src/logs/zone-inference.js';
import { startSimulator } from '../../src/simulator/index.js';
import { EXPECTED } from '../helpers/expected-verdicts.js';
import { runCli } from '../helpers/cli.js';
import { accessLine, minuteLines } from '../helpers/log-lines.js';
import { runAgainst } from '../helpers/run.js';

const NOW = '2026-11-26T12:00:00Z';

async function logScanAgainst(scenario: string, timeZone: string, logTimezone: string | undefined) {
  const sim = await startSimulator({ scenario, now: NOW, timeZone });
  try {
    const run = await runAgainst(sim.url, {
      ...sim.keys,
      now: new Date(NOW),
      only: ['log-scan'],
      inputs: { logFiles: [], logTimezone },
    });
    return run.byId('log-scan');
  } finally {
    await sim.close();
  }
}

describe('inferLogOffset', () => {
  const line = (wall: string) => accessLine({ at: wall });
  const latest = Date.parse('2026-11-26T12:00:00Z') / 1000;

  it('reads the offset from the newest line against latest-timestamp', () => {
    expect(
      inferLogOffset([line('2026-11-26 19:59:00'), line('2026-11-26 20:00:00'), 'tail'], latest, undefined),
    ).toMatchObject({
      minutes: 480,
    });
    expect(inferLogOffset([line('2026-11-26 06:30:00')], latest, undefined)?.minutes).toBe(-330);
  });

  it('infers nothing from an unclean difference or a timestamp the gateway clock has not reached', () => {
    expect(inferLogOffset([line('2026-11-26 20:00:07')], latest, undefined)).toBeUndefined();
    expect(inferLogOffset([line('2026-11-26 20:00:00')], latest, latest * 1000 - 10 * 60_000)).toBeUndefined();
    expect(inferLogOffset([line('2026-11-26 20:00:00')], undefined, undefined)).toBeUndefined();
    expect(inferLogOffset([], latest, undefined)).toBeUndefined();
  });
});

describe('a UTC+8 gateway log read through the management API', () => {
  it('is inferred, said so, and judged as if the zone had been given', async () => {
    const inferred = await logScanAgainst('incident', '+08:00', undefined);
    const given = await logScanAgainst('incident', '+08:00', '+08:00');
    expect(inferred.status).toBe(EXPECTED.incident.plus['log-scan']);
    expect(inferred.summary).toMatch(/; timestamps read as UTC\+08:00, inferred from the gateway$/);
    expect(inferred.details.join('\n')).toMatch(
      /read as \+08:00 wall clock \(inferred: the gateway's latest-timestamp \d+ is/,
    );
    expect(inferred.metrics).toMatchObject({ requests: given.metrics.requests, status401: given.metrics.status401 });
  });

  it('an explicit --log-timezone wins; lines ahead of the gateway clock are counted and warned about', async () => {
    const r = await logScanAgainst('healthy', '+08:00', 'UTC');
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(
      /^[\d,]+ access line\(s\) read as UTC are stamped in the future \(the newest 8\.0 h ahead of the gateway's clock\) and were not counted: the gateway host likely writes its log in UTC\+08:00$/,
    );
    expect(r.hint).toMatch(/Set --log-timezone \+08:00/);
    expect(Number(r.metrics.futureLines)).toBeGreaterThan(0);
    expect(r.details.join('\n')).toMatch(/--log-timezone, which wins, although .* i\.e\. UTC\+08:00/);
  });
});

describe('a UTC+8 log file on a UTC host', () => {
  it('is warned about, naming the likely zone, never dropped silently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provops-tz-'));
    const file = join(dir, 'main.log');
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 180 * 60_000;
    writeFileSync(
      file,
      `${minuteLines(start, Array(180).fill(0), { background: 5, offsetMinutes: 480 }).join('\n')}\n`,
    );
    const r = await runCli(['check', 'log-scan', '--log-file', file, '--no-state', '--format', 'json'], {
      env: { TZ: 'UTC' },
    });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout).targets[0].results[0];
    expect(result.summary).toMatch(/stamped in the future .* likely writes its log in UTC\+08:00$/);
    expect(result.metrics.futureLines).toBeGreaterThan(0);

    const right = await runCli(
      ['check', 'log-scan', '--log-file', file, '--no-state', '--log-timezone', 'Asia/Shanghai'],
      {
        env: { TZ: 'UTC' },
      },
    );
    expect(right.code).toBe(0);
  });
});
