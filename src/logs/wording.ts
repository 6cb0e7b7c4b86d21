// How the log scan's findings read in a summary or a details line.
import { count } from '../format.js';
import { formatWallClock, zoneName } from '../timezone.js';
import type { LogScan } from './collect.js';
import { OTHERS } from './byte-keys.js';
import type { CredentialBurst } from './credentials.js';
import { topKeys } from './scan.js';
import { burstMinutes, type Burst } from './window.js';

const MINUTE_MS = 60_000;
const TOP = 3;

function percent(part: number, whole: number): string {
  if (!whole) return '0%';
  const p = (100 * part) / whole;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

/** The IPs or paths behind a burst's events, most frequent first. */
function topOf(scan: LogScan, burst: Burst, which: 'ips' | 'paths', limit: number): Array<[string, number]> {
  const w = scan.tally.warmupMinutes;
  return topKeys(scan.tally, burst.status, burst.eventsFrom + w, burst.last + w, which, limit);
}

/** "10.0.0.12" or "10.0.0.12 and 2 other IPs": who sent most of a burst's events. */
export function mainSender(scan: LogScan, burst: Burst): string {
  const ips = topOf(scan, burst, 'ips', Number.MAX_SAFE_INTEGER);
  const [top] = ips;
  if (!top) return 'unknown clients';
  const others = ips.length - 1;
  if (!others) return top[0];
  const capped = ips.some(([ip]) => ip === OTHERS);
  return `${top[0]} and ${capped ? 'many' : others} other IP${others === 1 && !capped ? '' : 's'}`;
}

/** When the burst ran, in the log's own wall clock and in UTC. */
export function when(scan: LogScan, burst: Burst): string {
  const { startMs, endMs } = scan.tally.window;
  const from = startMs + burst.first * MINUTE_MS;
  const to = Math.min(startMs + (burst.last + 1) * MINUTE_MS, endMs);
  const wallFrom = formatWallClock(scan.zone, from).slice(0, 16);
  const wallTo = formatWallClock(scan.zone, to).slice(0, 16);
  const sameDay = wallFrom.slice(0, 10) === wallTo.slice(0, 10);
  const isoFrom = new Date(from).toISOString().slice(0, 16);
  const isoTo = new Date(to).toISOString().slice(0, 16);
  const isoSameDay = isoFrom.slice(0, 10) === isoTo.slice(0, 10);
  return `${wallFrom}–${sameDay ? wallTo.slice(11) : wallTo} ${zoneName(scan.zone)} (${isoFrom}Z–${isoSameDay ? isoTo.slice(11) : isoTo}Z)`;
}

/** One details line per burst: count, share, time, duration, top senders and paths. */
export function describeBurst(scan: LogScan, burst: Burst): string {
  const top = (which: 'ips' | 'paths') =>
    topOf(scan, burst, which, TOP)
      .map(([k, n]) => `${k} × ${count(n)}`)
      .join(', ');
  const edges = [
    burst.first === 0 ? 'already under way when the window opened' : '',
    burst.last === scan.tally.window.minutes - 1 ? 'still going at --now' : '',
  ].filter(Boolean);
  return (
    `${burst.status} × ${count(burst.events)} of ${count(burst.requests)} requests (${percent(burst.events, burst.requests)}) ` +
    `for ${burstMinutes(burst)} min, ${when(scan, burst)}${edges.length ? ` [${edges.join('; ')}]` : ''}; ` +
    `IPs ${top('ips') || 'none recorded'}; paths ${top('paths') || 'none recorded'}`
  );
}

/** "codex api_key=s4-c...ey-a": one credential as the gateway names it. */
export function credentialName(burst: CredentialBurst): string {
  return `${burst.provider} ${burst.credential}`;
}

/** One details line per credential burst: status, count, time, duration, models. */
export function describeCredentialBurst(scan: LogScan, burst: CredentialBurst): string {
  const models = burst.models.length ? `; models ${burst.models.join(', ')}` : '';
  return (
    `credential ${credentialName(burst)}: upstream ${burst.status} × ${count(burst.events)} of ${count(burst.requests)} failed attempts ` +
    `for ${burstMinutes(burst)} min, ${when(scan, burst)}${models}`
  );
}
