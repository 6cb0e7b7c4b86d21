import { defineCheck, result, type Result } from '../src/check.js';
import { count, percent, span } from '../src/format.js';
import { LOG_SCAN_ID, type LogScanFacts } from '../src/logs/facts.js';
import { opt, type OptionValues } from '../src/options.js';
import { PLAYBOOK } from './support/playbooks.js';
import { LOG_SOURCES } from './support/verdicts.js';

const options = {
  windowMinutes: opt.integer(
    60,
    'the 429 share and the success ratio are measured over this many minutes before --now, and the ratio is compared with the same span before that',
    { min: 1, max: 720 },
  ),
  warn429Pct: opt.number(5, 'a 429 share at least this high, with a falling success ratio, is a warn (%)', {
    min: 0,
    max: 100,
  }),
  fail429Pct: opt.number(20, 'a 429 share at least this high, with a falling success ratio, is a fail (%)', {
    min: 0,
    max: 100,
  }),
  minRequests: opt.integer(20, 'fewer requests than this in either span is too little traffic to judge'),
};

export type Thresholds = OptionValues<typeof options>;

interface Tally {
  requests: number;
  ok: number;
}

export interface Observation {
  /** Requests and 429s in the last windowMinutes, from the access log. */
  current: { requests: number; status429: number };
  /** The success ratio's two spans, the last one and the one before it. */
  ratio: { source: string; current: Tally; previous: Tally };
}

function sum(series: readonly number[], from: number, to: number): number {
  let total = 0;
  for (let i = Math.max(0, from); i < to; i++) total += series[i] ?? 0;
  return total;
}

/**
 * Both the 429 share and the success ratio come from the access log: /v0/management/usage records
 * only the upstream calls the gateway made, never the 429s it answered itself (model cooldown), so a
 * ratio from it stays high exactly when quota pressure is worst.
 */
export function observe(facts: LogScanFacts, t: Thresholds): Observation | string {
  const n = t.windowMinutes;
  const end = facts.minutes;
  if (end < 2 * n)
    return `the log scan looked back ${span(end)}, but comparing two spans of ${span(n)} needs ${span(2 * n)} (raise log-scan's lookbackMinutes)`;
  const { total, ok, status429 } = facts.perMinute;
  const current = { requests: sum(total, end - n, end), status429: sum(status429, end - n, end) };
  return {
    current,
    ratio: {
      source: 'the access log',
      current: { requests: current.requests, ok: sum(ok, end - n, end) },
      previous: { requests: sum(total, end - 2 * n, end - n), ok: sum(ok, end - 2 * n, end - n) },
    },
  };
}

