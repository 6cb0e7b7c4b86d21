// The scenario's traffic as individual requests, generated minute by minute from a seeded PRNG: the
// baseline streams are a function of the absolute minute (so they go on as the clock moves), planted
// episodes are placed relative to the anchor (the pinned clock, or the moment the simulator started).
import { accessLine, hasRequestId, logLine, type LogShape } from './access-log.js';
import type { Flavor } from './names.js';
import { goDuration } from './time.js';
import { between, hex, rng, seedOf } from './random.js';
import type { AttemptStream, Scenario, TrafficStream } from './scenarios/types.js';
import { formatWallClock, type Zone } from '../timezone.js';

export interface Tokens {
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cached_tokens: number;
  total_tokens: number;
}

export interface TrafficEvent {
  at: number;
  status: number;
  latencyMs: number;
  clientIp: string;
  method: string;
  path: string;
  requestId: string | undefined;
  /** Present when the request reached an upstream with a configured client key. */
  usage?: { apiKey: string; model: string; authFile: string; failed: boolean; tokens: Tokens };
}

export interface LogRecord {
  at: number;
  line: string;
}

const MINUTE = 60_000;
const MEMO_LIMIT = 4000;
export const LOG_SPAN_MS = 24 * 60 * MINUTE;

/** What the flavour answers for a model no provider serves (reference §7). */
export function unknownModelStatus(flavor: Flavor): number {
  return flavor === 'plus' ? 502 : 400;
}

/** How main.log is written: the access-line shape, and what v8 (v7.3+) adds or leaves out. */
export interface LogStyle {
  shape: LogShape;
  /** v7.3+: one line per failed upstream attempt. */
  attemptLines: boolean;
  /** v8 writes no access line for a 2xx GET/HEAD /healthz. */
  healthzLogged: boolean;
}

const DEFAULT_STYLE: LogStyle = { shape: 'current', attemptLines: false, healthzLogged: true };

