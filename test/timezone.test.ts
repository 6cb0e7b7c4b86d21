import { describe, expect, it } from 'vitest';
import { formatWallClock, parseZone, wallClockToEpochMs } from '../src/timezone.js';

describe('timezone', () => {
  it.each([
    ['UTC', 0],
    ['+08:00', 480],
    ['-0500', -300],
    ['UTC+5:30', 330],
  ])('parses the offset %s', (spec, minutes) => {
    expect(parseZone(spec)).toMatchObject({ kind: 'offset', minutes });
  });

  it('rejects an unknown zone with what to use instead', () => {
    expect(() => parseZone('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus" \(use an IANA name/);
  });

  it('turns a wall clock reading into the instant, in an IANA zone and across DST', () => {
    const shanghai = parseZone('Asia/Shanghai');
    expect(new Date(wallClockToEpochMs(shanghai, 2026, 2, 23, 10, 15, 9)).toISOString()).toBe(
      '2026-02-23T02:15:09.000Z',
    );
    const ny = parseZone('America/New_York');
    expect(new Date(wallClockToEpochMs(ny, 2026, 1, 15, 12, 0, 0)).toISOString()).toBe('2026-01-15T17:00:00.000Z');
    expect(new Date(wallClockToEpochMs(ny, 2026, 7, 15, 12, 0, 0)).toISOString()).toBe('2026-07-15T16:00:00.000Z');
  });

  it('formats an instant as the gateway writes it', () => {
    expect(formatWallClock(parseZone('+08:00'), Date.parse('2026-02-23T02:15:09Z'))).toBe('2026-02-23 10:15:09');
    expect(formatWallClock(parseZone('Asia/Shanghai'), Date.parse('2026-02-23T02:15:09Z'))).toBe('2026-02-23 10:15:09');
  });
});
