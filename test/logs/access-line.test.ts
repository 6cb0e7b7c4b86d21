import { describe, expect, it } from 'vitest';
import { AccessLineParser, readAccessLine } from '../../src/logs/access-line.js';

// Reference §8.2, verbatim ([FORK] v6.8.60-0 caller lines).
const FORK_SAMPLES: Array<[string, Record<string, unknown>]> = [
  [
    '[2026-02-23 10:15:02] [a1b2c3d4] [info ] [gin_logger.go:93] 200 |        1.234s |       127.0.0.1 | POST    "/v1/chat/completions"',
    {
      timestamp: '2026-02-23 10:15:02',
      requestId: 'a1b2c3d4',
      level: 'info',
      callerLine: 93,
      status: 200,
      latency: '1.234s',
      clientIp: '127.0.0.1',
      method: 'POST',
      path: '/v1/chat/completions',
    },
  ],
  [
    '[2026-02-23 10:15:05] [--------] [info ] [gin_logger.go:93] 200 |           2ms |       127.0.0.1 | GET     "/v1/models"',
    { requestId: '--------', status: 200, latency: '2ms', method: 'GET', path: '/v1/models' },
  ],
  [
    '[2026-02-23 10:15:06] [--------] [warn ] [gin_logger.go:91] 401 |            0s |       10.0.0.12 | GET     "/v1/models"',
    { level: 'warn', callerLine: 91, status: 401, latency: '0s', clientIp: '10.0.0.12', path: '/v1/models' },
  ],
  [
    '[2026-02-23 10:15:07] [--------] [warn ] [gin_logger.go:91] 401 |            0s |       10.0.0.12 | GET     "/v0/management/auth-files"',
    { status: 401, path: '/v0/management/auth-files' },
  ],
  [
    '[2026-02-23 10:15:09] [9f8e7d6c] [warn ] [gin_logger.go:91] 429 |         412ms |       10.0.0.12 | POST    "/v1/messages"',
    {
      timestamp: '2026-02-23 10:15:09',
      requestId: '9f8e7d6c',
      status: 429,
      latency: '412ms',
      clientIp: '10.0.0.12',
      method: 'POST',
      path: '/v1/messages',
      credits: false,
      errors: undefined,
    },
  ],
  [
    '[2026-02-23 10:15:10] [7b6a5c4d] [warn ] [gin_logger.go:91] 403 |         388ms |       127.0.0.1 | POST    "/v1/chat/completions"',
    { status: 403, latency: '388ms' },
  ],
  [
    '[2026-02-23 10:15:12] [5c4b3a29] [error] [gin_logger.go:89] 502 |           3ms |       127.0.0.1 | POST    "/v1/chat/completions"',
    { level: 'error', callerLine: 89, status: 502 },
  ],
];

// [UP] HEAD: callers 93/95/97, request ids on every /v1 path, and the two optional suffixes.
const UP_SAMPLES: Array<[string, Record<string, unknown>]> = [
  [
    '[2026-08-22 09:01:00] [0a1b2c3d] [info ] [gin_logger.go:97] 200 |           2ms |       127.0.0.1 | GET     "/v1/models"',
    { callerLine: 97, requestId: '0a1b2c3d', path: '/v1/models', credits: false, errors: undefined },
  ],
  [
    '[2026-08-22 09:01:01] [1a2b3c4d] [info ] [gin_logger.go:97] 200 |       14.201s |       10.0.0.7 | POST    "/v1/messages" [credits]',
    { latency: '14.201s', path: '/v1/messages', credits: true, errors: undefined },
  ],
  [
    '[2026-08-22 09:01:02] [2a3b4c5d] [warn ] [gin_logger.go:95] 429 |         812ms |       10.0.0.7 | POST    "/v1/messages" | Error #01: upstream rate limited',
    { status: 429, credits: false, errors: 'Error #01: upstream rate limited' },
  ],
  [
    '[2026-08-22 09:01:03] [3a4b5c6d] [error] [gin_logger.go:93] 500 |          1m5s |     2001:db8::1 | POST    "/v1/responses" [credits] | Error #01: stream closed',
    {
      level: 'error',
      callerLine: 93,
      latency: '1m5s',
      clientIp: '2001:db8::1',
      credits: true,
      errors: 'Error #01: stream closed',
    },
  ],
];

