import { describe, expect, it } from 'vitest';
import { burstMinutes, findBursts, hotMinutes, scanWindow, type MinuteCounts } from '../../src/logs/window.js';

const rule = { windowMinutes: 5, minEvents: 10 };

function counts(series: Partial<Record<401 | 403 | 429, number[]>>, warmupMinutes = 0, total?: number[]): MinuteCounts {
  const length = Math.max(...Object.values(series).map((s) => s.length));
  const pad = (s: number[] | undefined) => Array.from({ length }, (_, i) => s?.[i] ?? 0);
  return {
    warmupMinutes,
    total: total ?? pad(series[429]).map((n, i) => n + (series[401]?.[i] ?? 0) + (series[403]?.[i] ?? 0) + 100),
    byStatus: { 401: pad(series[401]), 403: pad(series[403]), 429: pad(series[429]) },
  };
}

describe('hotMinutes', () => {
  it('9 events in the trailing window are not hot, 10 are', () => {
    expect(hotMinutes([9], 0, rule)).toEqual([false]);
    expect(hotMinutes([10], 0, rule)).toEqual([true]);
  });

  it('sums the trailing window, the minute itself included, and forgets what falls out of it', () => {
    expect(hotMinutes([2, 2, 2, 2, 2, 0, 0], 0, rule)).toEqual([false, false, false, false, true, false, false]);
    // 5 in minute 0 and 5 in minute 5 are never in one 5-minute window
    expect(hotMinutes([5, 0, 0, 0, 0, 5], 0, rule)).toEqual([false, false, false, false, false, false]);
  });

  it('warm-up minutes fill the first trailing windows but are not judged themselves', () => {
    expect(hotMinutes([6, 0, 0, 0, 4, 0], 4, rule)).toEqual([true, false]);
  });
});

describe('findBursts', () => {
  it('a burst is a maximal run of hot minutes, with its events and all requests in it', () => {
    const bursts = findBursts(counts({ 429: [0, 10, 0, 0, 0, 0, 0, 12] }, 0, [50, 60, 50, 50, 50, 50, 50, 40]), rule);
    expect(bursts).toEqual([
      { status: 429, first: 1, last: 5, eventsFrom: 1, events: 10, requests: 260 },
      // its lead-in stops after the previous burst, so no event is counted twice
      { status: 429, first: 7, last: 7, eventsFrom: 7, events: 12, requests: 40 },
    ]);
    expect(bursts.map(burstMinutes)).toEqual([5, 1]);
  });

  it('counts the lead-in events that made the first minute hot', () => {
    const [burst] = findBursts(counts({ 429: [0, 0, 3, 3, 4] }), rule);
    // from the first of them: the quiet minutes before add nothing but requests
    expect(burst).toMatchObject({ first: 4, last: 4, eventsFrom: 2, events: 10, requests: 310 });
  });

  it('judges each status on its own: 5 × 401 and 5 × 403 in a minute are no burst', () => {
    expect(findBursts(counts({ 401: [5], 403: [5], 429: [0] }), rule)).toEqual([]);
  });

  it('orders bursts of several statuses by time', () => {
    const bursts = findBursts(counts({ 401: [0, 0, 10], 403: [10, 0, 0], 429: [0, 10, 0] }), {
      windowMinutes: 1,
      minEvents: 10,
    });
    expect(bursts.map((b) => [b.status, b.first])).toEqual([
      [403, 0],
      [429, 1],
      [401, 2],
    ]);
  });

  it('reports a burst carried over from the warm-up at the first lookback minute, and one running to the last', () => {
    const bursts = findBursts(counts({ 429: [0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 10] }, 4), rule);
    expect(bursts.map((b) => [b.first, b.last, b.eventsFrom, b.events])).toEqual([
      [0, 3, -1, 10],
      [6, 6, 6, 10],
    ]);
  });

  it('warm-up alone, long enough before the window, makes no burst', () => {
    expect(findBursts(counts({ 429: [10, 0, 0, 0, 0, 0, 0] }, 5), rule)).toEqual([]);
  });
});

describe('scanWindow', () => {
  it('covers exactly lookbackMinutes when --now is on a minute', () => {
    const w = scanWindow(new Date('2026-02-23T12:00:00Z'), 1440, 5);
    expect(w).toEqual({
      startMs: Date.parse('2026-02-22T12:00:00Z'),
      endMs: Date.parse('2026-02-23T12:00:00Z'),
      minutes: 1440,
      warmupMinutes: 4,
    });
  });

  it('rounds out to whole minutes otherwise, the last one partial', () => {
    const w = scanWindow(new Date('2026-02-23T12:00:30Z'), 60, 1);
    expect(w).toEqual({
      startMs: Date.parse('2026-02-23T11:00:00Z'),
      endMs: Date.parse('2026-02-23T12:00:30Z'),
      minutes: 61,
      warmupMinutes: 0,
    });
  });
});
