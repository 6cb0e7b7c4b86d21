import { STATUS_RANK, defineCheck, result, type Result, type Status } from '../src/check.js';
import { worstStatus } from '../src/exit-code.js';
import { age, count, num, percent } from '../src/format.js';
import { METRICS_PATH, type Counters } from '../src/gateway/metrics.js';
import { opt, type OptionValues } from '../src/options.js';
import { PLAYBOOK } from './support/playbooks.js';
import { isRecord } from '../src/gateway/response.js';
import { fromError, fromStatus } from './support/verdicts.js';

export { METRICS_PATH, type Counters };
export const NO_METRICS_ROUTE = `this gateway version has no ${METRICS_PATH} (only cliproxyapi++ v6.8.17–v6.8.60 serves it)`;
export const NO_PROVIDERS =
  'no provider metrics: the gateway keys them by the prefix of the client API key (claude-…, kiro-…), so keys without a provider prefix (sk-…) report nothing, as does usage-statistics-enabled: false';

const options = {
  minRequests: opt.integer(20, 'a provider (or the traffic since the last run) with fewer requests is not judged'),
  warnSuccessRate: opt.number(0.98, 'a success rate below this is a warn (0..1)', { min: 0, max: 1 }),
  failSuccessRate: opt.number(0.95, 'a success rate below this is a fail (0..1)', { min: 0, max: 1 }),
};

type Thresholds = OptionValues<typeof options>;

/** What a run remembers for the next one. */
export interface Remembered {
  providers: Record<string, Counters>;
}

export interface Previous extends Remembered {
  at: Date;
}

interface Span {
  requests: number;
  rate: number;
  judged: boolean;
  status: Status;
}

interface Judged {
  provider: string;
  since: Span;
  delta?: Span | undefined;
  status: Status;
}

function span(requests: number, successes: number, t: Thresholds): Span {
  const rate = requests > 0 ? successes / requests : 1;
  const judged = requests >= t.minRequests;
  const status: Status = !judged
    ? 'pass'
    : rate < t.failSuccessRate
      ? 'fail'
      : rate < t.warnSuccessRate
        ? 'warn'
        : 'pass';
  return { requests, rate, judged, status };
}

/** Counters only grow while the gateway runs; lower (or vanished) ones mean it restarted since. */
function restarted(current: Record<string, Counters>, previous: Previous): boolean {
  return Object.entries(previous.providers).some(([name, before]) => {
    const now = current[name];
    return !now || now.requests < before.requests || now.successes < before.successes;
  });
}

/** The lowest rate among the spans that were judged. */
function lowest(j: Judged): number {
  return Math.min(...[j.since, j.delta].filter((s): s is Span => Boolean(s?.judged)).map((s) => s.rate));
}

export function evaluate(
  current: Record<string, Counters>,
  t: Thresholds,
  previous?: Previous,
  now: Date = new Date(),
): Result {
  const names = Object.keys(current).sort();
  if (!names.length) return result.skip(NO_PROVIDERS, { metrics: { providers: 0 } });

  const held = `warn < ${num(t.warnSuccessRate * 100)}%, fail < ${num(t.failSuccessRate * 100)}%`;
  const pct = (rate: number) => percent(rate * 100, [t.warnSuccessRate * 100, t.failSuccessRate * 100]);
  const notes: string[] = [];
  let comparable = previous;
  if (previous && previous.at.getTime() >= now.getTime()) {
    notes.push(`the last run (${previous.at.toISOString()}) is not before this one: judged since start only`);
    comparable = undefined;
  } else if (previous && restarted(current, previous)) {
    notes.push(
      `the gateway restarted since the last run ${age(now.getTime() - previous.at.getTime())} ago (counters went down): judged since start only`,
    );
    comparable = undefined;
  }
  const since = comparable ? ` ${age(now.getTime() - comparable.at.getTime())} ago` : '';

  const judged: Judged[] = names.map((provider) => {
    const c = current[provider] as Counters;
    const s = span(c.requests, c.successes, t);
    const before = comparable?.providers[provider] ?? { requests: 0, successes: 0 };
    const d = comparable ? span(c.requests - before.requests, c.successes - before.successes, t) : undefined;
    return { provider, since: s, delta: d, status: worstStatus([s.status, d?.status ?? 'pass']) };
  });

  const describe = (j: Judged): string => {
    const parts = [`since start ${pct(j.since.rate)} of ${count(j.since.requests)} requests`];
    if (j.delta)
      parts.push(
        j.delta.judged
          ? `since last run${since} ${pct(j.delta.rate)} of ${count(j.delta.requests)}`
          : `since last run${since} ${count(j.delta.requests)} requests (too few to judge, < ${t.minRequests})`,
      );
    return `${j.provider}: ${parts.join(', ')}`;
  };
  const details = [
    ...judged.map((j) => `${describe(j)}${j.since.judged ? '' : ` (not judged, < ${t.minRequests} requests)`}`),
    ...notes,
  ];
  const considered = judged.filter((j) => j.since.judged);
  if (!considered.length) {
    const counts = judged.map((j) => `${j.provider} ${count(j.since.requests)}`).join(', ');
    return result.skip(
      `no provider has ${t.minRequests}+ requests since the gateway started (${counts}): too few to judge`,
      { details, metrics: { providers: names.length, judged: 0 } },
    );
  }

  considered.sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status] || lowest(a) - lowest(b));
  const worst = considered[0] as Judged;
  const status = worst.status;
  const rest = `${names.length} provider(s), ${considered.length} with ${t.minRequests}+ requests`;
  const summary = `${status === 'pass' ? 'lowest' : 'worst'} ${describe(worst)} (${held}); ${rest}${notes.length ? `; ${notes.join('; ')}` : ''}`;
  const metrics = {
    providers: names.length,
    judged: considered.length,
    worstProvider: worst.provider,
    worstSuccessRate: worst.since.rate,
    ...(worst.delta?.judged ? { worstSuccessRateSinceLastRun: worst.delta.rate } : {}),
  };
  const series = judged.flatMap((j) => [
    { metric: 'requests', labels: { provider: j.provider }, value: j.since.requests },
    { metric: 'successRate', labels: { provider: j.provider }, value: j.since.rate },
  ]);
  if (status === 'pass') return { status, summary, details, metrics, series };
  return {
    status,
    summary,
    details,
    metrics,
    series,
    hint: `${worst.provider} is degraded. ${PLAYBOOK.degradedProvider}`,
  };
}

