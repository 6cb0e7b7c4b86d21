// log-scan on the logs of every gateway version: the older access-line shapes count like the current
// one, upstream-attempt bursts are reported per credential even when clients see 200, and lines of a
// shape provops cannot read make a warn that names them, never a pass or a skip.
import { describe, expect, it } from 'vitest';
import { evaluate, type Thresholds } from '../../checks/log-scan.js';
import { PLAYBOOK } from '../../checks/support/playbooks.js';
import type { Result } from '../../src/check.js';
import { scanLines } from '../../src/logs/collect.js';
import { scanWindow } from '../../src/logs/window.js';
import { parseZone } from '../../src/timezone.js';
import { minuteLines, wallClock } from '../helpers/log-lines.js';

const NOW = new Date('2026-09-16T12:00:00Z');
const HOUR: Thresholds = {
  lookbackMinutes: 60,
  windowMinutes: 5,
  minEvents: 10,
  minSharePct: 0,
  sustainedMinutes: 15,
  credentialMinEvents: 5,
};
const at = (iso: string) => Date.parse(iso);

function judge(lines: string[], t: Thresholds = HOUR): Result {
  return evaluate(scanLines(lines, '/v0/management/logs', parseZone('UTC'), scanWindow(NOW, t.lookbackMinutes, 5)), t);
}

/** A ≤ v6.6.49 access line (log-formats.md). */
function ginLine(ms: number, status: number, ip = '10.0.0.12'): string {
  const ts = wallClock(ms);
  const level = status >= 500 ? 'error' : status >= 400 ? 'warning' : 'info';
  const gin = `${ts.slice(0, 10).replace(/-/g, '/')} - ${ts.slice(11)}`;
  return `[${ts}] [${level}] [gin_logger.go:58] [GIN] ${gin} | ${status} | ${'7ms'.padStart(13)} | ${ip.padStart(15)} | POST    "/v1/messages?beta=true"`;
}

/** A v6.6.50–v6.6.51 access line. */
function pipeLine(ms: number, status: number): string {
  return `[${wallClock(ms)}] [info] [gin_logger.go:60] | a1b2c3d4 | ${status} | ${'12ms'.padStart(13)} | ${'10.0.0.12'.padStart(15)} | POST    "/v1/chat/completions"`;
}

function attemptLine(ms: number, status: number, auth = 'api_key=s4-c...ey-a', provider = 'codex'): string {
  return `[${wallClock(ms)}] [bf71a75c] [warn ] [conductor_execution.go:1946] ${status} | ${'6ms'.padStart(13)} | upstream execution failed: provider=${provider} model=gpt-5.3-codex auth=${auth} err={"error":{"message":"token expired"}}`;
}

/** `n` lines a minute from `fromIso` for `minutes` minutes. */
function everyMinute(fromIso: string, minutes: number, n: number, line: (ms: number) => string): string[] {
  const out: string[] = [];
  for (let m = 0; m < minutes; m++) for (let k = 0; k < n; k++) out.push(line(at(fromIso) + m * 60_000 + k * 1000));
  return out;
}

const CALM = minuteLines(at('2026-09-16T11:00:00Z'), Array(60).fill(0), { background: 20 });

describe('log-scan on older access-line shapes', () => {
  it('a sustained 401 burst in the ≤ v6.6.49 shape fails, and the details name the shape', () => {
    const lines = [...CALM, ...everyMinute('2026-09-16T11:20:00Z', 20, 12, (ms) => ginLine(ms, 401))].sort();
    const r = judge(lines);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/401 × 240 from 10\.0\.0\.12/);
    expect(r.details?.join('\n')).toMatch(/240 in the ≤ v6\.6\.49 \(\[GIN\] prefix\) shape/);
  });

  it('the v6.6.50–v6.6.51 shape counts like the current one', () => {
    const lines = everyMinute('2026-09-16T11:00:00Z', 60, 30, (ms) => pipeLine(ms, 200));
    const r = judge([...lines, ...everyMinute('2026-09-16T11:40:00Z', 6, 12, (ms) => pipeLine(ms, 429))]);
    expect(r).toMatchObject({ status: 'warn', hint: PLAYBOOK.rateLimit });
    expect(r.metrics).toMatchObject({ requests: 1800 + 72, status429: 72, linesUnread: 0 });
  });
});

