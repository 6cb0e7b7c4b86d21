import { defineCheck, result, type Result } from '../src/check.js';
import { GatewayError } from '../src/errors.js';
import { scanFiles, scanLogLines, describeSource, type LogScan } from '../src/logs/collect.js';
import { factsOf, LOG_SCAN_ID } from '../src/logs/facts.js';
import { LogSourceError } from '../src/logs/files.js';
import { LOGS_LIMIT_LINES, LOGS_MAX_BYTES, LOGS_PATH } from '../src/gateway/logs.js';
import { burstMinutes, findBursts, scanWindow, warmupStartMs, type Burst } from '../src/logs/window.js';
import { count, span } from '../src/format.js';
import { credentialName, describeBurst, describeCredentialBurst, mainSender } from '../src/logs/wording.js';
import { credentialBursts, type CredentialBurst } from '../src/logs/credentials.js';
import { SHAPE_NAMES } from '../src/logs/access-line.js';
import { opt, type OptionValues } from '../src/options.js';
import { PLAYBOOK } from './support/playbooks.js';
import { formatOffset, offsetMinutesAt, parseZone, zoneName } from '../src/timezone.js';
import { describeFuture, futureLines, inferLogOffset } from '../src/logs/zone-inference.js';
import { LOG_SOURCES, fromError, fromStatus } from './support/verdicts.js';

const options = {
  lookbackMinutes: opt.integer(1440, 'how far back from --now the log is scanned (minutes)', {
    min: 1,
    max: 31 * 1440,
  }),
  windowMinutes: opt.integer(5, 'the trailing minutes (the minute itself included) a minute is judged over', {
    min: 1,
    max: 1440,
  }),
  minEvents: opt.integer(
    10,
    'a minute is hot when its trailing window holds this many of one status (401, 403 or 429); any run of hot minutes is a warn',
    { min: 1 },
  ),
  minSharePct: opt.number(
    5,
    "…and that status is at least this share of the window's requests, so a busy gateway's steady background of 429s is no burst (%; 0: the count alone)",
    { min: 0, max: 100 },
  ),
  sustainedMinutes: opt.integer(15, 'a run of hot minutes at least this long is a fail', { min: 1 }),
  credentialMinEvents: opt.integer(
    5,
    "a minute is hot for one credential when its trailing window holds this many failed upstream attempts of one status (401, 403 or 429; the gateway's upstream-attempt lines, v7.3+)",
    { min: 1 },
  ),
};

export type Thresholds = OptionValues<typeof options>;

const FILE_HINT =
  "Point --log-file (logFiles in provops.yaml) at the gateway's main.log: it is in ./logs, or <auth-dir>/logs, when logging-to-file is true.";

/** The clocks a scan's newest lines are held to, besides --now. */
export interface Clocks {
  hostMs: number;
  gatewayMs?: number | undefined;
}

export function evaluate(scan: LogScan, t: Thresholds, clocks?: Clocks): Result {
  const judged = judge(scan, t);
  // Without clocks (pure tests) lines after --now are a replay's, not a sign of a wrong zone.
  const future = clocks ? futureLines(scan, clocks.hostMs, clocks.gatewayMs) : undefined;
  const zoneSaid = scan.zoneInferred ? `; timestamps read as UTC${zoneName(scan.zone)}, inferred from the gateway` : '';
  if (!future) return { ...judged, summary: judged.summary + zoneSaid };
  const metrics = { ...judged.metrics, futureLines: future.lines };
  const sentence = describeFuture(scan, future);
  const hint = `Set --log-timezone ${future.likely} (logTimezone in provops.yaml) if that is the gateway host's zone, or fix the gateway host's clock.`;
  // A burst found in what could be read stays the verdict; the lost lines are said next to it.
  if (judged.status === 'fail' || judged.status === 'error')
    return {
      ...judged,
      summary: `${judged.summary}; ${sentence}`,
      metrics,
      hint: `${judged.hint ?? ''} ${hint}`.trim(),
    };
  return result.warn(sentence, hint, { details: [`otherwise: ${judged.summary}`, ...(judged.details ?? [])], metrics });
}

