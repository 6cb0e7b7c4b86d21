// What the log scan publishes for later checks of the run (quota-pressure): per-minute request
// counts over the lookback window, and what they were read from.
import { describeSource, type LogScan } from './collect.js';
import { zoneName } from '../timezone.js';

export const LOG_SCAN_ID = 'log-scan';

export interface LogScanFacts {
  /** What was read, one line: "GET /v0/management/logs?after=… (1,523 lines)", "/var/log/cliproxy/main.log, 31.2 MiB". */
  source: string;
  /** The zone the log's timestamps were read in. */
  zone: string;
  /** The version the log's last startup line named, if it had one. */
  version?: string | undefined;
  /** Epoch ms where minute 0 starts; minute i covers [startMs + i·60 000, + 60 000). */
  startMs: number;
  /** `--now`: lines at or after it were not counted, so the last minute may be partial. */
  endMs: number;
  minutes: number;
  perMinute: {
    total: number[];
    /** Status < 400. */
    ok: number[];
    status401: number[];
    status403: number[];
    status429: number[];
    /** Status >= 500. */
    serverErrors: number[];
  };
}

export function factsOf(scan: LogScan): LogScanFacts {
  const { tally } = scan;
  const from = tally.warmupMinutes;
  const minutes = (series: Uint32Array) => Array.from(series.subarray(from));
  return {
    source: describeSource(scan.source),
    zone: zoneName(scan.zone),
    version: tally.version,
    startMs: tally.window.startMs,
    endMs: tally.window.endMs,
    minutes: tally.window.minutes,
    perMinute: {
      total: minutes(tally.total),
      ok: minutes(tally.ok),
      status401: minutes(tally.byStatus[401]),
      status403: minutes(tally.byStatus[403]),
      status429: minutes(tally.byStatus[429]),
      serverErrors: minutes(tally.serverErrors),
    },
  };
}