function previousFrom(entry: { at: string; data: unknown } | undefined): Previous | undefined {
  const data = entry?.data;
  if (!entry || !isRecord(data) || !isRecord(data.providers)) return undefined;
  const providers: Record<string, Counters> = {};
  for (const [name, c] of Object.entries(data.providers)) {
    if (!isRecord(c) || typeof c.requests !== 'number' || typeof c.successes !== 'number') return undefined;
    providers[name] = { requests: c.requests, successes: c.successes };
  }
  const at = new Date(entry.at);
  return Number.isNaN(at.getTime()) ? undefined : { at, providers };
}

export default defineCheck({
  id: 'provider-metrics',
  title: 'Provider success rates',
  description:
    'Each provider with enough traffic succeeds often enough, both since the gateway started and since the last provops run.',
  runbook: 'Daily Checks 3',
  options,
  metricThresholds: { worstSuccessRate: { warn: 'warnSuccessRate', fail: 'failSuccessRate', below: true } },
  explain: {
    statuses: {
      pass: 'every provider with minRequests or more requests succeeds at warnSuccessRate or better (since start, and since the last run when that is comparable)',
      warn: 'a provider succeeds less often than warnSuccessRate (the worse of since-start and since-last-run wins)',
      fail: 'a provider succeeds less often than failSuccessRate, or the gateway failed (5xx) or could not be reached',
      error:
        'the answer could not be read (an HTML page, truncated JSON, not an object keyed by provider) or timed out',
      skip: 'the gateway version has no metrics route (404), it reports no provider ({}), or no provider has minRequests requests',
    },
    runbookSteps: ['curl -sS http://localhost:8317/v1/metrics/providers | jq'],
    gatewayNotes: [
      `Only cliproxyapi++ v6.8.17–v6.8.60 serves ${METRICS_PATH} (no auth); CLIProxyAPI and later cliproxyapi++ builds answer 404, and provops skips.`,
      'The fork docs read it as `.data[] | {error_rate, requests, last_seen}`; the real body is an object keyed by provider with request_count, success_count, failure_count, success_rate (1.0 with no requests) and fallback costs. There is no 429 counter and no timestamp.',
      'The provider is the part of the client API key before the first "-" (claude-team-alpha → claude), kept only for known providers: with keys such as sk-… the answer is {} and provops skips, saying why.',
      'When two client keys share a prefix the gateway reports only one of them, whichever its map yields first, so counters can seem to jump; provops then treats the gateway as restarted and judges since start only.',
      'The counters are cumulative since the gateway started. provops remembers them per target (state) and also judges the traffic since the last run, so a fresh failure is not diluted by a long good history; lower counters mean the gateway restarted, and then only since-start is judged.',
    ],
  },
  prefetch(ctx) {
    void ctx.shared.metrics();
  },
  async run(ctx) {
    const outcome = await ctx.shared.metrics();
    if (!outcome.ok) {
      if (outcome.error) return fromError(outcome.error, `GET ${METRICS_PATH}`);
      if (outcome.response.status === 404) return result.skip(`GET ${METRICS_PATH} → 404: ${NO_METRICS_ROUTE}`);
      return fromStatus(outcome.response);
    }
    const current = outcome.value;
    const verdict = evaluate(current, ctx.options, previousFrom(ctx.previous), ctx.now);
    ctx.remember({ providers: current } satisfies Remembered);
    return verdict;
  },
});