function judge(scan: LogScan, t: Thresholds): Result {
  const { tally } = scan;
  const inWindow = (series: Uint32Array) => series.subarray(tally.warmupMinutes).reduce((a, b) => a + b, 0);
  const requests = inWindow(tally.total);
  const credentials = credentialBursts(tally.credentials, tally.warmupMinutes, {
    windowMinutes: t.windowMinutes,
    minEvents: t.credentialMinEvents,
  });
  const metrics = {
    requests,
    status401: inWindow(tally.byStatus[401]),
    status403: inWindow(tally.byStatus[403]),
    status429: inWindow(tally.byStatus[429]),
    linesParsed: tally.accessLines,
    linesSkipped: tally.skippedLines,
    linesUnread: tally.unreadLines,
    upstreamAttemptLines: tally.attemptLines,
    credentialBursts: credentials.length,
    gatewayVersion: tally.version ?? null,
    filesRead: scan.source.kind === 'files' ? scan.source.read.length : 0,
    bytesRead: scan.source.kind === 'files' ? scan.source.read.reduce((sum, f) => sum + f.bytes, 0) : 0,
    /** 1 unless a large input was shared with worker threads (PROVOPS_SCAN_THREADS, PROVOPS_SCAN_PARALLEL_MIN_MIB). */
    scanThreads: scan.source.kind === 'files' ? scan.source.threads : 1,
    futureLines: tally.futureLines,
  };
  const details = [
    `source: ${describeSource(scan.source)}`,
    `lines: ${count(tally.accessLines)} access lines parsed (${count(requests)} in the window)${shapesRead(scan)}, ${count(tally.skippedLines)} other lines skipped`,
    `timestamps read as ${zoneName(scan.zone)} wall clock (${scan.zoneNote ?? (scan.zone.label === 'local' ? "this machine's zone: set --log-timezone if the gateway host's differs" : '--log-timezone')})`,
  ];
  if (tally.futureLines)
    details.push(`${count(tally.futureLines)} access line(s) stamped more than 2 min after --now were not counted`);
  if (tally.version) details.push(`gateway version: ${tally.version} (its last startup line in the log)`);
  if (tally.attemptLines)
    details.push(
      `upstream attempts: ${count(tally.attemptLines)} failed-attempt lines (not counted as requests) across ${count(tally.credentials.size)} credential(s) in the window`,
    );
  const unread = unreadLine(scan);
  if (unread) details.push(unread);
  if (scan.source.kind === 'files' && scan.source.stale.length)
    details.push(`not opened, last written before the window: ${scan.source.stale.map((f) => f.path).join(', ')}`);
  const lookback = coveredSpan(scan, t);
  const share = t.minSharePct > 0 ? ` and ≥${t.minSharePct}% of requests` : '';
  const rule = `hot: ≥${t.minEvents}${share} in ${t.windowMinutes} min`;

  if (scan.source.kind === 'files' && !scan.source.read.length) {
    const since = new Date(tally.window.startMs).toISOString().slice(0, 16);
    return result.skip(
      `no log file was written to in the last ${lookback}: ${scan.source.stale.length} file(s) last written before ${since}Z (is the gateway still logging there?)`,
      { details, metrics },
    );
  }
  const credentialPart = credentialVerdict(credentials, t);
  const extraDetails = credentials.map((b) => describeCredentialBurst(scan, b));
  if (requests === 0 && !credentialPart) {
    if (unread)
      return result.warn(`${unread}: nothing read from them, so bursts cannot be ruled out`, UNREAD_HINT, {
        details,
        metrics,
      });
    const why =
      tally.accessLines === 0 && tally.skippedLines > 0
        ? `none of its ${count(tally.skippedLines)} lines is a gateway access line (is it the gateway's main.log?)`
        : `no gateway access line in the last ${lookback}`;
    return result.skip(`${why}: nothing to judge (${describeSource(scan.source)})`, { details, metrics });
  }

  const bursts = findBursts(tally, t);
  if (!bursts.length) {
    const clean = `no 401/403/429 burst in ${count(requests)} requests over ${lookback} (${rule})`;
    const extra = {
      details: [...extraDetails, ...details],
      metrics: { ...metrics, bursts: 0, longestBurstMinutes: 0 },
    };
    if (credentialPart) {
      const summary = `${clean}, but ${credentialPart.summary}`;
      return credentialPart.sustained
        ? result.fail(summary, credentialPart.hint, extra)
        : result.warn(summary, credentialPart.hint, extra);
    }
    if (unread) return result.warn(`${clean}; but ${unread}`, UNREAD_HINT, extra);
    return result.pass(clean, extra);
  }

  const worst = [...bursts].sort((a, b) => burstMinutes(b) - burstMinutes(a) || b.events - a.events)[0] as Burst;
  const sustained = burstMinutes(worst) >= t.sustainedMinutes || Boolean(credentialPart?.sustained);
  const summary =
    `${bursts.length} burst${bursts.length === 1 ? '' : 's'} in the last ${lookback}: ${worst.status} × ${count(worst.events)} from ${mainSender(scan, worst)} ` +
    `for ${burstMinutes(worst)} min (${burstMinutes(worst) >= t.sustainedMinutes ? '' : `${rule}; `}fail ≥ ${t.sustainedMinutes} min)` +
    (credentialPart ? `; and ${credentialPart.summary}` : '');
  // Each playbook once, though client and credential bursts may share one.
  const playbooks = new Set([...playbooksFor(bursts, worst), ...(credentialPart?.playbooks ?? [])]);
  const hint = [...playbooks, ...(credentialPart ? [FIND_CREDENTIAL] : [])].join(' ');
  const extra = {
    details: [...bursts.map((b) => describeBurst(scan, b)), ...extraDetails, ...details],
    metrics: { ...metrics, bursts: bursts.length, longestBurstMinutes: burstMinutes(worst) },
  };
  return sustained ? result.fail(summary, hint, extra) : result.warn(summary, hint, extra);
}

