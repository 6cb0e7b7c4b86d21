import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../src/logs/lines.js';
import { readRange, splitRanges, type ByteRange } from '../../src/logs/ranges.js';
import { LogScanner } from '../../src/logs/scan.js';
import { scanWindow } from '../../src/logs/window.js';
import { parseZone } from '../../src/timezone.js';
import { accessLine, wallClock } from '../helpers/log-lines.js';

let dir: string;
const open: number[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'provops-ranges-'));
});
afterEach(() => {
  for (const fd of open.splice(0)) closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

function fileOf(content: string | Buffer): number {
  const path = join(dir, `log-${open.length}`);
  writeFileSync(path, content);
  const fd = openSync(path, 'r');
  open.push(fd);
  return fd;
}

/** What each range hands out, as text, read in chunks of `chunkBytes`. */
async function pieces(fd: number, ranges: ByteRange[], chunkBytes: number): Promise<string[]> {
  const out: string[] = [];
  for (const range of ranges) {
    const chunks: Buffer[] = [];
    const owned = await readRange(fd, range, (c) => chunks.push(Buffer.from(c)), undefined, chunkBytes);
    const text = Buffer.concat(chunks);
    expect(owned).toBe(text.length);
    out.push(text.toString('latin1'));
  }
  return out;
}

/** Ranges cut at the given offsets (0 and Infinity added). */
const cutAt = (...offsets: number[]): ByteRange[] =>
  [0, ...offsets].map((start, i, all) => ({ start, end: all[i + 1] ?? Infinity }));

describe('splitRanges', () => {
  it('covers the whole size in about equal ranges, the last one open-ended', () => {
    expect(splitRanges(100, 30)).toEqual([
      { start: 0, end: 25 },
      { start: 25, end: 50 },
      { start: 50, end: 75 },
      { start: 75, end: Infinity },
    ]);
    expect(splitRanges(100, 100)).toEqual([{ start: 0, end: Infinity }]);
    expect(splitRanges(0, 10)).toEqual([{ start: 0, end: Infinity }]);
  });
});

describe('readRange', () => {
  const text = 'first line\nsecond\n\nfourth, the longest line of all\nno newline at the end';

  it('reads every line exactly once wherever two ranges meet, in any chunk size', async () => {
    const fd = fileOf(text);
    for (const chunkBytes of [1, 3, 7, 64]) {
      // (cut 0 is the file's start, where the first range begins: never a range boundary)
      for (let cut = 1; cut <= text.length + 2; cut++) {
        const [a = '', b = ''] = await pieces(fd, cutAt(cut), chunkBytes);
        expect(`${a}${b}`, `cut at ${cut}, chunks of ${chunkBytes}`).toBe(text);
        // whole lines only: each piece ends with a newline, except at the end of the file
        expect(a === '' || a.endsWith('\n') || b === '', `cut at ${cut}`).toBe(true);
      }
    }
  });

  it('gives the line under a cut to the earlier range, even one that starts on the cut', async () => {
    const fd = fileOf(text);
    // a cut inside "second" gives all of it to the first range
    expect(await pieces(fd, cutAt(13), 4)).toEqual([
      'first line\nsecond\n',
      '\nfourth, the longest line of all\nno newline at the end',
    ]);
    // a cut on the newline ending "first line": the line it ends is the first range's
    expect(await pieces(fd, cutAt(10), 4)).toEqual([
      'first line\n',
      'second\n\nfourth, the longest line of all\nno newline at the end',
    ]);
    // a cut on the first byte of "second": the line before it ended at 10, so "second" is still the first range's
    expect(await pieces(fd, cutAt(11), 4)).toEqual([
      'first line\nsecond\n',
      '\nfourth, the longest line of all\nno newline at the end',
    ]);
  });

  it('hands out the last line without a newline, and nothing past the end of the file', async () => {
    const fd = fileOf(text);
    const end = text.length;
    expect(await pieces(fd, cutAt(end - 5), 8)).toEqual([text, '']);
    expect(await pieces(fd, [{ start: end + 10, end: Infinity }], 8)).toEqual(['']);
  });

  it('leaves a range empty when one line spans all of it', async () => {
    const long = `short\n${'x'.repeat(50)}\nend\n`;
    const fd = fileOf(long);
    expect(await pieces(fd, cutAt(10, 20, 30), 8)).toEqual([`short\n${'x'.repeat(50)}\n`, '', '', 'end\n']);
  });

  it('splits CRLF files at the LF, so no line loses its CR to the next range', async () => {
    const crlf = 'one\r\ntwo\r\nthree\r\n';
    const fd = fileOf(crlf);
    for (let cut = 1; cut <= crlf.length; cut++) {
      const [a = '', b = ''] = await pieces(fd, cutAt(cut), 2);
      expect(`${a}${b}`).toBe(crlf);
      expect(a === '' || a.endsWith('\r\n')).toBe(true);
    }
  });

  it('scans to the same tally in ranges as in one piece, a line over the length cap spanning a cut included', async () => {
    const minute = Date.parse('2026-02-23T11:30:00Z');
    const lines = Array.from({ length: 40 }, (_, i) =>
      accessLine({ at: wallClock(minute + i * 1000), status: i % 3 ? 200 : 429, ip: `10.0.0.${i % 5}` }),
    );
    lines.splice(20, 0, 'z'.repeat(MAX_LINE_BYTES + 100)); // binary junk without newlines: dropped and counted once
    const content = `${lines.join('\r\n')}\r\n${lines[0]}`; // CRLF, and a last line without one
    const fd = fileOf(content);
    const window = scanWindow(new Date('2026-02-23T12:00:00Z'), 60, 5);
    const scan = async (ranges: ByteRange[]) => {
      const tallies = [];
      for (const range of ranges) {
        const scanner = new LogScanner(parseZone('UTC'), window);
        await readRange(fd, range, (c) => scanner.bytes(c), undefined, 4096);
        scanner.endOfFile();
        tallies.push(scanner.finish());
      }
      return {
        access: tallies.reduce((n, t) => n + t.accessLines, 0),
        skipped: tallies.reduce((n, t) => n + t.skippedLines, 0),
        total: tallies.reduce((n, t) => n + t.total.reduce((a, b) => a + b, 0), 0),
      };
    };
    const whole = await scan(cutAt());
    expect(whole).toEqual({ access: 41, skipped: 1, total: 41 });
    const junkStart = content.indexOf('zzz');
    for (const cuts of [
      [junkStart + 10],
      [junkStart - 1, junkStart + 30_000, junkStart + 60_000],
      [1000, 2000, junkStart + MAX_LINE_BYTES],
    ]) {
      expect(await scan(cutAt(...cuts)), `cuts at ${cuts.join(', ')}`).toEqual(whole);
    }
  });
});
