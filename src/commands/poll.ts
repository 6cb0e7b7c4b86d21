// The loop behind `onboard --watch` and `watch`: poll every interval until the duration is over or
// the signal fires (Ctrl-C), on a clock that tests can compress. Also the duration flags and the
// per-minute sparkline the live display shows.
import { UsageError } from '../errors.js';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when the signal fires. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** "15m", "90s", "2h", "500ms", or a bare number of seconds; 0 is allowed (skip). */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag}: "${text}" is not a duration (examples: 90s, 15m, 1h, 0)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'h' ? n * 3_600_000 : n * 60_000;
  if (!Number.isFinite(ms) || ms > 7 * 24 * 3_600_000) throw new UsageError(`${flag}: at most 7 days`);
  return Math.round(ms);
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${m}m`;
}

/**
 * Calls `poll` at the start and then every `intervalMs` until `durationMs` has passed (the last poll
 * lands on the end) or `signal` fires. Returns whether it ran to the end.
 */
export async function pollLoop(
  clock: Clock,
  durationMs: number,
  intervalMs: number,
  signal: AbortSignal,
  poll: (elapsedMs: number, last: boolean) => Promise<void>,
): Promise<{ completed: boolean }> {
  const start = clock.now();
  for (;;) {
    const elapsed = clock.now() - start;
    const last = elapsed >= durationMs;
    await poll(Math.min(elapsed, durationMs), last);
    if (last) return { completed: true };
    if (signal.aborted) return { completed: false };
    await clock.sleep(Math.min(intervalMs, durationMs - elapsed), signal);
    if (signal.aborted) return { completed: false };
  }
}

const BARS = '▁▂▃▄▅▆▇█';

/** One character per value, scaled to the largest; empty input gives an empty string. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? BARS[0] : BARS[Math.min(7, Math.round((v / max) * 7))])).join('');
}
