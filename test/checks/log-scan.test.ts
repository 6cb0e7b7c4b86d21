import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import logScan, { evaluate, type Thresholds } from '../../checks/log-scan.js';
import { testCheck } from '../helpers/check-tester.js';

const check = logScan;
import type { Check, CheckContext, Result } from '../../src/check.js';
import type { Gateway } from '../../src/gateway/client.js';
import { scanLines } from '../../src/logs/collect.js';
import { LOG_SCAN_ID, type LogScanFacts } from '../../src/logs/facts.js';
import { scanWindow } from '../../src/logs/window.js';
import { defaultsOf } from '../../src/options.js';
import { PLAYBOOK } from '../../checks/support/playbooks.js';
import { runDaily, type RunConfig } from '../../src/daily.js';
import { Shared } from '../../src/shared.js';
import { parseZone } from '../../src/timezone.js';
import { accessLine, minuteLines, wallClock } from '../helpers/log-lines.js';
import { json as sendJson, startServer, type Handler, type TestServer } from '../helpers/server.js';

const NOW = new Date('2026-02-23T12:00:00Z');
// The count rule alone (minSharePct 0); the share rule has its own tests in test/trust/busy-gateway.test.ts.
const DEFAULTS: Thresholds = {
  lookbackMinutes: 1440,
  windowMinutes: 5,
  minEvents: 10,
  minSharePct: 0,
  sustainedMinutes: 15,
  credentialMinEvents: 5,
};
const HOUR: Thresholds = { ...DEFAULTS, lookbackMinutes: 60 };
const at = (iso: string) => Date.parse(iso);

/** Judges log lines (UTC wall clock) as the check would, as of NOW. */
function judge(lines: string[], t: Thresholds = HOUR, zone = 'UTC'): Result {
  return evaluate(
    scanLines(lines, '/v0/management/logs', parseZone(zone), scanWindow(NOW, t.lookbackMinutes, t.windowMinutes)),
    t,
  );
}

/** `perMinute` 429s (or `status`) from `iso` on, over 50 ordinary requests a minute for the whole hour. */
function traffic(iso: string, perMinute: number[], status = 429, ip = '10.0.0.12'): string[] {
  return [
    ...minuteLines(at('2026-02-23T11:00:00Z'), Array(60).fill(0), { background: 50 }),
    ...minuteLines(at(iso), perMinute, { status, ip }),
  ];
}

testCheck(check, (lines: string[], options) => judge(lines, options), [
  {
    name: '9 events in the window pass',
    input: traffic('2026-02-23T11:30:00Z', [9]),
    options: HOUR,
    status: 'pass',
    summary: 'no 401/403/429 burst in 3,009 requests over 1 h (hot: ≥10 in 5 min)',
  },
  {
    name: '10 make a burst (one busy minute stays hot for windowMinutes)',
    input: traffic('2026-02-23T11:30:00Z', [10]),
    options: HOUR,
    status: 'warn',
    summary: '1 burst in the last 1 h: 429 × 10 from 10.0.0.12 for 5 min (hot: ≥10 in 5 min; fail ≥ 15 min)',
    hint: PLAYBOOK.rateLimit,
  },
  {
    // 10 a minute for n minutes keeps the trailing window hot for n + 4 minutes
    name: 'a burst of 14 minutes is a warn',
    input: traffic('2026-02-23T11:10:00Z', Array(10).fill(10)),
    options: HOUR,
    status: 'warn',
    summary: /for 14 min \(hot: ≥10 in 5 min; fail ≥ 15 min\)$/,
    metrics: { longestBurstMinutes: 14 },
  },
  {
    name: 'a burst of 15 minutes is a fail',
    input: traffic('2026-02-23T11:10:00Z', Array(11).fill(10)),
    options: HOUR,
    status: 'fail',
    summary: '1 burst in the last 1 h: 429 × 110 from 10.0.0.12 for 15 min (fail ≥ 15 min)',
    metrics: { longestBurstMinutes: 15 },
  },
]);

