// Onboard step 6: "monitor for 10-15 minutes before production traffic". Polls what this gateway
// version serves: /usage (cliproxyapi++ and CLIProxyAPI < v6.10) for the prefix's own requests and
// their success ratio, and the log for 401/403/429 and latency (gateway-wide: access lines carry no
// model, so they cannot be attributed to the prefix, and provops says so instead of judging them).
import type { Gateway } from '../../gateway/client.js';
import { fetchManagementLogs } from '../../gateway/logs.js';
import { whyUnavailable, type Failed } from '../../gateway/read.js';
import { fetchUsage } from '../../gateway/usage.js';
import { readLogEntries } from '../../logs/entries.js';
import { messageOf } from '../../errors.js';
import { percent } from '../../format.js';
import type { Zone } from '../../timezone.js';
import { inference } from '../triage/common.js';
import { formatDuration, pollLoop, sparkline, type Clock } from '../poll.js';

export const WATCH_THRESHOLDS = { warnSuccessRatio: 0.99, failSuccessRatio: 0.95, minRequests: 5 };

export interface WatchSample {
  elapsedMs: number;
  remainingMs: number;
  /** The prefix's requests since the watch began (null when this gateway has no usage route). */
  requests: number | null;
  failed: number | null;
  successRatio: number | null;
  /** Gateway-wide, from the log: inference answers with these statuses since the watch began. */
  status401: number | null;
  status403: number | null;
  status429: number | null;
  p95LatencyMs: number | null;
  /** The prefix's requests per minute of the watch so far. */
  perMinute: number[];
}

export interface WatchResult {
  status: 'pass' | 'warn' | 'fail' | 'error' | 'skip';
  summary: string;
  completed: boolean;
  durationMs: number;
  samples: WatchSample[];
  notes: string[];
}

interface Input {
  gateway: Gateway;
  prefix: string;
  durationMs: number;
  intervalMs: number;
  clock: Clock;
  zone: Zone;
  signal: AbortSignal;
  onSample?: ((s: WatchSample) => void) | undefined;
}

export async function watchPrefix(input: Input): Promise<WatchResult> {
  const start = input.clock.now();
  const notes = new Set<string>();
  const samples: WatchSample[] = [];
  const latencies: number[] = [];
  const seen = { 401: 0, 403: 0, 429: 0 };
  let logsOk: boolean | undefined;
  let logsAfter = Math.floor(start / 1000);
  let usageOk = false;

  const { completed } = await pollLoop(
    input.clock,
    input.durationMs,
    input.intervalMs,
    input.signal,
    async (elapsed) => {
      const now = input.clock.now();
      const usage = await fetchUsage(input.gateway, input.signal);
      let requests: number | null = null;
      let failed: number | null = null;
      const perMinute: number[] = [];
      if (usage.ok) {
        usageOk = true;
        const mine = usage.value.requests.filter(
          (r) => r.model.startsWith(`${input.prefix}/`) && r.at > start && r.at <= now,
        );
        requests = mine.length;
        failed = mine.filter((r) => r.failed).length;
        for (const r of mine) {
          const minute = Math.floor((r.at - start) / 60_000);
          while (perMinute.length <= minute) perMinute.push(0);
          perMinute[minute] = (perMinute[minute] ?? 0) + 1;
        }
      } else
        notes.add(
          `no per-prefix success ratio: GET /v0/management/usage → ${whyUnavailable(usage as Failed<unknown>)}`,
        );

      if (logsOk !== false) {
        try {
          const logs = await fetchManagementLogs(input.gateway, logsAfter, input.signal);
          if (logs.kind === 'lines') {
            logsOk = true;
            const entries = inference(readLogEntries(logs.lines.strings(), input.zone)).filter(
              (e) => e.at > start && e.at <= now,
            );
            for (const e of entries) {
              if (e.access.status === 401 || e.access.status === 403 || e.access.status === 429)
                seen[e.access.status]++;
              latencies.push(e.access.latencyMs);
            }
            logsAfter = Math.floor(now / 1000);
          } else {
            logsOk = false;
            notes.add(
              `no 401/403/429 or latency: ${logs.kind === 'unavailable' ? logs.reason : whyUnavailable({ ok: false, response: logs.response })}`,
            );
          }
        } catch (err) {
          logsOk = false;
          notes.add(`no 401/403/429 or latency: ${messageOf(err)}`);
        }
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      const sample: WatchSample = {
        elapsedMs: elapsed,
        remainingMs: Math.max(0, input.durationMs - elapsed),
        requests,
        failed,
        successRatio: requests ? (requests - (failed ?? 0)) / requests : null,
        status401: logsOk ? seen[401] : null,
        status403: logsOk ? seen[403] : null,
        status429: logsOk ? seen[429] : null,
        p95LatencyMs: sorted.length
          ? (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? null)
          : null,
        perMinute,
      };
      samples.push(sample);
      input.onSample?.(sample);
    },
  );

  if (logsOk)
    notes.add('401/403/429 and latency are gateway-wide: access lines carry no model, so they are shown, not judged');
  return judge(samples, completed, input, usageOk, [...notes]);
}

function judge(
  samples: WatchSample[],
  completed: boolean,
  input: Input,
  usageOk: boolean,
  notes: string[],
): WatchResult {
  const last = samples.at(-1);
  const durationMs = last?.elapsedMs ?? 0;
  const base = { completed, durationMs, samples, notes };
  const span = `${formatDuration(durationMs)}${completed ? '' : ` of ${formatDuration(input.durationMs)} (ended early)`}`;
  if (!usageOk || !last || last.requests === null)
    return {
      ...base,
      status: 'skip',
      summary: `the prefix's success ratio cannot be watched on this gateway (no usage route)`,
    };
  const t = WATCH_THRESHOLDS;
  const requests = last.requests;
  const failed = last.failed ?? 0;
  if (requests < t.minRequests)
    return {
      ...base,
      status: 'skip',
      summary: `only ${requests} request(s) through ${input.prefix}/ in ${span}: too few to judge (from ${t.minRequests})`,
    };
  const ratio = (requests - failed) / requests;
  const summary = `${input.prefix}/: ${requests - failed} of ${requests} request(s) succeeded in ${span} (${percent(ratio * 100, [t.warnSuccessRatio * 100, t.failSuccessRatio * 100])}; warn < ${t.warnSuccessRatio * 100}%, fail < ${t.failSuccessRatio * 100}%) ${sparkline(last.perMinute)}`;
  if (ratio < t.failSuccessRatio) return { ...base, status: 'fail', summary };
  if (ratio < t.warnSuccessRatio) return { ...base, status: 'warn', summary };
  return { ...base, status: 'pass', summary };
}
