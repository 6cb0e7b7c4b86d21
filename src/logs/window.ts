// The burst rule, pure: per status, minute m is hot when the trailing `windowMinutes` up to and
// including m hold at least `minEvents` events of that status and at least `minSharePct` of all the
// requests in that window; a burst is a maximal run of hot minutes. The share keeps a busy gateway's
// steady background of 429s (3 % of 1,300 requests a minute is 39) from reading as one day-long burst.

export const WATCHED_STATUSES = [401, 403, 429] as const;
export type WatchedStatus = (typeof WATCHED_STATUSES)[number];

const MINUTE_MS = 60_000;

/**
 * The minutes a scan looks at: the last `lookbackMinutes` before `now`, rounded out to whole
 * minutes, preceded by `warmupMinutes` read only so that the first minutes' trailing windows are full.
 */
export interface ScanWindow {
  /** Start of the first lookback minute (epoch ms, on a minute). */
  startMs: number;
  /** `now`: lines at or after it are ignored. */
  endMs: number;
  /** Lookback minutes, the last one possibly partial. */
  minutes: number;
  warmupMinutes: number;
}

export function scanWindow(now: Date, lookbackMinutes: number, windowMinutes: number): ScanWindow {
  const endMs = now.getTime();
  const startMs = Math.floor((endMs - lookbackMinutes * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  return {
    startMs,
    endMs,
    minutes: Math.ceil((endMs - startMs) / MINUTE_MS),
    warmupMinutes: Math.max(0, windowMinutes - 1),
  };
}

/** Where the warm-up minutes start. */
export function warmupStartMs(window: ScanWindow): number {
  return window.startMs - window.warmupMinutes * MINUTE_MS;
}

export interface BurstRule {
  windowMinutes: number;
  minEvents: number;
  /** Percent of the window's requests the status must reach as well (0 or absent: the count alone). */
  minSharePct?: number;
}

export interface Burst {
  status: WatchedStatus;
  /** First and last hot minute, as indexes into the lookback minutes (0 = the window's first). */
  first: number;
  last: number;
  /**
   * First minute whose events count toward the burst: the first event in the first hot minute's
   * trailing window, after the previous burst of the status. Negative when it lies in the warm-up.
   */
  eventsFrom: number;
  /** Events of `status` from eventsFrom to last. */
  events: number;
  /** All requests from eventsFrom to last. */
  requests: number;
}

/** Per-minute counts over warm-up + lookback minutes (index 0 = the first warm-up minute). */
export interface MinuteCounts {
  warmupMinutes: number;
  total: ArrayLike<number>;
  byStatus: Record<WatchedStatus, ArrayLike<number>>;
}

/**
 * Whether each lookback minute is hot for one status's per-minute counts; `totals` (all requests per
 * minute) is needed only for a share rule.
 */
export function hotMinutes(
  counts: ArrayLike<number>,
  warmupMinutes: number,
  rule: BurstRule,
  totals?: ArrayLike<number>,
): boolean[] {
  const share = rule.minSharePct ?? 0;
  if (share > 0 && !totals) throw new RangeError('a share rule needs the per-minute totals');
  const hot: boolean[] = [];
  let trailing = 0;
  let trailingTotal = 0;
  for (let i = 0; i < counts.length; i++) {
    trailing += counts[i] ?? 0;
    trailingTotal += totals?.[i] ?? 0;
    if (i >= rule.windowMinutes) {
      trailing -= counts[i - rule.windowMinutes] ?? 0;
      trailingTotal -= totals?.[i - rule.windowMinutes] ?? 0;
    }
    // Integers on both sides: no rounding at the threshold.
    if (i >= warmupMinutes) hot.push(trailing >= rule.minEvents && trailing * 100 >= share * trailingTotal);
  }
  return hot;
}

/** Every burst of every watched status, in time order. */
export function findBursts(counts: MinuteCounts, rule: BurstRule): Burst[] {
  const bursts: Burst[] = [];
  const w = counts.warmupMinutes;
  for (const status of WATCHED_STATUSES) {
    const series = counts.byStatus[status];
    const hot = hotMinutes(series, w, rule, counts.total);
    let previousLast = -w - 1;
    for (let m = 0; m < hot.length; m++) {
      if (!hot[m]) continue;
      const first = m;
      while (m + 1 < hot.length && hot[m + 1]) m++;
      let eventsFrom = Math.max(first - rule.windowMinutes + 1, previousLast + 1, -w);
      while (eventsFrom < first && !series[eventsFrom + w]) eventsFrom++;
      let events = 0;
      let requests = 0;
      for (let i = eventsFrom; i <= m; i++) {
        events += series[i + w] ?? 0;
        requests += counts.total[i + w] ?? 0;
      }
      bursts.push({ status, first, last: m, eventsFrom, events, requests });
      previousLast = m;
    }
  }
  return bursts.sort((a, b) => a.first - b.first || a.status - b.status);
}

export function burstMinutes(burst: Burst): number {
  return burst.last - burst.first + 1;
}
