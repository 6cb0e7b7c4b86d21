import { describe, expect, it } from 'vitest';
import { scanLines } from '../../src/logs/collect.js';
import { OTHERS } from '../../src/logs/byte-keys.js';
import { LogScanner, MAX_KEYS_PER_MINUTE, topKeys } from '../../src/logs/scan.js';
import { findBursts, scanWindow } from '../../src/logs/window.js';
import { parseZone } from '../../src/timezone.js';
import { accessLine, minuteLines, wallClock } from '../helpers/log-lines.js';

const UTC = parseZone('UTC');
const NOW = new Date('2026-02-23T12:00:00Z');
const rule = { windowMinutes: 5, minEvents: 10 };

function scanText(text: string, opts: { zone?: string; now?: Date; lookback?: number; chunk?: number } = {}) {
  const window = scanWindow(opts.now ?? NOW, opts.lookback ?? 60, 5);
  const scanner = new LogScanner(parseZone(opts.zone ?? 'UTC'), window);
  const bytes = Buffer.from(text, 'utf8');
  const size = opts.chunk ?? bytes.length;
  for (let i = 0; i < bytes.length; i += size) scanner.bytes(bytes.subarray(i, i + size));
  scanner.endOfFile();
  return scanner.finish();
}

const at = (iso: string) => wallClock(Date.parse(iso));

describe('LogScanner', () => {
  it('tallies each minute by status class and skips what is not an access line', () => {
    const text = [
      accessLine({ at: at('2026-02-23T11:30:05Z'), status: 200 }),
      accessLine({ at: at('2026-02-23T11:30:59Z'), status: 429 }),
      accessLine({ at: at('2026-02-23T11:31:00Z'), status: 401 }),
      accessLine({ at: at('2026-02-23T11:31:00Z'), status: 403 }),
      accessLine({ at: at('2026-02-23T11:31:00Z'), status: 404 }),
      accessLine({ at: at('2026-02-23T11:31:00Z'), status: 502 }),
      '[2026-02-23 11:31:00] [--------] [info ] [server.go:1] config reloaded',
      'garbage',
    ].join('\n');
    const t = scanText(text);
    const minute = 4 + 30; // warm-up minutes come first
    expect([t.total[minute], t.ok[minute], t.byStatus[429][minute]]).toEqual([2, 1, 1]);
    expect([
      t.total[minute + 1],
      t.byStatus[401][minute + 1],
      t.byStatus[403][minute + 1],
      t.serverErrors[minute + 1],
    ]).toEqual([4, 1, 1, 1]);
    expect([t.accessLines, t.skippedLines]).toEqual([6, 2]);
  });

  it('counts from the first warm-up minute up to, not including, --now', () => {
    const text = [
      '2026-02-23T10:55:59Z', // before the warm-up: ignored
      '2026-02-23T10:56:00Z', // first warm-up minute
      '2026-02-23T11:00:00Z', // first lookback minute
      '2026-02-23T11:59:59Z', // last second before --now
      '2026-02-23T12:00:00Z', // --now itself: ignored
      '2026-02-23T13:00:00Z', // after --now: ignored
    ]
      .map((iso) => accessLine({ at: at(iso), status: 429 }))
      .join('\n');
    const t = scanText(text);
    const counted = [...t.byStatus[429].entries()].filter(([, n]) => n > 0);
    expect(counted).toEqual([
      [0, 1],
      [4, 1],
      [63, 1],
    ]);
    expect(t.accessLines).toBe(6);
  });

  it('gives the same tally whatever the chunking, and reads CRLF files', () => {
    const lines = minuteLines(Date.parse('2026-02-23T11:10:00Z'), [3, 12, 0, 7], { background: 2 });
    const text = [...lines, 'not a line', ''].join('\r\n');
    const whole = scanText(text);
    for (const chunk of [1, 7, 64, 1000]) {
      const t = scanText(text, { chunk });
      expect(
        [Array.from(t.total), Array.from(t.byStatus[429]), t.accessLines, t.skippedLines],
        `chunk ${chunk}`,
      ).toEqual([Array.from(whole.total), Array.from(whole.byStatus[429]), whole.accessLines, whole.skippedLines]);
    }
    expect(whole.accessLines).toBe(30);
    expect(whole.byStatus[429][4 + 11]).toBe(12);
  });

  it('reads the same file 8 hours apart as Asia/Shanghai and as UTC', () => {
    // Written by a gateway in Shanghai: a 429 burst at 10:00-10:19 local, 02:00-02:19 UTC
    const lines = minuteLines(Date.parse('2026-02-23T02:00:00Z'), Array(20).fill(12), { offsetMinutes: 480 }).join(
      '\n',
    );
    const now = new Date('2026-02-23T23:00:00Z');
    const first = (zone: string) => findBursts(scanText(lines, { zone, now, lookback: 1440 }), rule)[0]?.first;
    const shanghai = first('Asia/Shanghai');
    const utc = first('UTC');
    expect(shanghai).toBe((Date.parse('2026-02-23T02:00:00Z') - Date.parse('2026-02-22T23:00:00Z')) / 60_000);
    expect(utc).toBe((shanghai ?? 0) + 8 * 60);
  });

  it('keeps who sent 401/403/429s, capped per minute, without the query', () => {
    const base = Date.parse('2026-02-23T11:20:00Z');
    const lines = Array.from({ length: MAX_KEYS_PER_MINUTE + 4 }, (_, i) =>
      accessLine({
        at: wallClock(base + i * 1000),
        status: 401,
        ip: `10.0.0.${i}`,
        method: 'GET',
        path: `/v1/models?key=***&n=${i}`,
      }),
    );
    lines.push(accessLine({ at: wallClock(base), status: 401, ip: '10.0.0.0', path: '/v1/models' }));
    const t = scanText(lines.join('\n'));
    const minute = 4 + 20;
    const ips = topKeys(t, 401, minute, minute, 'ips', 100);
    expect(ips[0]).toEqual(['10.0.0.0', 2]);
    expect(ips.at(-1)).toEqual([OTHERS, 4]);
    expect(ips).toHaveLength(MAX_KEYS_PER_MINUTE + 1);
    expect(topKeys(t, 401, minute, minute, 'paths', 5)).toEqual([['/v1/models', MAX_KEYS_PER_MINUTE + 5]]);
    expect(t.samples[200 as 401]).toBeUndefined();
  });

  it('reads lines served as strings like lines read from a file, and skips entries that are not strings', () => {
    const lines = [...minuteLines(Date.parse('2026-02-23T11:40:00Z'), [11, 2], { background: 1 }), 'plain message'];
    const fromFile = scanText(lines.join('\n'));
    const served = scanLines([...lines, 42, null, { line: 'x' }], '/v0/management/logs', UTC, scanWindow(NOW, 60, 5));
    expect(Array.from(served.tally.byStatus[429])).toEqual(Array.from(fromFile.byStatus[429]));
    expect([served.tally.accessLines, served.tally.skippedLines]).toEqual([
      fromFile.accessLines,
      fromFile.skippedLines + 3,
    ]);
    expect(served.source).toEqual({ kind: 'management', path: '/v0/management/logs', lines: lines.length + 3 });
  });

  it('reads a served line with multi-byte characters in full', () => {
    const line = accessLine({ at: at('2026-02-23T11:50:00Z'), status: 403, path: '/v1/模型/' + 'é'.repeat(3000) });
    const served = scanLines([line], '/v0/management/logs', UTC, scanWindow(NOW, 60, 5));
    expect(served.tally.byStatus[403][4 + 50]).toBe(1);
  });
});
