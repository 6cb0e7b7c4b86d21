// Gateway log lines for tests, in the exact shape of reference §8.2.

export interface AccessLineSpec {
  /** "YYYY-MM-DD HH:MM:SS", the gateway host's wall clock. */
  at: string;
  status?: number;
  ip?: string;
  method?: string;
  path?: string;
  latency?: string;
  requestId?: string;
}

export function accessLine({
  at,
  status = 200,
  ip = '127.0.0.1',
  method = 'POST',
  path = '/v1/chat/completions',
  latency = '412ms',
  requestId = 'a1b2c3d4',
}: AccessLineSpec): string {
  const [level, caller] = status >= 500 ? ['error', 89] : status >= 400 ? ['warn ', 91] : ['info ', 93];
  return `[${at}] [${requestId}] [${level}] [gin_logger.go:${caller}] ${status} | ${latency.padStart(13)} | ${ip.padStart(15)} | ${method.padEnd(7)} "${path}"`;
}

/** "YYYY-MM-DD HH:MM:SS" of a UTC instant shifted by `offsetMinutes` (the log host's zone). */
export function wallClock(epochMs: number, offsetMinutes = 0): string {
  return new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Access lines for `perMinute[i]` requests of `status` in minute i after `startMs` (UTC), plus
 * `background` 200s per minute, written as the wall clock of a zone `offsetMinutes` east of UTC.
 */
export function minuteLines(
  startMs: number,
  perMinute: number[],
  opts: { status?: number; background?: number; offsetMinutes?: number; ip?: string } = {},
): string[] {
  const lines: string[] = [];
  perMinute.forEach((n, minute) => {
    const base = startMs + minute * 60_000;
    for (let k = 0; k < (opts.background ?? 0); k++)
      lines.push(accessLine({ at: wallClock(base + k * 1000, opts.offsetMinutes) }));
    for (let k = 0; k < n; k++)
      lines.push(
        accessLine({
          at: wallClock(base + (k % 60) * 1000, opts.offsetMinutes),
          status: opts.status ?? 429,
          ip: opts.ip ?? '10.0.0.12',
          path: '/v1/messages',
        }),
      );
  });
  return lines;
}
