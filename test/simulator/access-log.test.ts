import { describe, expect, it } from 'vitest';
import { accessLine, hasRequestId, levelOf, logLine } from '../../src/simulator/access-log.js';
import { goDuration, goSeconds } from '../../src/simulator/time.js';
import { bearer, getJson, NOW, withSimulator } from './helpers.js';

/**
 * Reference §8.2, written independently of the formatter: `%3d | %13v | %15s | %-7s "%s"` after the
 * logrus prefix `[YYYY-MM-DD HH:MM:SS] [reqid|--------] [level] [file.go:line] `.
 */
const ACCESS =
  /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\] \[([0-9a-f]{8}|-{8})\] \[(info |warn |error)\] \[gin_logger\.go:(\d+)\] ([ \d]{3}) \| ([ \S]{13}) \| ([ \S]{15}) \| ([A-Z ]{7}) "([^"]*)"$/;

describe('access lines (reference §8.2)', () => {
  it('reproduces the reference samples byte for byte', () => {
    const samples: Array<[Parameters<typeof accessLine>[1], string]> = [
      [
        {
          wallClock: '2026-02-23 10:15:02',
          requestId: 'a1b2c3d4',
          status: 200,
          latencyMs: 1234,
          clientIp: '127.0.0.1',
          method: 'POST',
          path: '/v1/chat/completions',
        },
        '[2026-02-23 10:15:02] [a1b2c3d4] [info ] [gin_logger.go:93] 200 |        1.234s |       127.0.0.1 | POST    "/v1/chat/completions"',
      ],
      [
        {
          wallClock: '2026-02-23 10:15:05',
          requestId: undefined,
          status: 200,
          latencyMs: 2,
          clientIp: '127.0.0.1',
          method: 'GET',
          path: '/v1/models',
        },
        '[2026-02-23 10:15:05] [--------] [info ] [gin_logger.go:93] 200 |           2ms |       127.0.0.1 | GET     "/v1/models"',
      ],
      [
        {
          wallClock: '2026-02-23 10:15:06',
          requestId: undefined,
          status: 401,
          latencyMs: 0,
          clientIp: '10.0.0.12',
          method: 'GET',
          path: '/v1/models',
        },
        '[2026-02-23 10:15:06] [--------] [warn ] [gin_logger.go:91] 401 |            0s |       10.0.0.12 | GET     "/v1/models"',
      ],
      [
        {
          wallClock: '2026-02-23 10:15:09',
          requestId: '9f8e7d6c',
          status: 429,
          latencyMs: 412,
          clientIp: '10.0.0.12',
          method: 'POST',
          path: '/v1/messages',
        },
        '[2026-02-23 10:15:09] [9f8e7d6c] [warn ] [gin_logger.go:91] 429 |         412ms |       10.0.0.12 | POST    "/v1/messages"',
      ],
      [
        {
          wallClock: '2026-02-23 10:15:12',
          requestId: '5c4b3a29',
          status: 502,
          latencyMs: 3,
          clientIp: '127.0.0.1',
          method: 'POST',
          path: '/v1/chat/completions',
        },
        '[2026-02-23 10:15:12] [5c4b3a29] [error] [gin_logger.go:89] 502 |           3ms |       127.0.0.1 | POST    "/v1/chat/completions"',
      ],
    ];
    for (const [entry, line] of samples) expect(accessLine('plus', entry)).toBe(line);
  });

  it('uses v7.2 HEAD caller lines 93/95/97 for error/warn/info', () => {
    const at = (status: number) =>
      accessLine('v7', {
        wallClock: '2026-02-23 10:15:02',
        requestId: undefined,
        status,
        latencyMs: 1,
        clientIp: '1.2.3.4',
        method: 'GET',
        path: '/',
      });
    expect([at(502), at(429), at(200)].map((l) => ACCESS.exec(l)?.[4])).toEqual(['93', '95', '97']);
    expect(levelOf(500)).toBe('error');
    expect(levelOf(499)).toBe('warn');
    expect(levelOf(304)).toBe('info');
  });

  it('gives request ids to AI paths only, upstream to everything under /v1', () => {
    expect(hasRequestId('plus', '/v1/chat/completions')).toBe(true);
    expect(hasRequestId('plus', '/v1/models')).toBe(false);
    expect(hasRequestId('upstream', '/v1/models')).toBe(true);
    expect(hasRequestId('upstream', '/v0/management/logs')).toBe(false);
  });

  it('prints latency as Go durations, truncated to ms (to s past a minute)', () => {
    expect([0, 0.7, 2, 412, 1000, 1234, 1500, 59_999, 75_432, 3_600_000].map(goDuration)).toEqual([
      '0s',
      '0s',
      '2ms',
      '412ms',
      '1s',
      '1.234s',
      '1.5s',
      '59.999s',
      '1m15s',
      '1h0m0s',
    ]);
    expect([1800, 1799.4, 59, 0].map(goSeconds)).toEqual(['30m0s', '29m59s', '59s', '0s']);
  });

  it('pads a plain log line the same way', () => {
    expect(logLine('2026-02-23 10:15:09', undefined, 'warn', 'x.go:1', 'hello')).toBe(
      '[2026-02-23 10:15:09] [--------] [warn ] [x.go:1] hello',
    );
  });

  for (const flavor of ['plus', 'upstream'] as const) {
    it(`serves ${flavor} log lines that parse back with the reference's format`, async () => {
      await withSimulator({ flavor, scenario: 'degraded', now: NOW, timeZone: '+08:00' }, async (sim) => {
        const { json } = await getJson(`${sim.url}/v0/management/logs`, bearer(sim.keys.managementKey));
        const lines = (json as { lines: string[] }).lines;
        const access = lines.filter((l) => l.includes('gin_logger.go'));
        expect(access.length).toBeGreaterThan(5000);
        for (const line of access) {
          const m = ACCESS.exec(line);
          expect(m, line).not.toBeNull();
          const [, wall, , level, , status, latency, ip, method] = m as unknown as string[];
          expect(Number(status)).toBeGreaterThanOrEqual(200);
          expect(level?.trim()).toBe(levelOf(Number(status)));
          expect(latency?.trim()).toMatch(/^(0s|\d+ms|\d+(\.\d+)?s)$/);
          expect(ip?.trim()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
          expect(['GET', 'POST']).toContain(method?.trim());
          // +08:00 wall clock: every line falls in the 24 h before 20:00 local on the 26th.
          expect(wall! > '2026-11-25 20:00:00' && wall! <= '2026-11-26 20:00:00').toBe(true);
        }
        // The plain lines are in the same log and are not access lines.
        expect(lines.some((l) => !ACCESS.test(l) && l.includes('[info ] [auth_refresh.go:118]'))).toBe(true);
      });
    });
  }
});
