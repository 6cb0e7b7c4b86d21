// The access-line shapes of every gateway version in the field (shared/reference/log-formats.md), the
// upstream-attempt lines of v7.3+, and lines the parser must recognise as unread gateway lines.
import { describe, expect, it } from 'vitest';
import {
  AccessLineParser,
  readAccessLine,
  SHAPE_CURRENT,
  SHAPE_GIN,
  SHAPE_PIPE_ID,
} from '../../src/logs/access-line.js';
import { AttemptFields } from '../../src/logs/other-lines.js';

const SHAPES: Array<[string, string, Record<string, unknown>]> = [
  [
    '≤ v6.6.49, verbatim from log-formats.md',
    '[2025-11-24 10:07:40] [info] [gin_logger.go:58] [GIN] 2025/11/24 - 10:07:40 | 200 |           7ms | fd2b:6d4:c6af:cafe::185 | GET     "/v0/management/logs"',
    {
      shape: SHAPE_GIN,
      timestamp: '2025-11-24 10:07:40',
      level: 'info',
      requestId: '',
      callerLine: 58,
      status: 200,
      latency: '7ms',
      clientIp: 'fd2b:6d4:c6af:cafe::185',
      method: 'GET',
      path: '/v0/management/logs',
    },
  ],
  [
    '≤ v6.6.49, a 4xx at level warning, µs latency and a query',
    '[2025-11-24 10:07:41] [warning] [gin_logger.go:58] [GIN] 2025/11/24 - 10:07:41 | 401 |         850µs |       10.0.0.12 | POST    "/v1/messages?beta=true"',
    { shape: SHAPE_GIN, level: 'warning', status: 401, latency: '850µs', path: '/v1/messages?beta=true' },
  ],
  [
    'v6.6.50–v6.6.51: the request id between pipes',
    '[2025-12-20 10:07:40] [info] [gin_logger.go:60] | a1b2c3d4 | 200 |           7ms |       127.0.0.1 | POST    "/v1/chat/completions"',
    { shape: SHAPE_PIPE_ID, requestId: 'a1b2c3d4', level: 'info', status: 200, path: '/v1/chat/completions' },
  ],
  [
    'v6.6.50–v6.6.51: no request id, a 1m0s websocket upgrade',
    '[2025-12-20 10:07:40] [error] [gin_logger.go:60] | -------- | 502 |          1m0s |       127.0.0.1 | GET     "/v1/ws"',
    { shape: SHAPE_PIPE_ID, requestId: '--------', level: 'error', status: 502, latency: '1m0s', path: '/v1/ws' },
  ],
  [
    '≥ v6.6.52 (v7.3.x callers 99/101/103), IPv6 and a query',
    '[2026-09-16 04:10:46] [bf71a75c] [warn ] [gin_logger.go:101] 429 |         412ms | 2001:db8:85a3::8a2e:370:7334 | POST    "/v1/messages?beta=true"',
    {
      shape: SHAPE_CURRENT,
      callerLine: 101,
      status: 429,
      clientIp: '2001:db8:85a3::8a2e:370:7334',
      path: '/v1/messages?beta=true',
    },
  ],
  [
    '≥ v6.6.52, a websocket upgrade with µs latency',
    '[2026-09-16 04:10:47] [--------] [info ] [gin_logger.go:103] 200 |         850µs |       127.0.0.1 | GET     "/v1/responses"',
    { shape: SHAPE_CURRENT, latency: '850µs', method: 'GET', path: '/v1/responses' },
  ],
];

describe('access-line shapes of every version', () => {
  it.each(SHAPES)('%s', (_name, line, fields) => {
    expect(readAccessLine(line)).toMatchObject(fields);
    // the general parser (no fixed-offset fast path) gives the same answer
    expect(readAccessLine(line, new AccessLineParser(false))).toMatchObject(fields);
  });

  it('lines that are not access lines stay unread, with their caller found', () => {
    const p = new AccessLineParser();
    const other = (line: string) => {
      const b = Buffer.from(line);
      expect(p.parse(b, 0, b.length)).toBe(false);
      return p.callerStart < 0 ? 'no caller' : new AttemptFields().classify(b, p.callerStart, b.length);
    };
    expect(other('[2026-09-16 04:10:46] [--------] [info ] [watcher.go:188] config file changed, reloading')).toBe(
      'other',
    );
    expect(other('API server started successfully on: :8317')).toBe('no caller');
    expect(
      other('[2025-11-24 10:00:00] [info] [main.go:120] CLIProxyAPI Version: 6.6.42, Commit: abc123, BuiltAt: x'),
    ).toBe('version');
    // an access line of a shape no version wrote: recognised as the gateway's, but unread
    expect(
      other('[2026-09-16 04:10:46] [--------] [info ] [gin_logger.go:97] status=200 path=/v1/models latency=2ms'),
    ).toBe('unread-access');
    expect(other('[2025-11-24 10:07:40] [info] [gin_logger.go:58] {"status":200,"path":"/v1/models"}')).toBe(
      'unread-access',
    );
  });

  it('reads an upstream-attempt line: status, provider, model and the masked credential, never the error body', () => {
    const line =
      '[2026-09-16 04:10:46] [bf71a75c] [warn ] [conductor_execution.go:1946] 401 |           6ms | upstream execution failed: provider=codex model=gpt-5.3-codex auth=api_key=s4-c...ey-a err={"model=evil":"provider=x"}';
    const b = Buffer.from(line);
    const p = new AccessLineParser();
    expect(p.parse(b, 0, b.length)).toBe(false);
    const o = new AttemptFields();
    expect(o.classify(b, p.callerStart, b.length)).toBe('attempt');
    const text = (from: number, to: number) => b.toString('utf8', from, to);
    expect(o.status).toBe(401);
    expect(text(o.providerFrom, o.providerTo)).toBe('codex');
    expect(text(o.modelFrom, o.modelTo)).toBe('gpt-5.3-codex');
    expect(text(o.authFrom, o.authTo)).toBe('api_key=s4-c...ey-a');
  });
});