describe('evaluate', () => {
  it('details each burst: share of requests, log and UTC time, top senders and paths', () => {
    const result = judge(traffic('2026-02-23T11:10:00Z', Array(11).fill(10), 401, '10.0.0.7'), HOUR, 'Asia/Shanghai');
    // the same lines read 8 hours earlier in Shanghai fall before the window
    expect(result.status).toBe('skip');
    const utc = judge(traffic('2026-02-23T11:10:00Z', Array(11).fill(10), 401, '10.0.0.7'));
    expect(utc.details?.[0]).toBe(
      '401 × 110 of 860 requests (13%) for 15 min, 2026-02-23 11:10–11:25 UTC (2026-02-23T11:10Z–11:25Z); IPs 10.0.0.7 × 110; paths /v1/messages × 110',
    );
    expect(utc.hint).toBe(PLAYBOOK.auth);
    expect(utc.metrics).toMatchObject({
      requests: 3110,
      status401: 110,
      status403: 0,
      status429: 0,
      linesParsed: 3110,
      linesSkipped: 0,
      bursts: 1,
    });
  });

  it('names the worst burst and gives both playbooks when 401s and 429s burst', () => {
    const lines = [
      ...traffic('2026-02-23T11:10:00Z', Array(11).fill(10), 401),
      ...minuteLines(at('2026-02-23T11:40:00Z'), [30], { status: 429, ip: '10.0.0.99' }),
    ];
    const result = judge(lines);
    expect(result.summary).toBe('2 bursts in the last 1 h: 401 × 110 from 10.0.0.12 for 15 min (fail ≥ 15 min)');
    expect(result.hint).toBe(`${PLAYBOOK.auth} ${PLAYBOOK.rateLimit}`);
    expect(result.details?.slice(0, 2).map((d) => d.slice(0, 9))).toEqual(['401 × 110', '429 × 30 ']);
  });

  it('says how many senders share a burst', () => {
    const lines = [
      ...traffic('2026-02-23T11:30:00Z', [8]),
      ...minuteLines(at('2026-02-23T11:30:00Z'), [2], { ip: '10.0.0.13' }),
      ...minuteLines(at('2026-02-23T11:30:00Z'), [1], { ip: '10.0.0.14' }),
    ];
    expect(judge(lines).summary).toContain('429 × 11 from 10.0.0.12 and 2 other IPs for 5 min');
  });

  it('flags a burst still going at --now and one already under way when the window opened', () => {
    const ongoing = judge(traffic('2026-02-23T11:58:00Z', [10, 10]));
    expect(ongoing.details?.[0]).toContain(
      'for 2 min, 2026-02-23 11:58–12:00 UTC (2026-02-23T11:58Z–12:00Z) [still going at --now]',
    );
    // 12 at 10:59, in the warm-up: 11:00-11:03 are hot
    const early = judge([
      ...traffic('2026-02-23T11:00:00Z', []),
      ...minuteLines(at('2026-02-23T10:57:00Z'), [0, 0, 12]),
    ]);
    expect(early).toMatchObject({
      status: 'warn',
      summary: '1 burst in the last 1 h: 429 × 12 from 10.0.0.12 for 4 min (hot: ≥10 in 5 min; fail ≥ 15 min)',
    });
    expect(early.details?.[0]).toBe(
      '429 × 12 of 212 requests (5.7%) for 4 min, 2026-02-23 11:00–11:04 UTC (2026-02-23T11:00Z–11:04Z) [already under way when the window opened]; IPs 10.0.0.12 × 12; paths /v1/messages × 12',
    );
  });

  it('ignores bursts before the window and lines after --now', () => {
    const lines = [
      ...traffic('2026-02-23T10:00:00Z', Array(20).fill(20)),
      ...minuteLines(at('2026-02-23T12:00:00Z'), Array(20).fill(20)),
    ];
    expect(judge(lines).status).toBe('pass');
  });

  it('skips when nothing in the source is an access line, or nothing falls in the window', () => {
    expect(judge(['hello', '[2026-02-23 11:00:00] [--------] [info ] [main.go:1] started'])).toMatchObject({
      status: 'skip',
      summary:
        "none of its 2 lines is a gateway access line (is it the gateway's main.log?): nothing to judge (GET /v0/management/logs (2 lines))",
    });
    expect(judge([accessLine({ at: wallClock(at('2026-02-20T11:00:00Z')) })]).summary).toMatch(
      /^no gateway access line in the last 1 h: nothing to judge/,
    );
  });

  it('holds every threshold as configured', () => {
    const lines = traffic('2026-02-23T11:30:00Z', [3, 3]);
    expect(judge(lines).status).toBe('pass');
    expect(judge(lines, { ...HOUR, minEvents: 6 }).status).toBe('warn');
    expect(judge(lines, { ...HOUR, minEvents: 6, windowMinutes: 1 }).status).toBe('pass');
    // 11:31-11:34 are hot with 6 in 5 minutes
    expect(judge(lines, { ...HOUR, minEvents: 6, sustainedMinutes: 5 }).status).toBe('warn');
    expect(judge(lines, { ...HOUR, minEvents: 6, sustainedMinutes: 4 }).status).toBe('fail');
  });
});