/**
 * "24 h", or when the gateway's answer was cut at its `limit`, the span it covered: "310 min (the
 * gateway's newest 500,000 lines; 24 h asked)". A pass then speaks only for that span.
 */
function coveredSpan(scan: LogScan, t: Thresholds): string {
  const asked = span(t.lookbackMinutes);
  if (scan.source.kind !== 'management' || !scan.source.capped) return asked;
  const { tally } = scan;
  const first = tally.total.findIndex((n) => n > 0);
  if (first < 0) return asked;
  const covered = Math.max(1, tally.window.minutes - Math.max(0, first - tally.warmupMinutes));
  return `${span(covered)} (the newest ${count(scan.source.capped)} lines the gateway serves at once; ${asked} asked)`;
}

const UNREAD_HINT =
  "provops reads the access lines of CLIProxyAPI v6.6 to v8 and cliproxyapi++ v6.8; this log holds another shape. Scan a log of a version it reads (the details name the first unread line's prefix), and report the shape to provops's maintainers.";

/** ", 1,234 of them in the ≤ v6.6.49 shape": the older shapes read, when there were any. */
function shapesRead(scan: LogScan): string {
  const older = scan.tally.shapes
    .map((n, shape) => (shape > 0 && n > 0 ? `${count(n)} in the ${SHAPE_NAMES[shape]} shape` : ''))
    .filter(Boolean);
  return older.length ? ` (${older.join(', ')})` : '';
}

/** "12 lines look like gateway access lines in a shape provops cannot read (the first: `[…] [gin_logger.go:58] …`)". */
function unreadLine(scan: LogScan): string | undefined {
  const { unreadLines, unreadSample } = scan.tally;
  if (!unreadLines) return undefined;
  return `${count(unreadLines)} line${unreadLines === 1 ? '' : 's'} with the gateway's access-line caller (gin_logger.go) in a shape provops cannot read (the first begins \`${unreadSample ?? '?'}\`)`;
}

/** The credential-level part of the verdict: the worst credential's burst, or undefined when none burst. */
function credentialVerdict(
  bursts: CredentialBurst[],
  t: Thresholds,
): { summary: string; hint: string; playbooks: string[]; sustained: boolean } | undefined {
  if (!bursts.length) return undefined;
  const worst = [...bursts].sort(
    (a, b) => burstMinutes(b) - burstMinutes(a) || b.events - a.events,
  )[0] as CredentialBurst;
  const names = new Set(bursts.map(credentialName));
  const sustained = burstMinutes(worst) >= t.sustainedMinutes;
  const others = names.size > 1 ? ` (${names.size - 1} other credential${names.size === 2 ? '' : 's'} too)` : '';
  const summary =
    `credential ${credentialName(worst)} failed upstream ${worst.status} × ${count(worst.events)} for ${burstMinutes(worst)} min${others} ` +
    `(hot: ≥${t.credentialMinEvents} failed attempts in ${t.windowMinutes} min; fail ≥ ${t.sustainedMinutes} min; the gateway retried other credentials)`;
  const playbooks = [
    ...new Set([worst, ...bursts].map((b) => (b.status === 429 ? PLAYBOOK.rateLimit : PLAYBOOK.auth))),
  ];
  return {
    summary,
    hint: `${playbooks.join(' ')} ${FIND_CREDENTIAL}`,
    playbooks,
    sustained,
  };
}

