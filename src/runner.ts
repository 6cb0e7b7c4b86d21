// Runs checks: bounded concurrency, a budget per check, one deadline for the run, dependencies, and
// results in registry order whatever finished first. A check never throws out of here: exceptions,
// timeouts and the deadline become `error` results with a one-line reason.
import { STATUSES, type Check, type CheckContext, type Result, type RunInputs, type Series } from './check.js';
import { messageOf } from './errors.js';

export interface CheckRun {
  id: string;
  result: Result;
  durationMs: number;
  /** The exception behind an `error` result, for --debug. */
  cause?: unknown;
}

export interface RunnerOptions {
  checks: readonly Check[];
  concurrency: number;
  deadlineMs: number;
  /** Said when the deadline ends the run; default "deadline exceeded (<deadlineMs> ms for the whole run)". */
  deadlineReason?: string | undefined;
  /** Time the run already spent before the runner started (process start-up, config): it counts toward the deadline. */
  spentMs?: number | undefined;
  /** The per-request timeout; a check's budget is a multiple of it (Check.budget). */
  requestTimeoutMs: number;
  inputs: RunInputs;
  /** Aborts the run (Ctrl-C); what finished is still returned. */
  signal?: AbortSignal | undefined;
  /** Builds the context a check runs with; `signal` ends when the check must stop. */
  context(check: Check, signal: AbortSignal): CheckContext<unknown>;
  /**
   * Called before any check starts (for shared fetches), with the run's own signal and the liveness
   * verdict: the reason every network check skips (the gateway is down), or undefined once it is up.
   */
  onStart?(runSignal: AbortSignal, liveness: Promise<string | undefined>): void;
}

class Stop extends Error {}

export async function runChecks(options: RunnerOptions): Promise<CheckRun[]> {
  const run = new AbortController();
  const deadline = setTimeout(
    () =>
      run.abort(new Stop(options.deadlineReason ?? `deadline exceeded (${options.deadlineMs} ms for the whole run)`)),
    Math.max(1, options.deadlineMs - (options.spentMs ?? 0)),
  );
  const interrupt = () => run.abort(new Stop('interrupted before it finished'));
  if (options.signal?.aborted) interrupt();
  options.signal?.addEventListener('abort', interrupt, { once: true });

  const byId = new Map(options.checks.map((c) => [c.id, c]));
  const slots = semaphore(Math.max(1, options.concurrency));
  const started = new Map<string, Promise<CheckRun>>();
  const isNetwork = (check: Check): boolean =>
    !check.liveness && (typeof check.network === 'function' ? check.network(options.inputs) : check.network !== false);

  // Network checks start alongside the liveness check instead of after it: the gateway holds their
  // requests until liveness reports (see Gateway.hold), and when it reports the gateway down they are
  // stopped and skip with its reason, so an unreachable gateway is still reported once.
  const down = new AbortController();
  const livenessChecks = options.checks.filter((c) => c.liveness);
  let reportLiveness!: (reason: string | undefined) => void;
  const liveness = new Promise<string | undefined>((resolve) => (reportLiveness = resolve));

  const inRun = (ids: Iterable<string>, self: Check): Check[] =>
    [...new Set(ids)].flatMap((id) => (id === self.id ? [] : (byId.get(id) ?? [])));

  const start = (check: Check): Promise<CheckRun> => {
    let p = started.get(check.id);
    if (!p) {
      p = execute(check);
      started.set(check.id, p);
    }
    return p;
  };

  const execute = async (check: Check): Promise<CheckRun> => {
    const network = isNetwork(check);
    const outcome = await attempt(check, network);
    if (!network) return outcome;
    const reason = await liveness;
    return reason
      ? { id: check.id, durationMs: 0, result: { status: 'skip', summary: reason, blocks: reason } }
      : outcome;
  };

  const attempt = async (check: Check, network: boolean): Promise<CheckRun> => {
    const [deps] = await Promise.all([
      Promise.all(inRun(check.dependsOn ?? [], check).map(start)),
      Promise.all(inRun(check.after ?? [], check).map(start)),
    ]);
    const blocker = deps.find((d) => d.result.blocks);
    if (blocker?.result.blocks)
      return {
        id: check.id,
        durationMs: 0,
        result: { status: 'skip', summary: blocker.result.blocks, blocks: blocker.result.blocks },
      };
    const runSignal = network ? AbortSignal.any([run.signal, down.signal]) : run.signal;

    let release: () => void;
    try {
      release = await slots.acquire(runSignal);
    } catch {
      return stopped(check.id, run.signal, 0);
    }
    const t0 = performance.now();
    const elapsed = () => Math.round(performance.now() - t0);
    // Never past the run's deadline: a product beyond 2^31-1 ms would make Node fire the timer after 1 ms.
    const budgetMs =
      check.budget === 'deadline'
        ? undefined
        : Math.min((check.budget ?? 3) * options.requestTimeoutMs, options.deadlineMs);
    const budget = budgetMs === undefined ? undefined : AbortSignal.timeout(budgetMs);
    const signal = budget ? AbortSignal.any([runSignal, budget]) : runSignal;
    try {
      const result = await untilAborted(check.run(options.context(check, signal) as never), signal);
      return { id: check.id, result: sanitize(result), durationMs: elapsed() };
    } catch (err) {
      if (run.signal.aborted || down.signal.aborted) return stopped(check.id, run.signal, elapsed());
      if (budget?.aborted)
        return {
          id: check.id,
          durationMs: elapsed(),
          result: { status: 'error', summary: `check timed out after ${budgetMs} ms` },
        };
      return {
        id: check.id,
        durationMs: elapsed(),
        cause: err,
        result: { status: 'error', summary: `internal error: ${messageOf(err)} (run with --debug for details)` },
      };
    } finally {
      release();
    }
  };

  void liveness.then((reason) => reason && down.abort(new Stop(reason)));
  options.onStart?.(run.signal, liveness);
  if (livenessChecks.length)
    void Promise.all(livenessChecks.map(start)).then((runs) =>
      reportLiveness(runs.find((r) => r.result.blocks)?.result.blocks),
    );
  else reportLiveness(undefined);
  // Requests the checks will make anyway go out now, outside the concurrency slots, so a slot never
  // adds a round trip; deeper request chains first, since the first management request tests the key.
  const prefetching = [...options.checks].sort((a, b) => (b.prefetchDepth ?? 1) - (a.prefetchDepth ?? 1));
  for (const check of prefetching) {
    if (!check.prefetch) continue;
    try {
      check.prefetch(options.context(check, run.signal) as never);
    } catch {
      // a prefetch is an optimisation: run() asks again and reports what went wrong
    }
  }

  try {
    return await Promise.all(options.checks.map(start));
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', interrupt);
  }
}

