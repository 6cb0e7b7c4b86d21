// The worker-thread scan merges tallies of consecutive parts: the credential series, the shapes, the
// unread lines and the version must come out as one scanner reading the whole log would count them.
import { describe, expect, it } from 'vitest';
import { mergeTallies } from '../../src/logs/merge.js';
import { LogScanner, type ScanTally } from '../../src/logs/scan.js';
import { fromWire, toWire } from '../../src/logs/wire.js';
import { scanWindow } from '../../src/logs/window.js';
import { parseZone } from '../../src/timezone.js';
import { accessLine, wallClock } from '../helpers/log-lines.js';

const WINDOW = scanWindow(new Date('2026-09-16T12:00:00Z'), 60, 5);
const START = Date.parse('2026-09-16T11:30:00Z');

function scan(lines: string[]): ScanTally {
  const scanner = new LogScanner(parseZone('UTC'), WINDOW);
  scanner.bytes(Buffer.from(lines.map((l) => `${l}\n`).join('')));
  scanner.endOfFile();
  return scanner.finish();
}

function lines(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 90; i++) {
    const ts = wallClock(START + i * 20_000);
    out.push(accessLine({ at: ts, status: i % 5 ? 200 : 429 }));
    if (i % 3 === 0)
      out.push(
        `[${ts}] [bf71a75c] [warn ] [conductor_execution.go:1946] ${[401, 429, 403, 500][i % 4]} | ${'6ms'.padStart(13)} | upstream execution failed: provider=codex model=m${i % 2} auth=api_key=k${(i / 3) % 3}...x err={}`,
      );
    if (i === 10) out.push(`[${ts}] [--------] [info ] [main.go:1] CLIProxyAPI Version: 7.3.4, Commit: abc`);
    if (i === 60) out.push(`[${ts}] [--------] [info ] [main.go:1] CLIProxyAPI Version: 7.3.5, Commit: def`);
    if (i % 11 === 0) out.push(`[${ts}] [--------] [info ] [gin_logger.go:97] status=200 something new`);
    if (i % 13 === 0)
      out.push(
        `[${ts}] [info] [gin_logger.go:58] [GIN] ${ts.slice(0, 10).replace(/-/g, '/')} - ${ts.slice(11)} | 200 | ${'7ms'.padStart(13)} | ${'::1'.padStart(15)} | GET     "/v1/models"`,
      );
  }
  return out;
}

/** What the credential-level report reads from a tally. */
function digest(t: ScanTally) {
  return {
    shapes: t.shapes,
    unread: t.unreadLines,
    sample: t.unreadSample,
    attempts: t.attemptLines,
    version: t.version,
    credentials: [...t.credentials]
      .map(([k, s]) => [
        k,
        s.models.slice().sort(),
        Array.from(s.failed),
        Array.from(s.byStatus[401]),
        Array.from(s.byStatus[403]),
        Array.from(s.byStatus[429]),
      ])
      .sort(),
  };
}

describe('merging the version-aware parts of a tally', () => {
  it("gives the whole log's credentials, shapes, unread lines and version wherever it is cut", () => {
    const all = lines();
    const whole = digest(scan(all));
    expect(whole.credentials).toHaveLength(3);
    expect(whole.version).toBe('7.3.5');
    for (let cut = 0; cut <= all.length; cut += 7)
      expect(digest(mergeTallies(scan(all.slice(0, cut)), scan(all.slice(cut)))), `cut at ${cut}`).toEqual(whole);
  });

  it('survives the trip to and from a worker thread', () => {
    const t = scan(lines());
    const { wire } = toWire(t);
    expect(digest(fromWire(structuredClone(wire)))).toEqual(digest(t));
  });
});
