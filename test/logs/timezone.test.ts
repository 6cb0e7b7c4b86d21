import { describe, expect, it } from 'vitest';
import { parseZone, WallClockMinutes, wallClockToEpochMs, zoneName } from '../../src/timezone.js';

describe('WallClockMinutes', () => {
  it('agrees with wallClockToEpochMs minute by minute across a DST change', () => {
    const zone = parseZone('Europe/Berlin');
    const clock = new WallClockMinutes(zone);
    // 2026-03-29 02:00 local jumps to 03:00; read the hours around it twice (the second time from the cache)
    for (let pass = 0; pass < 2; pass++) {
      for (let h = 0; h < 5; h++) {
        for (const mi of [0, 1, 30, 59]) {
          expect(clock.epochMs(2026, 3, 29, h, mi)).toBe(wallClockToEpochMs(zone, 2026, 3, 29, h, mi, 0));
        }
      }
    }
    expect(clock.epochMs(2026, 3, 29, 1, 59)).toBe(Date.UTC(2026, 2, 29, 0, 59));
    expect(clock.epochMs(2026, 3, 29, 3, 0)).toBe(Date.UTC(2026, 2, 29, 1, 0));
  });

  it('reads the same wall clock 8 hours apart in Asia/Shanghai and UTC', () => {
    const shanghai = new WallClockMinutes(parseZone('Asia/Shanghai'));
    const utc = new WallClockMinutes(parseZone('UTC'));
    expect(utc.epochMs(2026, 2, 23, 10, 15) - shanghai.epochMs(2026, 2, 23, 10, 15)).toBe(8 * 3600_000);
  });

  it('takes fixed offsets', () => {
    expect(new WallClockMinutes(parseZone('-05:30')).epochMs(2026, 1, 1, 0, 0)).toBe(Date.UTC(2026, 0, 1, 5, 30));
  });

  it('names the machine zone by its IANA name', () => {
    expect(zoneName(parseZone(undefined))).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(zoneName(parseZone('+08:00'))).toBe('+08:00');
  });
});
