// A handful of recent main.log lines as data, for commands that read evidence rather than scan days:
// `[YYYY-MM-DD HH:MM:SS] [reqid] [level] [caller] message`, with the gin access fields when the line is
// one. Timestamps carry no zone, so the gateway host's zone is given. The day-long scans use scan.ts.
import { readAccessLine, AccessLineParser } from './access-line.js';
import { wallClockToEpochMs, type Zone } from '../timezone.js';

export interface LogEntry {
  /** Epoch ms. */
  at: number;
  level: string;
  caller: string;
  message: string;
  access?: { status: number; latencyMs: number; clientIp: string; method: string; path: string };
}

const LINE = /^\[(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\] \[[^\]]*\] \[(\w+)\s*\] \[([^\]]*)\] ?(.*)$/;

/** gin's latency text (Go's Duration, truncated): "1.234s", "412ms", "0s", "1m2s", "15µs". */
export function latencyMs(text: string): number {
  let ms = 0;
  for (const [, n, unit] of text.trim().matchAll(/([\d.]+)(h|m(?!s)|s|ms|µs|μs|us|ns)/g)) {
    const v = Number(n);
    ms += unit === 'h' ? v * 3_600_000 : unit === 'm' ? v * 60_000 : unit === 's' ? v * 1000 : unit === 'ms' ? v : 0;
  }
  return ms;
}

export function readLogEntries(lines: readonly unknown[], zone: Zone): LogEntry[] {
  const parser = new AccessLineParser();
  const out: LogEntry[] = [];
  for (const line of lines) {
    if (typeof line !== 'string') continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const entry: LogEntry = {
      at: wallClockToEpochMs(zone, y, mo, d, h, mi, s),
      level: m[7] as string,
      caller: m[8] as string,
      message: m[9] as string,
    };
    const access = /gin_logger/.test(entry.caller) ? readAccessLine(line, parser) : undefined;
    if (access)
      entry.access = {
        status: access.status,
        latencyMs: latencyMs(access.latency),
        clientIp: access.clientIp,
        method: access.method,
        path: access.path.replace(/\?.*$/, ''),
      };
    out.push(entry);
  }
  return out;
}
