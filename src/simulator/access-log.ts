// The gateway's main.log lines (reference §8.1/§8.2): the logrus prefix and gin's access line
//   fmt.Sprintf("%3d | %13v | %15s | %-7s \"%s\"", status, latency, clientIP, method, path)
// with the exact padding, the level by status, and each flavour's caller line numbers.
import type { Flavor } from './names.js';
import { goDuration } from './time.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface AccessEntry {
  /** The host's wall clock, "YYYY-MM-DD HH:MM:SS". */
  wallClock: string;
  requestId: string | undefined;
  status: number;
  latencyMs: number;
  clientIp: string;
  method: string;
  path: string;
}

/** gin_logger.go line numbers of the error/warn/info calls: [FORK] v6.8.60-0 89/91/93, [UP] HEAD 93/95/97. */
const CALLER_LINES: Record<Flavor, Record<'error' | 'warn' | 'info', number>> = {
  plus: { error: 89, warn: 91, info: 93 },
  v7: { error: 93, warn: 95, info: 97 },
  // v7.3.x and later: log-formats.md
  v8: { error: 99, warn: 101, info: 103 },
  upstream: { error: 99, warn: 101, info: 103 },
};

/**
 * The access-line shape main.log is written in (log-formats.md): `current` (≥ v6.6.52), `v6.6.51`
 * (the request id between pipes, v6.6.50–v6.6.51) or `v6.6.49` (gin's "[GIN] <clock> |" prefix, ≤ v6.6.49).
 */
export const LOG_SHAPES = ['current', 'v6.6.51', 'v6.6.49'] as const;
export type LogShape = (typeof LOG_SHAPES)[number];

export function levelOf(status: number): 'error' | 'warn' | 'info' {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}

/** Request ids exist only on AI paths; which paths count differs per version. */
export function hasRequestId(flavor: Flavor, path: string): boolean {
  if (flavor !== 'plus') return /^\/(v1|v1beta|openai\/v1|backend-api\/codex)(\/|$)/.test(path);
  return (
    ['/v1/chat/completions', '/v1/completions', '/v1/messages', '/v1/responses'].includes(path) ||
    path.startsWith('/v1beta/models/') ||
    path.startsWith('/api/provider/')
  );
}

export function logLine(
  wallClock: string,
  requestId: string | undefined,
  level: Level,
  caller: string,
  message: string,
): string {
  return `[${wallClock}] [${requestId ?? '--------'}] [${level.padEnd(5)}] [${caller}] ${message}`;
}

export function accessLine(flavor: Flavor, e: AccessEntry, shape: LogShape = 'current'): string {
  const level = levelOf(e.status);
  const message = `${String(e.status).padStart(3)} | ${goDuration(e.latencyMs).padStart(13)} | ${e.clientIp.padStart(15)} | ${e.method.padEnd(7)} "${e.path}"`;
  if (shape === 'current')
    return logLine(e.wallClock, e.requestId, level, `gin_logger.go:${CALLER_LINES[flavor][level]}`, message);
  // before v6.6.52: no request-id column, the level unpadded and "warning" for 4xx
  const head = `[${e.wallClock}] [${level === 'warn' ? 'warning' : level}] [gin_logger.go:58]`;
  if (shape === 'v6.6.51') return `${head} | ${e.requestId ?? '--------'} | ${message}`;
  const gin = `${e.wallClock.slice(0, 10).replace(/-/g, '/')} - ${e.wallClock.slice(11)}`;
  return `${head} [GIN] ${gin} | ${message}`;
}
