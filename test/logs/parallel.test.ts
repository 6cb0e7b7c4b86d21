// The scan on several threads, through the built code: worker threads load dist/src/logs/scan-worker.js,
// which exists only after `npm run build` (`npm test` builds first). Under src/ the scan stays in-thread.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as LogScanCheck from '../../checks/log-scan.js';
import type * as Collect from '../../src/logs/collect.js';
import type * as Files from '../../src/logs/files.js';
import type * as Pool from '../../src/logs/pool.js';
import type * as Plan from '../../src/logs/scan-plan.js';
import type { ScanWindow } from '../../src/logs/window.js';
import type { Zone } from '../../src/timezone.js';
import { runCli } from '../helpers/cli.js';
import { accessLine, wallClock } from '../helpers/log-lines.js';
import { tallyDigest } from '../helpers/tally.js';

const built = async <T>(path: string): Promise<T> =>
  (await import(fileURLToPath(new URL(`../../${path}`, import.meta.url)))) as T;
const { scanFiles } = await built<typeof Collect>('dist/src/logs/collect.js');
const { LogSourceError } = await built<typeof Files>('dist/src/logs/files.js');
const { liveWorkers, scanInParallel } = await built<typeof Pool>('dist/src/logs/pool.js');
const { planScan } = await built<typeof Plan>('dist/src/logs/scan-plan.js');
const { default: logScan, evaluate } = await built<typeof LogScanCheck>('dist/checks/log-scan.js');
const { generateLog } = await built<{ generateLog(path: string, bytes: number, endMs: number): number }>(
  'bench/generate.js',
);

const NOW = new Date('2026-02-23T12:00:00Z');
const UTC: Zone = { kind: 'offset', minutes: 0, label: 'UTC' };
const WINDOW: ScanWindow = {
  startMs: Date.parse('2026-02-22T12:00:00Z'),
  endMs: NOW.getTime(),
  minutes: 1440,
  warmupMinutes: 4,
};
const DEFAULTS = {
  lookbackMinutes: 1440,
  windowMinutes: 5,
  minEvents: 10,
  minSharePct: 0,
  sustainedMinutes: 15,
  credentialMinEvents: 5,
};
const KiB = 1024;
const MiB = 1024 * KiB;

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'provops-parallel-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh directory holding a log written as the gateway would: mtimes inside the window. */
function logDir(files: Record<string, string | Buffer>): string {
  const d = join(dir, `case-${counter++}`);
  mkdirSync(d);
  let mtime = NOW.getTime() - 60 * 60_000;
  for (const [name, content] of Object.entries(files)) {
    const path = join(d, name);
    writeFileSync(path, content);
    utimesSync(path, mtime / 1000, mtime / 1000);
    mtime += 60_000;
  }
  return d;
}

/** The bench generator's log (a day in both gateway flavours' shapes, bursts, other lines) of `bytes`, ending at `endIso`. */
function benchLog(bytes: number, endIso = NOW.toISOString()): Buffer {
  const path = join(dir, `gen-${counter++}.log`);
  generateLog(path, bytes, Date.parse(endIso));
  return readFileSync(path);
}

