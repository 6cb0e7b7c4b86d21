// `provops watch`: `daily` every interval for a while, showing what changed between runs (new warns and
// fails, recoveries). Ends with the worst status seen (or the last run's, --exit last); Ctrl-C ends it
// early with what was seen so far.
import type { Status } from '../check.js';
import { runDaily, type RunConfig } from '../daily.js';
import { exitCode, worstStatus } from '../exit-code.js';
import type { Report, StatusCounts } from '../report.js';
import { VERSION } from '../version.js';
import { formatDuration, pollLoop, realClock, sparkline, type Clock } from './poll.js';

export interface Change {
  id: string;
  from: Status;
  to: Status;
  kind: 'new' | 'worse' | 'better' | 'recovered';
  summary: string;
}

export interface WatchRun {
  run: number;
  elapsedMs: number;
  remainingMs: number;
  now: string;
  status: Status;
  summary: StatusCounts;
  changes: Change[];
}

export interface WatchReport {
  schemaVersion: 1;
  tool: 'provops';
  version: string;
  command: 'watch';
  url: string;
  completed: boolean;
  exitBy: 'worst' | 'last';
  worst: Status;
  last: Status;
  status: Status;
  exitCode: 0 | 1 | 2 | 3;
  runs: WatchRun[];
  /** The last run's full daily report. */
  report: Report | null;
}

const BAD = new Set<Status>(['warn', 'fail', 'error']);
const RANK: Record<Status, number> = { skip: 0, pass: 1, warn: 2, fail: 3, error: 4 };

/** What moved between two runs of the same checks. */
export function changesBetween(before: Report | undefined, after: Report): Change[] {
  const prev = new Map((before?.targets[0]?.results ?? []).map((r) => [r.id, r.status]));
  const out: Change[] = [];
  for (const r of after.targets[0]?.results ?? []) {
    const from = prev.get(r.id);
    if (from === undefined || from === r.status) continue;
    let kind: Change['kind'] | undefined;
    if (BAD.has(r.status) && !BAD.has(from)) kind = 'new';
    else if (BAD.has(r.status) && RANK[r.status] > RANK[from]) kind = 'worse';
    else if (!BAD.has(r.status) && BAD.has(from)) kind = 'recovered';
    else if (BAD.has(r.status)) kind = 'better';
    if (kind) out.push({ id: r.id, from, to: r.status, kind, summary: r.summary });
  }
  return out;
}

export interface WatchInput {
  intervalMs: number;
  forMs: number;
  exitBy: 'worst' | 'last';
  clock?: Clock | undefined;
  onRun?: ((run: WatchRun) => void) | undefined;
}

export async function runWatch(config: RunConfig, input: WatchInput, signal: AbortSignal): Promise<WatchReport> {
  const clock = input.clock ?? realClock;
  const runs: WatchRun[] = [];
  let last: Report | undefined;
  const { completed } = await pollLoop(clock, input.forMs, input.intervalMs, signal, async (elapsed) => {
    // An injected clock also pins each run's "now" (tests); the real one leaves it to the run.
    const now = input.clock ? new Date(clock.now()) : config.now;
    const { report } = await runDaily({ ...config, now }, signal);
    if (signal.aborted && runs.length) return; // a run cut short by Ctrl-C is not a finding
    const run: WatchRun = {
      run: runs.length + 1,
      elapsedMs: elapsed,
      remainingMs: Math.max(0, input.forMs - elapsed),
      now: report.now,
      status: report.status,
      summary: report.summary,
      changes: changesBetween(last, report),
    };
    runs.push(run);
    last = report;
    input.onRun?.(run);
  });
  const worst = worstStatus(runs.map((r) => r.status));
  const lastStatus = runs.at(-1)?.status ?? 'skip';
  const status = input.exitBy === 'last' ? lastStatus : worst;
  return {
    schemaVersion: 1,
    tool: 'provops',
    version: VERSION,
    command: 'watch',
    url: config.target.url,
    completed,
    exitBy: input.exitBy,
    worst,
    last: lastStatus,
    status,
    exitCode: exitCode([status], config.failOn),
    runs,
    report: last ?? null,
  };
}

const counts = (s: StatusCounts) => `pass ${s.pass}, warn ${s.warn}, fail ${s.fail}, error ${s.error}, skip ${s.skip}`;
const describe = (c: Change) => `${c.id} ${c.from} → ${c.to}`;

/** One run as a line: the live status line on a terminal, one line per run when piped. */
export function runLine(run: WatchRun, history: readonly WatchRun[]): string {
  const moved = run.changes.length ? ` — ${run.changes.map(describe).join(', ')}` : '';
  const trend = sparkline(history.map((r) => r.summary.warn + r.summary.fail * 2 + r.summary.error * 2));
  return `run ${run.run}, ${formatDuration(run.elapsedMs)} elapsed, ${formatDuration(run.remainingMs)} left: ${run.status} (${counts(run.summary)})${moved} ${trend}`;
}

export function watchText(r: WatchReport): string {
  const lines = [`provops watch — ${r.url}: ${r.runs.length} run(s)${r.completed ? '' : ' (ended early)'}`, ''];
  const moved = r.runs.flatMap((run) =>
    run.changes.map(
      (c) => `  run ${run.run} (${formatDuration(run.elapsedMs)}): ${c.kind.padEnd(9)} ${describe(c)}: ${c.summary}`,
    ),
  );
  lines.push(moved.length ? 'Changes between runs:' : 'No check changed status between runs.', ...moved, '');
  const bad = (r.report?.targets[0]?.results ?? []).filter((x) => BAD.has(x.status));
  if (bad.length) {
    lines.push('Not passing in the last run:');
    for (const x of bad) lines.push(`  ${x.status.padEnd(5)} ${x.id}: ${x.summary}`);
    lines.push('');
  }
  lines.push(`worst ${r.worst}, last ${r.last}: exit ${r.exitCode} (by the ${r.exitBy} status)`);
  return `${lines.join('\n')}\n`;
}