describe('readAccessLine', () => {
  it.each(FORK_SAMPLES)('[FORK] %s', (line, fields) => {
    expect(readAccessLine(line)).toMatchObject(fields);
  });

  it.each(UP_SAMPLES)('[UP] %s', (line, fields) => {
    expect(readAccessLine(line)).toMatchObject(fields);
  });

  it.each([
    ['nanoseconds', '850ns'],
    ['microseconds, as Go prints them (U+00B5)', '850µs'],
    ['microseconds with a Greek mu', '850μs'],
    ['fractional milliseconds', '1.5ms'],
    ['minutes and seconds', '2m0s'],
    ['hours', '1h2m3s'],
    ['a negative duration', '-3ms'],
  ])('reads a latency in %s', (_name, latency) => {
    // %13v pads by characters, so µs lines are a byte longer than the others: no fixed offsets after the status
    const line = `[2026-02-23 10:15:02] [a1b2c3d4] [info ] [gin_logger.go:93] 200 | ${latency.padStart(13)} |       127.0.0.1 | POST    "/v1/chat/completions"`;
    expect(readAccessLine(line)?.latency).toBe(latency);
  });

  it('keeps a quote inside the path and takes the query with it', () => {
    const line =
      '[2026-02-23 10:15:02] [a1b2c3d4] [warn ] [gin_logger.go:91] 401 |           1ms |       10.0.0.1 | GET     "/v1/a"b?key=***"';
    expect(readAccessLine(line)?.path).toBe('/v1/a"b?key=***');
  });

  it('reads an empty client IP (gin could not tell) and a 7-letter method', () => {
    const line =
      '[2026-02-23 10:15:02] [--------] [info ] [gin_logger.go:93] 204 |           0s |                 | OPTIONS "/v1/models"';
    expect(readAccessLine(line)).toMatchObject({ clientIp: '', method: 'OPTIONS', status: 204 });
  });

  const GOOD = FORK_SAMPLES[4]?.[0] as string;
  it.each([
    [
      'a plain log message',
      '[2026-02-23 10:15:02] [--------] [info ] [server.go:211] API server started successfully on: :8317',
    ],
    [
      'a debug line that mentions a status',
      '[2026-02-23 10:15:09] [9f8e7d6c] [debug] [claude_executor.go:174] request error, error status: 429, error message: {"type":"error"}',
    ],
    ['a request-log body line', 'HTTP Status: 429'],
    ['the request-log banner', '=== REQUEST INFO ==='],
    ['an empty line', ''],
    ['binary junk', '\u0000\u0001\u00ff\ufffd[2026-02-23 10:15:09]\u0000'],
    ['the level without its padding', GOOD.replace('[warn ]', '[warn]')],
    ['a debug-level gin line', GOOD.replace('[warn ]', '[debug]')],
    ['another caller', GOOD.replace('gin_logger.go:91', 'gin_logger2.go:91')],
    ['a caller without a line number', GOOD.replace('gin_logger.go:91', 'gin_logger.go:')],
    ['a month 13', GOOD.replace('2026-02-23', '2026-13-23')],
    ['a letter in the time', GOOD.replace('10:15:09', '10:1x:09')],
    ['a two-digit status', GOOD.replace('] 429 |', '] 42 |')],
    ['a latency without a unit', GOOD.replace('412ms', '412')],
    ['a latency with an unknown unit', GOOD.replace('412ms', '412ks')],
    ['a missing separator', GOOD.replace('10.0.0.12 | POST', '10.0.0.12 POST')],
    ['an unquoted path', GOOD.replace('"/v1/messages"', '/v1/messages')],
    [
      'the old upstream [GIN] access format',
      '[2026-02-23 10:15:09] [--------] [info ] [gin_logger.go:88] [GIN] 2026/02/23 - 10:15:09 | 200 |  1ms | 127.0.0.1 | GET "/"',
    ],
  ])('skips %s', (_name, line) => {
    expect(readAccessLine(line)).toBeUndefined();
  });

  it('skips a line truncated anywhere', () => {
    for (let cut = 1; cut < GOOD.length; cut++) {
      expect(readAccessLine(GOOD.slice(0, cut)), `cut at ${cut}`).toBeUndefined();
    }
    expect(readAccessLine(GOOD)).toBeDefined();
  });

  it('reads every line the same through the fixed-offset path and the general parser', () => {
    const lines = [...FORK_SAMPLES, ...UP_SAMPLES].map(([line]) => line);
    const variants = lines.flatMap((line) => [
      line,
      line.replace(/\[[0-9a-f-]{8}\]/, '[0123456789abcdef]'), // a longer request id
      line.replace(/ {2}\d+(ms|s) \|/, (m) => m.replace(/\d+(ms|s)/, '850µs')), // µs: 14 bytes in 13 characters
      line.replace('POST   ', 'PROPFIND'), // a method wider than 7
      line.replace(/"$/, '" | Error #01: "quoted"'),
      line.replace(/ (\d{3}) \|/, ' $1  |'), // a misaligned separator
      line.replace(/ [A-Z]+ +"/, ' P T    "'), // a space inside the method
      line.replace('gin_logger.go:9', 'gin_logger.go:109'), // a three-digit caller line
      line.replace(/\[[0-9a-f-]{8}\]/, '[9f8e 7d6]'), // a space inside the request id
    ]);
    for (const line of variants) {
      expect(readAccessLine(line, new AccessLineParser(true)), line).toEqual(
        readAccessLine(line, new AccessLineParser(false)),
      );
    }
    // the variants do reach both outcomes
    expect(variants.filter((l) => readAccessLine(l)).length).toBeGreaterThan(lines.length * 3);
    expect(variants.filter((l) => !readAccessLine(l)).length).toBeGreaterThan(lines.length);
  });

  it('reads the minute again when only the seconds repeat across a different minute', () => {
    const p = new AccessLineParser();
    const first = readAccessLine(FORK_SAMPLES[0]?.[0] as string, p);
    const next = readAccessLine((FORK_SAMPLES[0]?.[0] as string).replace('10:15:02', '10:16:02'), p);
    expect([first?.timestamp, next?.timestamp]).toEqual(['2026-02-23 10:15:02', '2026-02-23 10:16:02']);
    expect(
      readAccessLine((FORK_SAMPLES[0]?.[0] as string).replace('2026-02-23 10:15', '2026-02-30 25:15'), p),
    ).toBeUndefined();
  });
});