/** A gateway that fails the test if the check touches it. */
const offline: Gateway = {
  url: 'http://offline.invalid',
  hasApiKey: false,
  hasManagementKey: false,
  get: () => Promise.reject(new Error('the check must not use the gateway')),
  management: () => ({ outcome: 'untried' }),
  version: () => undefined,
};

function context(logFiles: string[], logTimezone?: string): CheckContext<Thresholds> & { shared: Shared } {
  const signal = new AbortController().signal;
  return {
    target: { name: 't', url: offline.url },
    options: defaultsOf(logScan.options),
    now: NOW,
    signal,
    gateway: offline,
    shared: new Shared(offline, signal),
    inputs: { logFiles, logTimezone },
    previous: undefined,
    remember: () => {},
    remembers: false,
  };
}

describe('log-scan over local files', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('scans the file without the gateway and publishes per-minute counts for quota-pressure', async () => {
    dir = mkdtempSync(join(tmpdir(), 'provops-logscan-'));
    const file = join(dir, 'main.log');
    // written in Shanghai: 11:00-11:19 local is 03:00-03:19 UTC
    writeFileSync(
      file,
      `${minuteLines(at('2026-02-23T03:00:00Z'), Array(20).fill(12), { background: 3, offsetMinutes: 480 }).join('\n')}\nnot an access line\n`,
    );
    const ctx = context([file], 'Asia/Shanghai');
    const result = await logScan.run(ctx);
    expect(result).toMatchObject({
      status: 'fail',
      summary: '1 burst in the last 24 h: 429 × 240 from 10.0.0.12 for 24 min (fail ≥ 15 min)',
    });
    expect(result.details?.[0]).toContain('2026-02-23 11:00–11:24 Asia/Shanghai (2026-02-23T03:00Z–03:24Z)');
    expect(result.metrics).toMatchObject({ filesRead: 1, linesParsed: 300, linesSkipped: 1 });

    const facts = ctx.shared.fact<LogScanFacts>(LOG_SCAN_ID);
    expect(facts).toMatchObject({
      zone: 'Asia/Shanghai',
      startMs: at('2026-02-22T12:00:00Z'),
      endMs: NOW.getTime(),
      minutes: 1440,
    });
    const minute = (at('2026-02-23T03:05:00Z') - at('2026-02-22T12:00:00Z')) / 60_000;
    expect(facts?.perMinute.total[minute]).toBe(15);
    expect(facts?.perMinute.status429[minute]).toBe(12);
    expect(facts?.perMinute.ok[minute]).toBe(3);
    expect(facts?.perMinute.total).toHaveLength(1440);
    expect(facts?.source).toMatch(/main\.log, \d+ KiB$/);
  });

  it('skips when every file was last written before the window', async () => {
    dir = mkdtempSync(join(tmpdir(), 'provops-logscan-'));
    const file = join(dir, 'main.log');
    writeFileSync(file, `${minuteLines(at('2026-02-20T03:00:00Z'), [20]).join('\n')}\n`);
    utimesSync(file, at('2026-02-20T03:01:00Z') / 1000, at('2026-02-20T03:01:00Z') / 1000);
    const result = await logScan.run(context([file]));
    expect(result).toMatchObject({
      status: 'skip',
      summary:
        'no log file was written to in the last 24 h: 1 file(s) last written before 2026-02-22T12:00Z (is the gateway still logging there?)',
    });
    expect(result.details).toContain(`not opened, last written before the window: ${file}`);
    expect(result.details?.at(-2)).toBe(
      `timestamps read as ${Intl.DateTimeFormat().resolvedOptions().timeZone} wall clock (this machine's zone: set --log-timezone if the gateway host's differs)`,
    );
  });

  it('is an error naming the file when it cannot be read', async () => {
    const result = await logScan.run(context(['/nonexistent/provops/main.log']));
    expect(result).toMatchObject({
      status: 'error',
      summary: 'cannot read log file /nonexistent/provops/main.log (ENOENT)',
    });
    expect(result.hint).toMatch(/--log-file/);
  });

  it('runs even when the gateway is unreachable, since it needs no network', () => {
    expect(
      typeof logScan.network === 'function' && logScan.network({ logFiles: ['/x/main.log'], logTimezone: undefined }),
    ).toBe(false);
    expect(typeof logScan.network === 'function' && logScan.network({ logFiles: [], logTimezone: undefined })).toBe(
      true,
    );
  });
});