/** The playbook of the worst burst's status first, then the other one if its statuses burst too. */
function playbooksFor(bursts: Burst[], worst: Burst): string[] {
  const playbook = (b: Burst) => (b.status === 429 ? PLAYBOOK.rateLimit : PLAYBOOK.auth);
  return [...new Set([playbook(worst), ...bursts.map(playbook)])];
}

const FIND_CREDENTIAL =
  'Find the credential in GET /v0/management/auth-files (GET /v8/management/credentials on v8): its status, status_message and cooldowns.';

/** The gateway keeps lines strictly newer than `after`; one second before the warm-up start keeps the first one. */
function logsAfter(now: Date, options: { lookbackMinutes: number; windowMinutes: number }): number {
  return Math.floor(warmupStartMs(scanWindow(now, options.lookbackMinutes, options.windowMinutes)) / 1000) - 1;
}

export default defineCheck({
  id: 'log-scan',
  title: 'Log scan',
  description:
    "The gateway's access log holds no sustained burst of 401, 403 or 429: failing credentials or exhausted quota that clients keep hitting.",
  runbook: 'Daily Checks 4',
  options,
  metricThresholds: { longestBurstMinutes: { fail: 'sustainedMinutes' } },
  network: (inputs) => inputs.logFiles.length === 0,
  budget: 'deadline',
  explain: {
    statuses: {
      pass: 'no minute in the last lookbackMinutes was hot for 401, 403 or 429',
      warn: "a burst: a run of hot minutes (the trailing windowMinutes held at least minEvents of one status, and at least minSharePct of its requests), shorter than sustainedMinutes; the same for one credential's failed upstream attempts (credentialMinEvents); or access lines of a shape provops cannot read",
      fail: "a burst, of client statuses or of one credential's failed upstream attempts, lasted sustainedMinutes or longer",
      error:
        "a log file could not be found or read, the management key was rejected, or the gateway's answer was unusable (too large, not the log listing)",
      skip: 'no log file and no management key given; the gateway does not log to a file or its management API is off; or no access line fell in the window (and no line of a shape provops cannot read)',
    },
    runbookSteps: ['Verify no sustained bursts of `401`, `403`, or `429`.'],
    gatewayNotes: [
      "The fork docs read the log with `GET /v0/management/logs?lines=200 | jq '.logs[] | select(.provider==…)'`. Neither matches the code: the parameter is `limit` (`lines` is silently ignored) and `lines` holds plain strings. provops asks for `?after=<unix seconds of the window start>&limit=" +
        LOGS_LIMIT_LINES +
        '` and parses each line itself; on CLIProxyAPI v8 it asks /v8/management/observability/logs (the same handler; v0 is near deprecation).',
      "Log timestamps carry no zone: they are the gateway host's wall clock. provops reads them in --log-timezone (IANA name or offset; default this machine's zone), so set it when provops runs on another host, or bursts shift by the difference. In the hour repeated when DST ends, times read as their first occurrence.",
      "Through the logs API, the gateway says which instant its newest line is (`latest-timestamp`, parsed in its own zone): without --log-timezone provops takes the offset from it and says so in the summary; an explicit --log-timezone always wins. Lines stamped more than 2 min after --now are not counted but are reported, and when the newest lies ahead of the gateway's clock (its Date header) or this host's, log-scan warns and names the likely zone.",
      'Before v7.3 only the access line (`[gin_logger.go:NN] 429 | 412ms | 10.0.0.12 | POST "/v1/messages"`) carries the status: at the default log level an upstream 401/403/429 leaves no other trace, and the status is the one the client got after the gateway\'s retries.',
      'From v7.3 the gateway also writes one line per failed upstream attempt (`[conductor_execution.go:N] 401 | 6ms | upstream execution failed: provider=codex model=… auth=api_key=s4-c...ey-a err=…`) before it tries another credential, so clients may see 200 while one credential fails every minute. provops tallies these per provider and masked credential (never as requests): a credential whose trailing windowMinutes hold credentialMinEvents failures of one status is hot, and the burst rule and sustainedMinutes apply as for client statuses, with the 401/403 or 429 playbook as the hint.',
      'Access lines come in three shapes: CLIProxyAPI ≤ v6.6.49 (`[ts] [info] [gin_logger.go:58] [GIN] 2025/11/24 - 10:07:40 | 200 | …`), v6.6.50–v6.6.51 (`[ts] [info] [gin_logger.go:58] | reqid | 200 | …`) and ≥ v6.6.52, v7, v8 and cliproxyapi++ (`[ts] [reqid] [info ] [gin_logger.go:N] 200 | …`); provops reads all three (IPv6 clients, query strings, µs and 1m0s latencies, stdout lines interleaved by docker). A line with the gin_logger caller in any other shape is counted and named, and makes the check warn rather than pass or skip: provops cannot rule out a burst it cannot read.',
      'v8 writes no access line for a successful /healthz, so liveness probes no longer add to the request counts.',
      `The logs API cannot be paged back in time: the handler keeps the last limit= lines newer than after=, and next-cursor points at the end of what it served (a cursor only reads forward). provops asks for at most ${LOGS_LIMIT_LINES.toLocaleString('en-US')} lines; when the answer holds that many, the summary names the span they covered instead of the whole lookback.`,
      `Sources: --log-file (repeatable; wildcards in the file name; plain or .gz) plus each file's rotated siblings (lumberjack's main-<time>.log[.gz]); files last written before the window are not opened. Without --log-file and with a management key, the gateway serves main.log and its rotated files when logging-to-file is true (else 400 "logging to file disabled" → skip); provops accepts up to ${LOGS_MAX_BYTES / 1024 / 1024} MiB of it.`,
    ],
  },
  prefetch(ctx) {
    if (ctx.inputs.logFiles.length || !ctx.gateway.hasManagementKey) return;
    // Handled here only so an early failure is not "unhandled"; run() awaits the same promise and reports it.
    ctx.shared.managementLogs(logsAfter(ctx.now, ctx.options)).catch(() => {});
  },
  async run(ctx) {
    const explicit = ctx.inputs.logTimezone;
    let zone = parseZone(explicit);
    let gatewayMs: number | undefined;
    const window = scanWindow(ctx.now, ctx.options.lookbackMinutes, ctx.options.windowMinutes);
    let scan: LogScan;
    if (ctx.inputs.logFiles.length) {
      try {
        scan = await scanFiles(ctx.inputs.logFiles, zone, window, ctx.signal);
      } catch (err) {
        if (err instanceof LogSourceError) return result.error(err.message, { hint: FILE_HINT });
        throw err;
      }
    } else {
      if (!ctx.gateway.hasManagementKey)
        return result.skip(
          'no log file given and no management key: pass --log-file <gateway main.log>, or set PROVOPS_MANAGEMENT_KEY to read it through the gateway',
          { needs: LOG_SOURCES },
        );
      let outcome;
      try {
        outcome = await ctx.shared.managementLogs(logsAfter(ctx.now, ctx.options));
      } catch (err) {
        if (err instanceof GatewayError && err.kind === 'too-large') {
          return result.error(
            `GET ${LOGS_PATH}: ${err.message} (the whole window's log in one JSON body); scan the files on the gateway host instead with --log-file`,
            { hint: FILE_HINT },
          );
        }
        return fromError(err, `GET ${LOGS_PATH}`);
      }
      if (outcome.kind === 'unavailable')
        return result.skip(`${outcome.reason}; pass --log-file to scan the file on the gateway host`);
      if (outcome.kind === 'status') return fromStatus(outcome.response);
      const date = Date.parse(outcome.response.headers.date ?? '');
      gatewayMs = Number.isFinite(date) ? date : undefined;
      const inferred = inferLogOffset(outcome.lines.tail(), outcome.latestTimestamp, gatewayMs);
      let zoneNote: string | undefined;
      // An explicit --log-timezone always wins; the gateway's word is used only in its absence.
      if (inferred && explicit === undefined) {
        zone = parseZone(formatOffset(inferred.minutes));
        zoneNote = `inferred: ${inferred.note}`;
      } else if (inferred && offsetMinutesAt(zone, window.endMs) !== inferred.minutes) {
        zoneNote = `--log-timezone, which wins, although ${inferred.note}, i.e. UTC${formatOffset(inferred.minutes)}`;
      }
      scan = scanLogLines(
        outcome.lines,
        outcome.response.path,
        zone,
        window,
        outcome.capped ? outcome.limit : undefined,
      );
      if (zoneNote) scan.zoneNote = zoneNote;
      if (inferred && explicit === undefined) scan.zoneInferred = true;
    }
    ctx.shared.publish(LOG_SCAN_ID, factsOf(scan));
    return evaluate(scan, ctx.options, { hostMs: Date.now(), gatewayMs });
  },
});
