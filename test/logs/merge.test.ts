import { describe, expect, it } from 'vitest';
import { OTHERS, OTHERS_KEY } from '../../src/logs/byte-keys.js';
import { addCapped, mergeTallies } from '../../src/logs/merge.js';
import { LogScanner, MAX_KEYS_PER_MINUTE, topKeys, type ScanTally } from '../../src/logs/scan.js';
import { scanWindow, type ScanWindow } from '../../src/logs/window.js';
import { parseZone } from '../../src/timezone.js';
import { accessLine, wallClock } from '../helpers/log-lines.js';
import { tallyDigest } from '../helpers/tally.js';

const WINDOW = scanWindow(new Date('2026-02-23T12:00:00Z'), 60, 5);
const MINUTE = Date.parse('2026-02-23T11:30:00Z');

function scan(lines: string[], window: ScanWindow = WINDOW): ScanTally {
  const scanner = new LogScanner(parseZone('UTC'), window);
  scanner.bytes(Buffer.from(lines.map((l) => `${l}\n`).join('')));
  scanner.endOfFile();
  return scanner.finish();
}

/** 401/403/429s from `ips` distinct clients over two minutes, with ordinary traffic and junk between. */
function mixed(ips: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    const at = wallClock(MINUTE + i * 1000);
    const status = [200, 401, 429, 403, 502, 429][i % 6] as number;
    lines.push(accessLine({ at, status, ip: `10.0.${i % 3}.${(i * 7) % ips}`, path: `/v1/p${i % 4}?key=x` }));
    if (i % 17 === 0) lines.push('a plain log message');
  }
  return lines;
}

describe('mergeTallies', () => {
  it('merges two consecutive parts into the tally of the whole, wherever the log is cut', () => {
    const lines = mixed(5); // at most 15 names per minute and status: no cap reached
    const whole = tallyDigest(scan(lines));
    for (let cut = 0; cut <= lines.length; cut++) {
      expect(
        tallyDigest(mergeTallies(scan(lines.slice(0, cut)), scan(lines.slice(cut)))),
        `cut at line ${cut}`,
      ).toEqual(whole);
    }
  });

  it('merges to the same capped tally when only the earlier part of a minute overflows the cap', () => {
    const lines = mixed(40); // up to 40 clients a minute: past MAX_KEYS_PER_MINUTE
    const whole = scan(lines);
    expect(topKeys(whole, 429, 0, whole.total.length - 1, 'ips', 100).some(([name]) => name === OTHERS)).toBe(true);
    // the later part holds at most MAX_KEYS_PER_MINUTE names of each status in each minute
    const cut = lines.length - 12;
    expect(tallyDigest(mergeTallies(scan(lines.slice(0, cut)), scan(lines.slice(cut))))).toEqual(tallyDigest(whole));
  });

  it('differs from one scanner only where the later part of a minute alone overflows the cap (documented in merge.ts)', () => {
    const at = wallClock(MINUTE);
    const line = (ip: string) => accessLine({ at, status: 429, ip });
    const earlier = [line('10.9.9.9')];
    // 16 new clients, then 10.9.9.9 again: its scanner has no room left for it
    const later = [...Array.from({ length: MAX_KEYS_PER_MINUTE }, (_, i) => line(`10.0.0.${i}`)), line('10.9.9.9')];
    const merged = mergeTallies(scan(earlier), scan(later));
    const whole = scan([...earlier, ...later]);
    const minute = WINDOW.warmupMinutes + 30;
    const ips = (t: ScanTally) => new Map(topKeys(t, 429, minute, minute, 'ips', 100));
    expect(ips(whole).get('10.9.9.9')).toBe(2);
    expect(ips(merged).get('10.9.9.9')).toBe(1);
    expect([ips(whole).get(OTHERS), ips(merged).get(OTHERS)]).toEqual([1, 2]);
    // every count, and so every burst and verdict, is the same
    const { samples: _a, ...counts } = tallyDigest(merged);
    const { samples: _b, ...wholeCounts } = tallyDigest(whole);
    expect(counts).toEqual(wholeCounts);
  });

  it('changes neither input', () => {
    const a = scan(mixed(5).slice(0, 60));
    const b = scan(mixed(5).slice(60));
    const [before, beforeB] = [tallyDigest(a), tallyDigest(b)];
    mergeTallies(a, b);
    expect([tallyDigest(a), tallyDigest(b)]).toEqual([before, beforeB]);
  });

  it('refuses tallies of different windows', () => {
    expect(() => mergeTallies(scan([]), scan([], scanWindow(new Date('2026-02-23T12:01:00Z'), 60, 5)))).toThrow(
      /different scan windows/,
    );
  });
});

describe('addCapped', () => {
  it('counts the later names into the room left, and the rest as (others)', () => {
    const into = new Map(Array.from({ length: MAX_KEYS_PER_MINUTE - 1 }, (_, i): [number, number] => [i, 1]));
    addCapped(
      into,
      new Map([
        [0, 5],
        [100, 2],
        [101, 3],
        [OTHERS_KEY, 4],
      ]),
    );
    expect(into.size).toBe(MAX_KEYS_PER_MINUTE + 1);
    expect([into.get(0), into.get(100), into.get(101), into.get(OTHERS_KEY)]).toEqual([6, 2, undefined, 7]);
  });
});