describe('log-scan through GET /v0/management/logs', () => {
  const KEY = 'mgmt-secret-for-tests-7f3c';
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function run(handler: Handler, { managementKey }: { managementKey?: string } = { managementKey: KEY }) {
    server = await startServer(handler);
    const config: RunConfig = {
      target: { name: 'test', url: server.url },
      apiKey: undefined,
      managementKey,
      checks: [logScan as unknown as Check],
      checkOptions: { 'log-scan': defaultsOf(logScan.options) },
      failOn: 'warn',
      timeoutMs: 5_000,
      deadlineMs: 15_000,
      concurrency: 2,
      maxResponseBytes: 1024 * 1024,
      now: NOW,
      stateDir: undefined,
      inputs: { logFiles: [], logTimezone: 'UTC' },
    };
    const outcome = await runDaily(config);
    const [entry] = outcome.report.targets[0]?.results ?? [];
    return { entry, text: JSON.stringify(outcome.report) };
  }

  it('asks for lines after the window start with the management key and judges them', async () => {
    const lines = minuteLines(at('2026-02-23T11:00:00Z'), Array(20).fill(11), { status: 403, background: 2 });
    const { entry } = await run((_req, res) =>
      sendJson(res, 200, { lines, 'line-count': lines.length, 'latest-timestamp': 0 }),
    );
    // The log request is the first management request, and so the key test.
    expect(server?.requests.map((r) => r.path.split('?')[0])).toEqual(['/v0/management/logs']);
    const request = server?.requests[0];
    // window start 2026-02-22T12:00Z minus 4 warm-up minutes, minus a second: `after` is exclusive
    expect(request?.path).toBe(`/v0/management/logs?after=${at('2026-02-22T11:56:00Z') / 1000 - 1}&limit=500000`);
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(entry).toMatchObject({
      status: 'fail',
      summary: '1 burst in the last 24 h: 403 × 220 from 10.0.0.12 for 24 min (fail ≥ 15 min)',
      hint: PLAYBOOK.auth,
    });
  });

  it('skips when the gateway logs to stdout (400 logging to file disabled)', async () => {
    const { entry } = await run((_req, res) => sendJson(res, 400, { error: 'logging to file disabled' }));
    expect(entry?.status).toBe('skip');
    expect(entry?.summary).toMatch(/logging-to-file: false.*"logging to file disabled"; pass --log-file/);
  });

  it('skips when the management API is disabled (404)', async () => {
    const { entry } = await run((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    });
    expect(entry?.status).toBe('skip');
    expect(entry?.summary).toMatch(/^management API disabled \(GET \/v0\/management\/logs → 404\)/);
  });

  it('is an error after exactly one management request when the key is rejected, and never prints the key', async () => {
    const { entry, text } = await run((_req, res) => sendJson(res, 401, { error: 'invalid management key' }));
    expect(server?.requests).toHaveLength(1);
    expect(entry?.status).toBe('error');
    expect(entry?.summary).toMatch(
      /^management key rejected: 401 invalid management key; provops made no further management requests/,
    );
    expect(text).not.toContain(KEY);
  });

  it('skips without a management key and makes no request', async () => {
    const { entry } = await run(() => {}, {});
    expect(server?.requests).toHaveLength(0);
    expect(entry).toMatchObject({
      status: 'skip',
      summary: expect.stringMatching(/^no log file given and no management key/),
    });
  });

  it('is a one-line error for a body that is not the log listing', async () => {
    const html = await run((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><title>Login</title></html>');
    });
    expect(html.entry).toMatchObject({
      status: 'error',
      summary: expect.stringMatching(
        /^GET \/v0\/management\/logs\?after=\d+&limit=500000 → 200 with an HTML page "Login"/,
      ),
    });
    const shape = await run((_req, res) => sendJson(res, 200, { logs: [] }));
    expect(shape.entry?.summary).toMatch(/but the body is not a log listing \(\{"lines":\[\.\.\.\]\}\)/);
    const truncated = await run((_req, res) => res.end('{"lines":["[2026-02-23'));
    expect(truncated.entry?.summary).toMatch(/truncated JSON/);
  });

  it('says to scan the files instead when the log is too large to fetch', async () => {
    const { entry } = await run((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(512 * 1024 * 1024) });
      res.flushHeaders();
    });
    expect(entry).toMatchObject({
      status: 'error',
      summary:
        "GET /v0/management/logs: response exceeds 128 MiB (the whole window's log in one JSON body); scan the files on the gateway host instead with --log-file",
    });
  });

  it('fails on a gateway error', async () => {
    const { entry } = await run((_req, res) =>
      sendJson(res, 500, { error: 'failed to list log files: permission denied' }),
    );
    expect(entry).toMatchObject({
      status: 'fail',
      summary:
        'GET /v0/management/logs?after=1771761359&limit=500000 → 500 "failed to list log files: permission denied"',
    });
  });
});
