// `provops onboard`: the runbook's "Onboard a New Provider" steps 4-6 after the config edit: the
// expected ids are listed through the new prefix, a canary passes through it, and the prefix holds up
// under watch for a while. One verdict and exit code at the end (0 pass/skip, 1 warn, 2 fail, 3 error).
import type { Status } from '../check.js';
import { exitCode, worstStatus } from '../exit-code.js';
import { UsageError } from '../errors.js';
import { parseZone } from '../timezone.js';
import { VERSION } from '../version.js';
import { runCanary, type CanaryKind, type CanaryResult } from './onboard/canary.js';
import { checkExpected, type ExpectedCheck } from './onboard/expected.js';
import { watchPrefix, type WatchResult, type WatchSample } from './onboard/watch-prefix.js';
import { formatDuration, realClock, sparkline, type Clock } from './poll.js';
import { Evidence } from './triage/evidence.js';
import type { Session } from './session.js';

export { CANARY_KINDS } from './onboard/canary.js';

export interface OnboardInput {
  prefix: string;
  expect: string[];
  canary: CanaryKind | 'none';
  watchMs: number;
  intervalMs: number;
  clock?: Clock | undefined;
  onSample?: ((s: WatchSample) => void) | undefined;
}

export interface OnboardReport {
  schemaVersion: 1;
  tool: 'provops';
  version: string;
  command: 'onboard';
  url: string;
  prefix: string;
  startedAt: string;
  status: Status;
  exitCode: 0 | 1 | 2 | 3;
  expected: ExpectedCheck;
  canary: CanaryResult | null;
  watch: WatchResult | null;
}

export function parsePrefix(prefix: string): string {
  const p = prefix.trim().replace(/^\/+|\/+$/g, '');
  if (!p || p.includes('/')) throw new UsageError(`--prefix: "${prefix}" is not a prefix (one segment, no inner "/")`);
  return p;
}

export function parseExpect(list: string): string[] {
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.length) throw new UsageError('--expect: give at least one model id (comma-separated)');
  return [...new Set(ids)];
}

export async function runOnboard(session: Session, input: OnboardInput, signal: AbortSignal): Promise<OnboardReport> {
  const clock = input.clock ?? realClock;
  if (input.watchMs > 0 && session.config.now && !input.clock)
    throw new UsageError('--now pins the clock, but a watch needs it to move: drop --now or pass --watch 0');
  let zone;
  try {
    zone = parseZone(session.config.inputs.logTimezone);
  } catch (err) {
    throw new UsageError(`--log-timezone: ${(err as Error).message}`);
  }
  const startedAt = new Date(clock.now());
  const ev = new Evidence(session.gateway, signal, startedAt, zone, 60);
  const expected = await checkExpected(ev, input.prefix, input.expect);

  let canary: CanaryResult | null = null;
  if (input.canary !== 'none') {
    const through = expected.ids.find((i) => i.listed) ?? expected.ids[0];
    const model = through?.model ?? `${input.prefix}/${input.expect[0] as string}`;
    canary = await runCanary(session.gateway, input.canary, model, signal, () => clock.now());
  }

  let watch: WatchResult | null = null;
  if (input.watchMs > 0 && !signal.aborted)
    watch = await watchPrefix({
      gateway: session.gateway,
      prefix: input.prefix,
      durationMs: input.watchMs,
      intervalMs: input.intervalMs,
      clock,
      zone,
      signal,
      onSample: input.onSample,
    });

  const statuses: Status[] = [expected.status, canary?.status ?? 'skip', watch?.status ?? 'skip'];
  const status = worstStatus(statuses);
  return {
    schemaVersion: 1,
    tool: 'provops',
    version: VERSION,
    command: 'onboard',
    url: session.gateway.url,
    prefix: input.prefix,
    startedAt: startedAt.toISOString(),
    status,
    exitCode: exitCode(statuses),
    expected,
    canary,
    watch,
  };
}

const n = (v: number | null) => (v === null ? '–' : String(v));

/** One poll as a line: for the TTY status line, and one per poll when piped. */
export function sampleLine(s: WatchSample): string {
  const ratio = s.successRatio === null ? '–' : `${(s.successRatio * 100).toFixed(1)}%`;
  return `watch ${formatDuration(s.elapsedMs)} elapsed, ${formatDuration(s.remainingMs)} left: ${n(s.requests)} request(s), success ${ratio}, 401/403/429 ${n(s.status401)}/${n(s.status403)}/${n(s.status429)} (gateway-wide), p95 ${s.p95LatencyMs === null ? '–' : `${s.p95LatencyMs} ms`} ${sparkline(s.perMinute)}`;
}

export function onboardText(r: OnboardReport): string {
  const lines = [
    `provops onboard --prefix ${r.prefix} — ${r.url}`,
    '',
    `expected ids: ${r.expected.status}: ${r.expected.summary}`,
  ];
  for (const id of r.expected.ids) {
    const bare = id.bareListed === null ? '' : id.bareListed ? `, bare ${id.id} listed` : `, bare ${id.id} NOT listed`;
    lines.push(
      `  ${id.status.padEnd(4)}  ${id.model}${id.listed ? ` (served by ${id.owners.join(', ')}${bare})` : ''}${id.cause ? `: ${id.cause}` : ''}`,
    );
  }
  for (const note of r.expected.notes) lines.push(`  note: ${note}`);
  if (r.canary) {
    const c = r.canary;
    lines.push(
      '',
      `canary (${c.kind}${c.spendsTokens ? ', spends tokens' : ', token-free'}): ${c.status}: ${c.summary}`,
    );
    lines.push(
      `  served by: ${c.servedBy ? `credential auth_index ${c.servedBy} (from ${c.servedBySource === 'trace' ? 'X-CPA-TRACE-ID' : 'the usage details'})` : 'not said by this gateway (X-CPA-TRACE-ID needs CLIProxyAPI >= v7.2.84; the fork records completions in /usage, not count_tokens)'}`,
    );
    if (c.body) lines.push(`  body: ${c.body}`);
    if (c.playbook) lines.push(`  playbook: ${c.playbook}`);
  }
  if (r.watch) {
    lines.push('', `watch: ${r.watch.status}: ${r.watch.summary}`);
    for (const note of r.watch.notes) lines.push(`  note: ${note}`);
  }
  lines.push('', `${r.status} (exit ${r.exitCode})`);
  return `${lines.join('\n')}\n`;
}