function stopped(id: string, signal: AbortSignal, durationMs: number): CheckRun {
  const reason: unknown = signal.reason;
  return { id, durationMs, result: { status: 'error', summary: reason instanceof Stop ? reason.message : 'aborted' } };
}

/** Settles with `work`, or rejects as soon as `signal` aborts, so a check that ignores it cannot hang the run. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * A result a check returns is data we print: keep it to the contract's shape. Plugins are plain
 * JavaScript, so anything may come back; what does not fit is an error row, never a crash later.
 */
function sanitize(result: Result): Result {
  if (!result || typeof result !== 'object' || typeof result.summary !== 'string') {
    return { status: 'error', summary: 'internal error: the check returned no result ({ status, summary })' };
  }
  if (!(STATUSES as readonly string[]).includes(result.status))
    return {
      status: 'error',
      summary: `the check returned an unknown status "${String(result.status)}" (${STATUSES.join(', ')})`,
    };
  const clean: Result = { status: result.status, summary: result.summary.replace(/[\r\n]+/g, ' ') };
  if (Array.isArray(result.details)) clean.details = result.details.filter((d): d is string => typeof d === 'string');
  if (result.metrics && typeof result.metrics === 'object' && !Array.isArray(result.metrics)) {
    const scalar = (v: unknown) => v === null || ['number', 'string', 'boolean'].includes(typeof v);
    clean.metrics = Object.fromEntries(Object.entries(result.metrics).filter(([, v]) => scalar(v)));
  }
  if (Array.isArray(result.series)) clean.series = result.series.filter(isSeries);
  if (typeof result.hint === 'string' || result.hint === null) clean.hint = result.hint;
  if (typeof result.blocks === 'string') clean.blocks = result.blocks;
  if (typeof result.needs === 'string') clean.needs = result.needs;
  return clean;
}

function isSeries(s: unknown): s is Series {
  if (!s || typeof s !== 'object') return false;
  const { metric, labels, value } = s as Partial<Series>;
  return (
    typeof metric === 'string' &&
    typeof value === 'number' &&
    Number.isFinite(value) &&
    !!labels &&
    typeof labels === 'object' &&
    Object.values(labels).every((v) => typeof v === 'string')
  );
}

function semaphore(size: number) {
  let free = size;
  const waiting: Array<() => void> = [];
  return {
    acquire(signal: AbortSignal): Promise<() => void> {
      const release = () => {
        const next = waiting.shift();
        if (next) next();
        else free++;
      };
      if (signal.aborted) return Promise.reject(signal.reason);
      if (free > 0) {
        free--;
        return Promise.resolve(release);
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        };
        const onAbort = () => {
          const i = waiting.indexOf(grant);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal.reason);
        };
        waiting.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
