// Log timestamps carry no zone: they are the gateway host's wall clock. These helpers turn a wall
// clock reading in a named zone (IANA) or a fixed offset into an instant, and back.

const OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

export type Zone = { kind: 'offset'; minutes: number; label: string } | { kind: 'iana'; name: string; label: string };

/** Parses an IANA name ("Asia/Shanghai"), "UTC"/"Z" or an offset ("+08:00", "-0500"); undefined = this machine's zone. */
export function parseZone(spec: string | undefined): Zone {
  if (spec === undefined || spec === '')
    return { kind: 'iana', name: Intl.DateTimeFormat().resolvedOptions().timeZone, label: 'local' };
  if (/^(z|utc|gmt)$/i.test(spec)) return { kind: 'offset', minutes: 0, label: 'UTC' };
  const m = OFFSET.exec(spec);
  if (m) {
    const minutes = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1);
    if (Math.abs(minutes) > 14 * 60) throw new RangeError(`time zone offset out of range: ${spec}`);
    return { kind: 'offset', minutes, label: spec };
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: spec });
  } catch {
    throw new RangeError(
      `unknown time zone "${spec}" (use an IANA name such as Asia/Shanghai, or an offset such as +08:00)`,
    );
  }
  return { kind: 'iana', name: spec, label: spec };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(zone: string, epochMs: number): number[] {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(epochMs)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return [p.year ?? 0, p.month ?? 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0];
}

/** The zone's offset from UTC, in minutes, at the given instant. */
// Offsets change only on quarter hours (every DST rule and zone offset in use is a multiple of 15
// minutes), so one Intl call per zone and quarter hour is enough; Intl costs microseconds a call.
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

export function offsetMinutesAt(zone: Zone, epochMs: number): number {
  if (zone.kind === 'offset') return zone.minutes;
  const key = `${zone.name}@${Math.floor(epochMs / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const [y, mo, d, h, mi, s] = partsIn(zone.name, epochMs) as [number, number, number, number, number, number];
    offset = Math.round((Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(epochMs / 1000) * 1000) / 60000);
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The instant at which the zone's wall clock reads the given time (earlier one in a DST overlap). */
export function wallClockToEpochMs(
  zone: Zone,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (zone.kind === 'offset') return asUtc - zone.minutes * 60000;
  // Two passes converge everywhere except inside a DST gap, where the wall time does not exist.
  let guess = asUtc - offsetMinutesAt(zone, asUtc) * 60000;
  guess = asUtc - offsetMinutesAt(zone, guess) * 60000;
  return guess;
}

/** "YYYY-MM-DD HH:MM:SS" as the zone's wall clock shows the instant (the gateway's log format). */
export function formatWallClock(zone: Zone, epochMs: number): string {
  const local = new Date(epochMs + offsetMinutesAt(zone, epochMs) * 60000);
  return local.toISOString().slice(0, 19).replace('T', ' ');
}

/** "+08:00", "-05:30", "+00:00": an offset in minutes as --log-timezone takes it. */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The zone's name as a summary prints it: the IANA name even for the machine's own zone. */
export function zoneName(zone: Zone): string {
  return zone.kind === 'iana' ? zone.name : zone.label;
}

/** Distinct minutes remembered before the cache starts over; a day of log is 1,440. */
const MINUTE_CACHE_SIZE = 8192;

/**
 * Wall-clock minute → instant, cached per minute: a multi-GB log holds millions of lines but only a
 * few thousand distinct minutes, so Intl (slow) runs once per minute, not once per line. Exact for
 * every zone, because all UTC offsets in use change on whole minutes.
 */
export class WallClockMinutes {
  private readonly cache = new Map<number, number>();

  constructor(readonly zone: Zone) {}

  /** Epoch ms at which the zone's clock reads y-mo-d h:mi:00 (mo 1-12). */
  epochMs(y: number, mo: number, d: number, h: number, mi: number): number {
    const key = (((y * 13 + mo) * 32 + d) * 24 + h) * 60 + mi;
    let ms = this.cache.get(key);
    if (ms === undefined) {
      ms = wallClockToEpochMs(this.zone, y, mo, d, h, mi, 0);
      if (this.cache.size >= MINUTE_CACHE_SIZE) this.cache.clear();
      this.cache.set(key, ms);
    }
    return ms;
  }
}
