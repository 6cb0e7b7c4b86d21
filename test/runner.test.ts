import { describe, expect, it } from 'vitest';
import { defineCheck, type Check, type CheckContext, type Result } from '../src/check.js';
import { runChecks, type RunnerOptions } from '../src/runner.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

function fake(id: string, run: (signal: AbortSignal) => Promise<Result>, extra: Partial<Check> = {}): Check {
  return defineCheck({
    id,
    title: id,
    description: id,
    runbook: 'test',
    options: {},
    explain: { statuses: {}, runbookSteps: [] },
    run: (ctx) => run(ctx.signal),
    ...extra,
  }) as Check;
}

function options(checks: Check[], more: Partial<RunnerOptions> = {}): RunnerOptions {
  return {
    checks,
    concurrency: 4,
    deadlineMs: 5_000,
    requestTimeoutMs: 1_000,
    inputs: { logFiles: [], logTimezone: undefined },
    context: (_check, signal) => ({ signal }) as CheckContext<unknown>,
    ...more,
  };
}

const pass = (summary = 'ok'): Result => ({ status: 'pass', summary });

describe('runChecks', () => {
  it('returns results in registry order whatever finishes first', async () => {
    const checks = [30, 1, 15].map((ms, i) => fake(`c${i}`, async () => (await sleep(ms), pass(`${ms}`))));
    const runs = await runChecks(options(checks));
    expect(runs.map((r) => r.id)).toEqual(['c0', 'c1', 'c2']);
    expect(runs.map((r) => r.result.summary)).toEqual(['30', '1', '15']);
  });

  it('never runs more checks at once than the concurrency', async () => {
    let active = 0;
    let peak = 0;
    const checks = Array.from({ length: 8 }, (_, i) =>
      fake(`c${i}`, async () => {
        peak = Math.max(peak, ++active);
        await sleep(10);
        active--;
        return pass();
      }),
    );
    await runChecks(options(checks, { concurrency: 3 }));
    expect(peak).toBe(3);
  });

  it('turns an exception into an error result with a one-line reason', async () => {
    const runs = await runChecks(
      options([
        fake('boom', async () => {
          throw new Error('bad thing\nsecond line');
        }),
      ]),
    );
    expect(runs[0]?.result).toEqual({
      status: 'error',
      summary: 'internal error: bad thing (run with --debug for details)',
    });
    expect(runs[0]?.cause).toBeInstanceOf(Error);
  });

  it('gives each check a budget of `budget` request timeouts', async () => {
    const slow = fake('slow', (signal) => sleep(10_000, signal).then(() => pass()), { budget: 1 });
    const runs = await runChecks(options([slow], { requestTimeoutMs: 50 }));
    expect(runs[0]?.result).toEqual({ status: 'error', summary: 'check timed out after 50 ms' });
  });

  it('ends everything unfinished at the deadline, even a check that ignores its signal', async () => {
    const stubborn = fake('stubborn', () => new Promise<Result>(() => {}), { budget: 'deadline' });
    const quick = fake('quick', async () => pass());
    const started = Date.now();
    const runs = await runChecks(options([stubborn, quick], { deadlineMs: 80 }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(runs.map((r) => r.result.status)).toEqual(['error', 'pass']);
    expect(runs[0]?.result.summary).toBe('deadline exceeded (80 ms for the whole run)');
  });

  it('checks waiting for a slot at the deadline also end as errors', async () => {
    const hog = (id: string) => fake(id, (signal) => sleep(10_000, signal).then(() => pass()), { budget: 'deadline' });
    const runs = await runChecks(options([hog('a'), hog('b')], { concurrency: 1, deadlineMs: 50 }));
    expect(runs.map((r) => r.result.summary)).toEqual([
      'deadline exceeded (50 ms for the whole run)',
      'deadline exceeded (50 ms for the whole run)',
    ]);
  });

  it('an unreachable liveness check skips every network check but not local ones', async () => {
    const health = fake(
      'health',
      async () => (await sleep(20), { status: 'fail', summary: 'down', blocks: 'gateway unreachable (see health)' }),
      { liveness: true },
    );
    // Network checks start alongside liveness (the gateway holds their requests); a verdict of "down"
    // stops them and replaces whatever they would have said.
    let stopped = false;
    const net = fake('net', async (signal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      stopped = true;
      return pass('never reported');
    });
    const local = fake('local', async () => pass('read a file'), { network: false });
    const depends = fake('depends', async () => pass(), { dependsOn: ['net'] });
    const runs = await runChecks(options([health, net, local, depends]));
    expect(stopped).toBe(true);
    expect(runs.map((r) => [r.id, r.result.status, r.result.summary])).toEqual([
      ['health', 'fail', 'down'],
      ['net', 'skip', 'gateway unreachable (see health)'],
      ['local', 'pass', 'read a file'],
      ['depends', 'skip', 'gateway unreachable (see health)'],
    ]);
  });

  it('a network predicate decides per run whether the check needs the gateway', async () => {
    const health = fake('health', async () => ({ status: 'fail', summary: 'down', blocks: 'unreachable' }), {
      liveness: true,
    });
    const logs = fake('logs', async () => pass('scanned'), { network: (inputs) => inputs.logFiles.length === 0 });
    const withFiles = await runChecks(
      options([health, logs], { inputs: { logFiles: ['/x.log'], logTimezone: undefined } }),
    );
    const without = await runChecks(options([health, logs]));
    expect(withFiles[1]?.result.status).toBe('pass');
    expect(without[1]?.result.status).toBe('skip');
  });

  it('a dependency that does not block lets its dependants run after it', async () => {
    const order: string[] = [];
    const first = fake(
      'first',
      async () => (await sleep(20), order.push('first'), { status: 'fail', summary: 'below threshold' }),
    );
    const second = fake('second', async () => (order.push('second'), pass()), { dependsOn: ['first'] });
    const runs = await runChecks(options([second, first]));
    expect(order).toEqual(['first', 'second']);
    expect(runs[0]?.result.status).toBe('pass');
  });

  it('a dependency that is not part of the run is ignored', async () => {
    const runs = await runChecks(options([fake('alone', async () => pass(), { dependsOn: ['absent'] })]));
    expect(runs[0]?.result.status).toBe('pass');
  });

  it('an interrupt returns what finished and marks the rest', async () => {
    const ctl = new AbortController();
    const done = fake('done', async () => pass());
    const slow = fake('slow', (signal) => sleep(10_000, signal).then(() => pass()), { budget: 'deadline' });
    setTimeout(() => ctl.abort(), 30);
    const runs = await runChecks(options([done, slow], { signal: ctl.signal }));
    expect(runs.map((r) => r.result.status)).toEqual(['pass', 'error']);
    expect(runs[1]?.result.summary).toBe('interrupted before it finished');
  });

  it('a check that returns nothing is an error, not a crash', async () => {
    const runs = await runChecks(options([fake('empty', async () => undefined as unknown as Result)]));
    expect(runs[0]?.result.status).toBe('error');
  });
});

describe('runChecks ordering hints', () => {
  it('`after` waits for a check without inheriting its skip', async () => {
    const order: string[] = [];
    const health = fake(
      'health',
      async () => ({ status: 'fail', summary: 'down', blocks: 'gateway unreachable (see health)' }),
      { liveness: true },
    );
    const usage = fake('usage', async () => (order.push('usage'), pass()));
    const combine = fake('combine', async () => (order.push('combine'), pass('combined')), {
      network: false,
      after: ['usage'],
    });
    const runs = await runChecks(options([health, combine, usage]));
    expect(runs.map((r) => [r.id, r.result.status])).toEqual([
      ['health', 'fail'],
      ['combine', 'pass'],
      ['usage', 'skip'],
    ]);
    // usage ran alongside health (its requests would have been held), but its result is the skip.
    expect(order).toEqual(['usage', 'combine']);
    order.length = 0;
    await runChecks(options([combine, usage]));
    expect(order).toEqual(['usage', 'combine']);
  });
});