/** A 401 storm from many clients, a third of it from one of them, over ordinary traffic. */
function stormLog(minutes: number): string {
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
  const lines: string[] = [];
  const start = NOW.getTime() - minutes * 60_000;
  for (let m = 0; m < minutes; m++) {
    for (let k = 0; k < 600; k++) {
      const at = wallClock(start + m * 60_000 + Math.floor((k / 600) * 60_000));
      const storm = m % 90 > 30 && m % 90 < 60 && random() < 0.1;
      if (!storm) lines.push(accessLine({ at, ip: `10.1.0.${Math.floor(random() * 8)}` }));
      else
        lines.push(
          accessLine({
            at,
            status: 401,
            ip: random() < 0.34 ? '203.0.113.9' : `198.51.100.${Math.floor(random() * 60)}`,
            path: random() < 0.5 ? '/v1/messages' : '/v1/chat/completions',
          }),
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

async function scanBoth(pattern: string, options: Plan.ScanOptions) {
  const signal = new AbortController().signal;
  const one = await scanFiles([pattern], UTC, WINDOW, signal, { threads: 1 });
  const many = await scanFiles([pattern], UTC, WINDOW, signal, { minParallelBytes: 0, ...options });
  return { one, many };
}

/** The check's result without the one metric that says how many threads scanned. */
function verdict(scan: Collect.LogScan) {
  const result = evaluate(scan, DEFAULTS);
  const { scanThreads: _threads, ...metrics } = result.metrics ?? {};
  return { ...result, metrics };
}

describe('a scan on several threads', () => {
  it('gives the in-thread tally and verdict on the bench log: one big file in ranges, rotated files, a .gz', async () => {
    const d = logDir({
      'main-2026-02-23T02-00-00.000.log.gz': gzipSync(benchLog(512 * KiB, '2026-02-23T02:00:00Z')),
      'main-2026-02-23T06-00-00.000.log': benchLog(768 * KiB, '2026-02-23T06:00:00Z'),
      'main.log': benchLog(4 * MiB),
    });
    for (const threads of [2, 3]) {
      const { one, many } = await scanBoth(join(d, 'main.log'), { threads, rangeBytes: 128 * KiB });
      expect(many.source).toMatchObject({ kind: 'files', threads });
      expect(one.source).toMatchObject({ kind: 'files', threads: 1 });
      expect(tallyDigest(many.tally)).toEqual(tallyDigest(one.tally));
      expect(many.source.kind === 'files' && many.source.read).toEqual(one.source.kind === 'files' && one.source.read);
      expect(verdict(many)).toEqual(verdict(one));
    }
    expect(liveWorkers()).toBe(0);
  });

  it('names the same top senders and paths of a storm from more clients a minute than the tally keeps', async () => {
    const d = logDir({ 'main.log': stormLog(360) });
    const { one, many } = await scanBoth(join(d, 'main.log'), { threads: 2, rangeBytes: 2 * MiB });
    const result = verdict(one);
    expect(result.status).toBe('fail');
    expect(result.details?.[0]).toMatch(
      /^401 × [\d,]+ of [\d,]+ requests .*; IPs 203\.0\.113\.9 × [\d,]+, 198\.51\.100\.\d+ × \d+/,
    );
    expect(verdict(many)).toEqual(result);
    expect(many.source).toMatchObject({ threads: 2 });
  });

  it('reports a corrupt .gz as the in-thread scan does, whichever thread met it', async () => {
    const good = benchLog(256 * KiB);
    const d = logDir({
      'main-2026-02-23T10-00-00.000.log.gz': Buffer.concat([gzipSync(good).subarray(0, 5000), Buffer.from('garbage')]),
      'main.log': good,
    });
    const signal = new AbortController().signal;
    const inThread = await scanFiles([join(d, 'main.log')], UTC, WINDOW, signal, { threads: 1 }).catch(
      (e: unknown) => e,
    );
    expect(inThread).toBeInstanceOf(LogSourceError);
    expect((inThread as Error).message).toMatch(/^cannot read log file .*\.log\.gz \(not readable as gzip: /);
    for (const threads of [2, 3]) {
      const parallel = scanFiles([join(d, 'main.log')], UTC, WINDOW, signal, { threads, minParallelBytes: 0 });
      await expect(parallel).rejects.toThrow((inThread as Error).message);
      await expect(parallel).rejects.toBeInstanceOf(LogSourceError);
    }
    expect(liveWorkers()).toBe(0);
  });

  it('reports the first unreadable file in log order, and reads a rotated file that vanished as empty', async () => {
    const d = logDir({ 'a.log': benchLog(64 * KiB), 'b.log': benchLog(64 * KiB) });
    const file = (name: string, found = false): Files.LogFile => ({
      path: join(d, name),
      mtimeMs: 0,
      bytes: 64 * KiB,
      gzip: false,
      found,
    });
    const plan = (files: Files.LogFile[]): Plan.ScanPlan =>
      planScan(files, { threads: 3, minParallelBytes: 0 }) as Plan.ScanPlan;
    const signal = new AbortController().signal;
    // a directory passed as a file fails on read (EISDIR), in this thread or a worker alike
    for (const at of [0, 1, 2]) {
      const files = [file('a.log'), file('b.log'), file('a.log')];
      files.splice(at, 0, { ...file('.'), path: d }, { ...file('.'), path: join(d, 'absent.log') });
      await expect(scanInParallel(plan(files), UTC, WINDOW, signal)).rejects.toThrow(
        `cannot read log file ${d} (EISDIR)`,
      );
    }
    const vanished = await scanInParallel(
      plan([file('a.log'), file('gone.log', true), file('b.log')]),
      UTC,
      WINDOW,
      signal,
    );
    expect(vanished.read.map((r) => [r.path.split('/').pop(), r.bytes > 0])).toEqual([
      ['a.log', true],
      ['gone.log', false],
      ['b.log', true],
    ]);
    expect(liveWorkers()).toBe(0);
  });

  it('stops every worker when the run is aborted mid-scan, and rejects with the abort reason', async () => {
    const d = logDir({ 'main.log': benchLog(8 * MiB) });
    const controller = new AbortController();
    const reason = new Error('deadline exceeded (test)');
    const scan = scanFiles([join(d, 'main.log')], UTC, WINDOW, controller.signal, {
      threads: 3,
      minParallelBytes: 0,
      rangeBytes: 256 * KiB,
    });
    const settled = scan.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    while (liveWorkers() === 0) await new Promise((r) => setImmediate(r));
    controller.abort(reason);
    expect(await settled).toBe(reason);
    expect(liveWorkers()).toBe(0);
  });

  it("fails with the worker's own error when a worker cannot start, and leaves none behind", async () => {
    const d = logDir({ 'a.log': benchLog(64 * KiB), 'b.log': benchLog(64 * KiB) });
    const files = ['a.log', 'b.log'].map((name): Files.LogFile => ({
      path: join(d, name),
      mtimeMs: 0,
      bytes: 1,
      gzip: false,
      found: false,
    }));
    const plan = planScan(files, { threads: 2, minParallelBytes: 0 }) as Plan.ScanPlan;
    const broken = new URL('data:text/javascript,throw new Error("worker bundle is broken")');
    await expect(scanInParallel(plan, UTC, WINDOW, new AbortController().signal, broken)).rejects.toThrow(
      'worker bundle is broken',
    );
    expect(liveWorkers()).toBe(0);
  });

  it('is what `provops check log-scan` runs: the same JSON result with PROVOPS_SCAN_THREADS=1 and =2', async () => {
    const d = logDir({
      'main-2026-02-23T04-00-00.000.log.gz': gzipSync(benchLog(1 * MiB, '2026-02-23T04:00:00Z')),
      'main-2026-02-23T08-00-00.000.log': benchLog(2 * MiB, '2026-02-23T08:00:00Z'),
      'main.log': benchLog(20 * MiB),
    });
    const run = async (threads: string) => {
      const args = [
        'check',
        'log-scan',
        '--log-file',
        join(d, 'main.log'),
        '--format',
        'json',
        '--now',
        NOW.toISOString(),
        '--log-timezone',
        'UTC',
        '--no-state',
      ];
      const { code, stdout, stderr } = await runCli(args, {
        env: { PROVOPS_SCAN_THREADS: threads, PROVOPS_SCAN_PARALLEL_MIN_MIB: '16' },
      });
      expect(stderr).toBe('');
      const report = JSON.parse(stdout) as {
        targets: Array<{ results: Array<Record<string, unknown> & { metrics: Record<string, unknown> }> }>;
      };
      const { durationMs: _ms, metrics, ...result } = report.targets[0]?.results[0] ?? { metrics: {} };
      const { scanThreads, ...rest } = metrics;
      return { code, scanThreads, result: { ...result, metrics: rest } };
    };
    const [one, two] = [await run('1'), await run('2')];
    expect([one.scanThreads, two.scanThreads]).toEqual([1, 2]);
    expect(one.result).toMatchObject({ id: logScan.id, status: 'fail', metrics: { filesRead: 3 } });
    expect(two).toEqual({ ...one, scanThreads: 2 });
  });
});