export function evaluate(obs: Observation, t: Thresholds): Result {
  const window = span(t.windowMinutes);
  const { current, ratio } = obs;
  if (current.requests < t.minRequests)
    return result.skip(
      `only ${count(current.requests)} request(s) in the last ${window} (judged from ${t.minRequests}): too little traffic to call quota pressure`,
    );
  if (ratio.previous.requests < t.minRequests) {
    return result.skip(
      `the ${window} before the last had only ${count(ratio.previous.requests)} request(s) in ${ratio.source} (judged from ${t.minRequests}): cannot tell whether the success ratio fell`,
    );
  }
  const sharePct = (current.status429 / current.requests) * 100;
  const nowPct = (ratio.current.ok / ratio.current.requests) * 100;
  const beforePct = (ratio.previous.ok / ratio.previous.requests) * 100;
  const falling = ratio.current.ok * ratio.previous.requests < ratio.previous.ok * ratio.current.requests;
  const share = `429s ${percent(sharePct, [t.warn429Pct, t.fail429Pct])} of ${count(current.requests)} requests in the last ${window}`;
  const trend = `success ratio ${percent(beforePct)} → ${percent(nowPct)} (${ratio.source})`;
  const limits = `warn ≥ ${t.warn429Pct}%, fail ≥ ${t.fail429Pct}% with a falling success ratio`;
  const details = [
    `429s: ${count(current.status429)} of ${count(current.requests)} requests in the last ${window} (access log)`,
    `success ratio from ${ratio.source}: ${count(ratio.previous.ok)} of ${count(ratio.previous.requests)} the ${window} before, ${count(ratio.current.ok)} of ${count(ratio.current.requests)} in the last ${window}`,
  ];
  const metrics = {
    requests: current.requests,
    status429: current.status429,
    share429Pct: Number(sharePct.toFixed(2)),
    successPct: Number(nowPct.toFixed(2)),
    previousSuccessPct: Number(beforePct.toFixed(2)),
  };
  const extra = { details, metrics };
  if (falling && sharePct >= t.fail429Pct)
    return result.fail(`${share} and ${trend} (${limits})`, PLAYBOOK.quotaPressure, extra);
  if (falling && sharePct >= t.warn429Pct)
    return result.warn(`${share} and ${trend} (${limits})`, PLAYBOOK.quotaPressure, extra);
  // A share this high is never green, whatever the trend: the ratio may hold only because traffic fell.
  if (sharePct >= t.fail429Pct)
    return result.warn(
      `${share} (at or above fail ${t.fail429Pct}%), though ${trend} did not fall (${limits})`,
      PLAYBOOK.quotaPressure,
      extra,
    );
  const why = sharePct >= t.warn429Pct ? ', but the success ratio did not fall: not quota pressure' : '';
  return result.pass(`${share}; ${trend}${why} (${limits})`, extra);
}

export default defineCheck({
  id: 'quota-pressure',
  title: 'Quota pressure',
  description:
    'Repeated 429s while the success ratio falls: the providers behind the gateway are running out of quota and capacity should rotate.',
  runbook: 'Rotation and Quota Strategy',
  dependsOn: ['log-scan'],
  network: (inputs) => inputs.logFiles.length === 0,
  options,
  metricThresholds: { share429Pct: { warn: 'warn429Pct', fail: 'fail429Pct' } },
  explain: {
    statuses: {
      pass: 'the 429 share of the last windowMinutes is under warn429Pct, or under fail429Pct with a success ratio that did not fall against the span before',
      warn: 'the 429 share is at least warn429Pct and the success ratio fell, or at least fail429Pct whatever the trend',
      fail: 'the 429 share is at least fail429Pct and the success ratio fell',
      skip: 'no log data this run (see log-scan), or fewer than minRequests requests in either span',
    },
    runbookSteps: [
      'Treat repeated `429` + falling success ratio as quota pressure and rotate capacity accordingly.',
      'Repeated 429: add capacity (extra keys/providers) or reduce concurrency; shift traffic to fallback provider prefix.',
    ],
    gatewayNotes: [
      'The gateway keeps no 429 counter (/v1/metrics/providers has none), so the 429s come from the access log that log-scan read: run it in the same run, with --log-file or the management key.',
      'The success ratio comes from the same access log as the 429s (status < 400 is a success). /v0/management/usage is not used: it records only the upstream calls the gateway made, never the 429s the gateway answers itself during a model cooldown, so its ratio stays high under exactly this pressure. /v1/metrics/providers is cumulative since the gateway started and cannot be cut into spans.',
      'Both spans are whole minutes of the log scan, the last one ending at --now.',
    ],
  },
  async run(ctx) {
    const facts = ctx.shared.fact<LogScanFacts>(LOG_SCAN_ID);
    if (!facts) {
      const unconfigured = !ctx.inputs.logFiles.length && !ctx.gateway.hasManagementKey;
      return result.skip(
        'no log data this run: the 429 counts come from the log scan (see log-scan)',
        unconfigured ? { needs: LOG_SOURCES } : {},
      );
    }
    const observed = observe(facts, ctx.options);
    if (typeof observed === 'string') return result.skip(observed);
    return evaluate(observed, ctx.options);
  },
});