export class Traffic {
  private readonly memo = new Map<number, TrafficEvent[]>();
  private readonly anchorMinute: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly flavor: Flavor,
    readonly anchorMs: number,
    private readonly zone: Zone,
    private readonly style: LogStyle = DEFAULT_STYLE,
  ) {
    this.anchorMinute = Math.floor(anchorMs / MINUTE);
  }

  /** When the simulated gateway started: usage statistics count from here. */
  get startedAtMs(): number {
    return this.anchorMs - this.scenario.uptimeMinutes * MINUTE;
  }

  /** Requests with fromMs < at <= toMs, oldest first. */
  events(fromMs: number, toMs: number): TrafficEvent[] {
    const out: TrafficEvent[] = [];
    for (let m = Math.floor(fromMs / MINUTE); m <= Math.floor(toMs / MINUTE); m++) {
      for (const e of this.minute(m)) if (e.at > fromMs && e.at <= toMs) out.push(e);
    }
    return out;
  }

  /** main.log as it reads between the two instants: access lines and the scenario's plain lines. */
  logLines(fromMs: number, toMs: number): LogRecord[] {
    const logged = (e: TrafficEvent) =>
      this.style.healthzLogged ||
      !(e.path === '/healthz' && e.status < 300 && (e.method === 'GET' || e.method === 'HEAD'));
    const records: LogRecord[] = this.events(fromMs, toMs)
      .filter(logged)
      .map((e) => ({
        at: e.at,
        line: accessLine(
          this.flavor,
          {
            wallClock: formatWallClock(this.zone, e.at),
            requestId: e.requestId,
            status: e.status,
            latencyMs: e.latencyMs,
            clientIp: e.clientIp,
            method: e.method,
            path: e.path,
          },
          this.style.shape,
        ),
      }));
    if (this.style.attemptLines) records.push(...this.attemptLines(fromMs, toMs));
    for (const note of this.scenario.notes ?? []) {
      for (const at of this.noteTimes(note.everyMinutes, note.atMinutesAgo, fromMs, toMs)) {
        records.push({
          at,
          line: logLine(formatWallClock(this.zone, at), undefined, note.level, note.caller, note.message),
        });
      }
    }
    return records.sort((a, b) => a.at - b.at);
  }

  /** The scenario's failed upstream attempts between the two instants, as main.log lines. */
  private attemptLines(fromMs: number, toMs: number): LogRecord[] {
    const out: LogRecord[] = [];
    (this.scenario.attempts ?? []).forEach((a, i) => {
      for (let m = Math.floor(fromMs / MINUTE); m <= Math.floor(toMs / MINUTE); m++) {
        if (!this.active(a, m)) continue;
        const next = rng(seedOf(this.scenario.name, 1000 + i, m));
        const count = Math.floor(a.perMinute) + (next() < a.perMinute % 1 ? 1 : 0);
        for (let k = 0; k < count; k++) {
          const at = m * MINUTE + Math.floor(next() * MINUTE);
          if (at <= fromMs || at > toMs) continue;
          out.push({ at, line: attemptLine(formatWallClock(this.zone, at), hex(next, 8), a, between(next, 3, 900)) });
        }
      }
    });
    return out;
  }

  private noteTimes(every: number | undefined, ago: number | undefined, fromMs: number, toMs: number): number[] {
    const times: number[] = [];
    if (ago !== undefined) times.push((this.anchorMinute - ago) * MINUTE + 3_000);
    if (every) {
      for (let m = Math.ceil(fromMs / MINUTE / every) * every; m * MINUTE <= toMs; m += every)
        times.push(m * MINUTE + 7_000);
    }
    return times.filter((t) => t > fromMs && t <= toMs);
  }

  private active(stream: Pick<TrafficStream | AttemptStream, 'between'>, minute: number): boolean {
    if (!stream.between) return true;
    const { fromMinutesAgo, toMinutesAgo } = stream.between;
    // An episode that lasts "until 0 minutes ago" is still going on: it follows the clock.
    return (
      minute >= this.anchorMinute - fromMinutesAgo && (toMinutesAgo === 0 || minute < this.anchorMinute - toMinutesAgo)
    );
  }

  private minute(m: number): TrafficEvent[] {
    let events = this.memo.get(m);
    if (events) return events;
    events = [];
    this.scenario.traffic.forEach((stream, i) => {
      if (!this.active(stream, m)) return;
      const next = rng(seedOf(this.scenario.name, i, m));
      const count = Math.floor(stream.perMinute) + (next() < stream.perMinute % 1 ? 1 : 0);
      for (let k = 0; k < count; k++)
        (events as TrafficEvent[]).push(this.request(stream, m * MINUTE + Math.floor(next() * MINUTE), next));
    });
    events.sort((a, b) => a.at - b.at);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(m, events);
    return events;
  }

  private request(stream: TrafficStream, at: number, next: () => number): TrafficEvent {
    const failed = stream.failureRate !== undefined && next() < stream.failureRate;
    const status =
      stream.status === 'unknown-model'
        ? unknownModelStatus(this.flavor)
        : failed
          ? (stream.failureStatus ?? 500)
          : (stream.status ?? 200);
    const [lo, hi] = stream.latencyMs ?? [1, 50];
    const event: TrafficEvent = {
      at,
      status,
      latencyMs: between(next, lo, hi),
      clientIp: stream.clientIp,
      method: stream.method,
      path: stream.path,
      requestId: hasRequestId(this.flavor, stream.path) ? hex(next, 8) : undefined,
    };
    if (stream.usage && stream.status !== 'unknown-model') {
      const ok = status < 400;
      const input = ok ? between(next, 300, 3000) : 0;
      const output = ok ? between(next, 80, 900) : 0;
      const cached = ok && next() < 0.3 ? between(next, 0, input) : 0;
      event.usage = {
        ...stream.usage,
        failed: !ok,
        tokens: {
          input_tokens: input,
          output_tokens: output,
          reasoning_tokens: 0,
          cached_tokens: cached,
          total_tokens: input + output,
        },
      };
    }
    return event;
  }
}

/** v7.3+'s line for one failed upstream attempt (log-formats.md). */
function attemptLine(wallClock: string, requestId: string, a: AttemptStream, latencyMs: number): string {
  const body =
    a.status === 429 ? '{"error":{"type":"usage_limit_reached"}}' : '{"error":{"type":"authentication_error"}}';
  const message = `${a.status} | ${goDuration(latencyMs).padStart(13)} | upstream execution failed: provider=${a.provider} model=${a.model} auth=${a.credential} err=${body}`;
  return logLine(wallClock, requestId, a.status >= 500 ? 'error' : 'warn', 'conductor_execution.go:1946', message);
}