describe('upstream attempts: the credential-level signal', () => {
  it('a credential failing 401 for 30 minutes fails the check while every client request succeeds', () => {
    const lines = [...CALM, ...everyMinute('2026-09-16T11:25:00Z', 30, 1, (ms) => attemptLine(ms + 500, 401))];
    const r = judge(lines);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(
      /^no 401\/403\/429 burst in 1,200 requests over 1 h .*, but credential codex api_key=s4-c\.\.\.ey-a failed upstream 401 × 30 for 26 min/,
    );
    expect(r.hint).toContain(PLAYBOOK.auth);
    expect(r.hint).toContain('/v8/management/credentials');
    // the attempts are not requests
    expect(r.metrics).toMatchObject({ requests: 1200, status401: 0, upstreamAttemptLines: 30, credentialBursts: 1 });
    expect(r.details?.join('\n')).toMatch(
      /credential codex api_key=s4-c\.\.\.ey-a: upstream 401 × 30 .*models gpt-5\.3-codex/,
    );
  });

  it('a short run of 429s on one credential is a warn with the 429 playbook; scattered failures pass', () => {
    const short = judge([...CALM, ...everyMinute('2026-09-16T11:30:00Z', 5, 2, (ms) => attemptLine(ms, 429))]);
    expect(short.status).toBe('warn');
    expect(short.hint).toContain(PLAYBOOK.rateLimit);
    // one failure every 10 minutes per credential, on three credentials: no credential is hot
    const scattered = [0, 10, 20, 30, 40, 50].flatMap((m) =>
      ['a', 'b', 'c'].map((c) => attemptLine(at('2026-09-16T11:00:00Z') + m * 60_000, 401, `api_key=k-${c}`)),
    );
    expect(judge([...CALM, ...scattered])).toMatchObject({ status: 'pass', metrics: { upstreamAttemptLines: 18 } });
  });

  it('a client-facing burst and a credential burst are both named', () => {
    const lines = [
      ...CALM,
      ...everyMinute('2026-09-16T11:40:00Z', 6, 12, (ms) => ginLine(ms, 429)),
      ...everyMinute('2026-09-16T11:10:00Z', 40, 1, (ms) =>
        attemptLine(ms, 401, 'claude-user@example.com.json', 'claude'),
      ),
    ];
    const r = judge(lines);
    expect(r.status).toBe('fail'); // the credential's run is sustained
    expect(r.summary).toMatch(
      /^1 burst in the last 1 h: 429 × 72 .*; and credential claude claude-user@example\.com\.json failed upstream 401 × 40/,
    );
    expect(r.hint).toContain(PLAYBOOK.rateLimit);
    expect(r.hint).toContain(PLAYBOOK.auth);
  });
});

describe('lines provops cannot read', () => {
  const unknownShape = (ms: number) =>
    `[${wallClock(ms)}] [--------] [info ] [gin_logger.go:97] status=200 latency=2ms client=10.0.0.12 GET /v1/models`;

  it('a log of only unread access lines is a warn naming the shape and the count, not a skip', () => {
    const r = judge(everyMinute('2026-09-16T11:00:00Z', 60, 2, unknownShape));
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(
      /^120 lines with the gateway's access-line caller \(gin_logger\.go\) in a shape provops cannot read/,
    );
    expect(r.summary).toContain('[gin_logger.go:97]');
    expect(r.metrics).toMatchObject({ linesUnread: 120, requests: 0 });
  });

  it('unread lines among readable ones turn a pass into a warn', () => {
    const r = judge([...CALM, ...everyMinute('2026-09-16T11:00:00Z', 3, 1, unknownShape)]);
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/^no 401\/403\/429 burst in 1,200 requests .*; but 3 lines/);
  });

  it('docker-interleaved stdout lines without a timestamp are skipped, not unread', () => {
    const lines = CALM.flatMap((l, i) => (i % 10 ? [l] : [l, 'API server started successfully on: :8317', '']));
    expect(judge(lines)).toMatchObject({ status: 'pass', metrics: { linesUnread: 0, requests: 1200 } });
  });

  it("names the version from the log's last startup line", () => {
    const start = `[${wallClock(at('2026-09-16T11:00:01Z'))}] [--------] [info ] [main.go:210] CLIProxyAPI Version: 7.3.4, Commit: 1a2b3c4, BuiltAt: 2026-09-10`;
    const r = judge([start, ...CALM]);
    expect(r.metrics).toMatchObject({ gatewayVersion: '7.3.4' });
    expect(r.details).toContain('gateway version: 7.3.4 (its last startup line in the log)');
  });
});
