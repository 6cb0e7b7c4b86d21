// Time as the simulated gateway host writes it: Go's RFC 3339 with the host's offset, and Go's
// Duration.String() for the access log's latency column.
import { formatWallClock, offsetMinutesAt, type Zone } from '../timezone.js';

/** Go's time.Time JSON form (RFC3339Nano): fraction without trailing zeros, "Z" for a zero offset. */
export function rfc3339(zone: Zone, epochMs: number, withFraction = false): string {
  const offset = offsetMinutesAt(zone, epochMs);
  const wall = formatWallClock(zone, epochMs).replace(' ', 'T');
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const fraction = withFraction && ms ? `.${String(ms).padStart(3, '0').replace(/0+$/, '')}` : '';
  if (offset === 0) return `${wall}${fraction}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The zone's wall clock as "HH:MM". */
export function hourMinute(zone: Zone, epochMs: number): string {
  return formatWallClock(zone, epochMs).slice(11, 16);
}

/**
 * A latency as gin_logger prints it: truncated to ms (to s past a minute), then Go's Duration.String():
 * "0s", "2ms", "412ms", "1.234s", "1m15s", "1h0m0s".
 */
export function goDuration(ms: number): string {
  let t = Math.max(0, Math.floor(ms));
  if (t >= 60_000) t = Math.floor(t / 1000) * 1000;
  if (t === 0) return '0s';
  if (t < 1000) return `${t}ms`;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = (t % 60_000) / 1000;
  const secs = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h) return `${h}h${m}m${secs}`;
  if (m) return `${m}m${secs}`;
  return secs;
}

/** Go's Duration.String() of whole seconds, as in the ban message ("30m0s", "29m59s", "59s"). */
export function goSeconds(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h) return `${h}h${m}m${r}s`;
  if (m) return `${m}m${r}s`;
  return `${r}s`;
}
