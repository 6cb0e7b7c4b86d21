// Log timestamps carry no zone. Two ways to notice a wrong one: the gateway says which instant its
// newest line is (the logs API's latest-timestamp, parsed in the gateway host's own zone), and lines
// read as later than the gateway's or this host's clock cannot be right.
import { formatOffset, offsetMinutesAt, zoneName } from '../timezone.js';
import type { LogScan } from './collect.js';
import { FUTURE_SKEW_MS } from './scan.js';

const STAMP = /^\[(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\]/;
const QUARTER_HOUR_MIN = 15;
const MAX_OFFSET_MIN = 14 * 60;
/** How many lines from the end to look through for the newest stamped one. */
const LOOK_BACK_LINES = 1000;

export interface InferredOffset {
  minutes: number;
  /** What the inference rests on, for the report. */
  note: string;
}

/**
 * The gateway host's UTC offset: the newest line's wall clock minus the instant the gateway says it
 * is (latest-timestamp). Nothing when they disagree with a clean quarter-hour offset, or when the
 * gateway's own clock (its Date header) says that instant has not happened yet.
 */
export function inferLogOffset(
  lines: readonly unknown[],
  latestTimestamp: number | undefined,
  gatewayClockMs: number | undefined,
): InferredOffset | undefined {
  if (latestTimestamp === undefined) return undefined;
  const latestMs = latestTimestamp * 1000;
  if (gatewayClockMs !== undefined && latestMs > gatewayClockMs + FUTURE_SKEW_MS) return undefined;
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - LOOK_BACK_LINES; i--) {
    const line = lines[i];
    if (typeof line !== 'string') continue;
    const m = STAMP.exec(line);
    if (!m) continue;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const diffMs = Date.UTC(y, mo - 1, d, h, mi, s) - latestMs;
    const minutes = Math.round(diffMs / 60_000);
    if (diffMs !== minutes * 60_000 || minutes % QUARTER_HOUR_MIN !== 0 || Math.abs(minutes) > MAX_OFFSET_MIN)
      return undefined;
    const wall = m[0].slice(1, -1);
    return {
      minutes,
      note: `the gateway's latest-timestamp ${latestTimestamp} is ${new Date(latestMs).toISOString().slice(0, 19)}Z and its newest line reads ${wall}`,
    };
  }
  return undefined;
}

export interface FutureLines {
  lines: number;
  /** How far the newest line is ahead of the clock it is held to. */
  aheadMs: number;
  /** The offset the log was most likely written in: this zone's, moved by the whole hours it is ahead. */
  likely: string;
  /** What it was held to: "--now", "the gateway's clock", "this host's clock". */
  clock: string;
}

/**
 * Lines stamped after the clock they are held to: the latest of --now, the gateway's clock (when
 * known) and this host's. Lines after --now but before that clock belong to a replay, not a zone.
 */
export function futureLines(scan: LogScan, hostClockMs: number, gatewayClockMs?: number): FutureLines | undefined {
  const t = scan.tally;
  if (!t.futureLines) return undefined;
  const [reference, clock] =
    gatewayClockMs !== undefined
      ? [Math.max(t.window.endMs, gatewayClockMs), "the gateway's clock"]
      : [Math.max(t.window.endMs, hostClockMs), "this host's clock"];
  const aheadMs = t.newestMs - reference;
  if (aheadMs < FUTURE_SKEW_MS) return undefined;
  // The newest line was written at or before the clock, so the true shift is at least aheadMs.
  const shiftMin = Math.ceil(aheadMs / 3_600_000) * 60;
  const likely = formatOffset(offsetMinutesAt(scan.zone, t.newestMs) + shiftMin);
  return { lines: t.futureLines, aheadMs, likely, clock };
}

/** One sentence for a summary. */
export function describeFuture(scan: LogScan, f: FutureLines): string {
  const ahead =
    f.aheadMs >= 3_600_000 ? `${(f.aheadMs / 3_600_000).toFixed(1)} h` : `${Math.round(f.aheadMs / 60_000)} min`;
  return `${f.lines} access line(s) read as ${zoneName(scan.zone)} are stamped in the future (the newest ${ahead} ahead of ${f.clock}) and were not counted: the gateway host likely writes its log in UTC${f.likely}`;
}
