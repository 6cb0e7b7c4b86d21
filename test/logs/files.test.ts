import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanFiles } from '../../src/logs/collect.js';
import { compileGlob, LogSourceError, readLogFile, selectLogFiles } from '../../src/logs/files.js';
import { scanWindow } from '../../src/logs/window.js';
import { parseZone } from '../../src/timezone.js';
import { minuteLines } from '../helpers/log-lines.js';

const NOW = new Date('2026-02-23T12:00:00Z');
const WINDOW = scanWindow(NOW, 120, 5); // 10:00-12:00, warm-up from 09:56
const RECENT = Date.parse('2026-02-23T11:59:00Z');
const OLD = Date.parse('2026-02-23T09:00:00Z');

let dir: string;

/** Writes a file and sets its mtime, as the gateway last wrote it. */
function put(name: string, content: string | Buffer, mtimeMs: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  utimesSync(path, mtimeMs / 1000, mtimeMs / 1000);
  return path;
}

/** `n` 429s in each of three minutes from `iso`, as text. */
const burst = (iso: string, n = 4) => `${minuteLines(Date.parse(iso), [n, n, n]).join('\n')}\n`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'provops-logs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('selectLogFiles', () => {
  it('adds the rotated siblings of main.log and leaves out files last written before the window', async () => {
    const main = put('main.log', '', RECENT);
    const rotated = put('main-2026-02-23T10-30-00.123.log', '', Date.parse('2026-02-23T10:30:00Z'));
    const zipped = put('main-2026-02-23T10-00-00.000.log.gz', gzipSync(''), Date.parse('2026-02-23T10:00:00Z'));
    const numbered = put('main.log.1', '', Date.parse('2026-02-23T09:58:00Z'));
    const stale = put('main-2026-02-22T08-00-00.000.log', '', OLD);
    put('other.log', '', RECENT);
    put('error-v1-chat-completions-2026-02-23T101509-9f8e7d6c.log', '', RECENT);
    put('main-backup.log', '', RECENT);

    const selection = await selectLogFiles([main], Date.parse('2026-02-23T09:56:00Z'));
    expect(selection.files.map((f) => f.path)).toEqual([numbered, zipped, rotated, main]); // oldest first
    expect(selection.files.map((f) => f.gzip)).toEqual([false, true, false, false]);
    expect(selection.stale.map((f) => f.path)).toEqual([stale]);
  });

  it('expands wildcards in the file name and reads each file once', async () => {
    const main = put('main.log', '', RECENT);
    const rotated = put('main-2026-02-23T10-30-00.000.log', '', RECENT - 1000);
    const zipped = put('main-2026-02-23T10-00-00.000.log.gz', gzipSync(''), RECENT - 2000);
    put('other.log', '', RECENT);
    const selection = await selectLogFiles([join(dir, 'main*.log'), main], 0);
    expect(selection.files.map((f) => f.path).sort()).toEqual([main, rotated, zipped].sort());
  });

  it('tells named files from found ones, which may vanish before they are read', async () => {
    const main = put('main.log', '', RECENT);
    const rotated = put('main-2026-02-23T10-30-00.000.log', '', RECENT - 1000);
    const named = await selectLogFiles([main], 0);
    expect(named.files.map((f) => [f.path, f.found])).toEqual([
      [rotated, true],
      [main, false],
    ]);
    const globbed = await selectLogFiles([join(dir, 'main*.log'), rotated], 0);
    expect(globbed.files.map((f) => [f.path, f.found])).toEqual([
      [rotated, false],
      [main, true],
    ]);

    rmSync(rotated); // the gateway's log cleaner got there first
    const signal = new AbortController().signal;
    await expect(
      readLogFile({ path: rotated, mtimeMs: 0, bytes: 0, gzip: false, found: true }, () => {}, signal),
    ).resolves.toBe(0);
    await expect(
      readLogFile({ path: rotated, mtimeMs: 0, bytes: 0, gzip: false, found: false }, () => {}, signal),
    ).rejects.toThrow(/\(ENOENT\)$/);
  });

  it('says which pattern or file is wrong', async () => {
    put('main.log', '', RECENT);
    const attempts: Array<[string[], RegExp]> = [
      [[join(dir, 'gateway*.log')], /^no file matches .*gateway\*\.log$/],
      [[join(dir, 'absent.log')], /^cannot read log file .*absent\.log \(ENOENT\)$/],
      [[join(dir, '*', 'main.log')], /wildcards are supported in the file name only/],
      [[join(dir, 'nodir', '*.log')], /^cannot list .*nodir .*\(ENOENT\)$/],
      [[dir], /is a directory: give the log file itself, e.g. .*main\.log$/],
    ];
    for (const [patterns, message] of attempts) {
      await expect(selectLogFiles(patterns, 0)).rejects.toThrow(message);
      await expect(selectLogFiles(patterns, 0)).rejects.toBeInstanceOf(LogSourceError);
    }
  });
});

describe('compileGlob', () => {
  it.each([
    ['main*.log', 'main-2026-02-23T10-00-00.000.log', true],
    ['main*.log', 'main.log.gz', false],
    ['main?.log', 'main1.log', true],
    ['main[0-9].log', 'main7.log', true],
    ['main[!0-9].log', 'main7.log', false],
    ['main.log', 'mainxlog', false],
    ['a+b(c).log', 'a+b(c).log', true],
  ])('%s against %s → %s', (glob, name, expected) => {
    expect(compileGlob(glob).test(name)).toBe(expected);
  });
});

describe('scanFiles', () => {
  it('reads plain and gzip files, the rotated ones too, and counts what each held', async () => {
    const main = put('main.log', burst('2026-02-23T11:00:00Z'), RECENT);
    put(
      'main-2026-02-23T10-30-00.000.log.gz',
      gzipSync(burst('2026-02-23T10:20:00Z')),
      Date.parse('2026-02-23T10:30:00Z'),
    );
    put('main-2026-02-22T10-30-00.000.log', burst('2026-02-22T10:20:00Z'), OLD);
    const scan = await scanFiles([main], parseZone('UTC'), WINDOW, new AbortController().signal);
    expect(scan.tally.accessLines).toBe(24);
    expect(Array.from(scan.tally.byStatus[429]).reduce((a, b) => a + b)).toBe(24);
    expect(scan.source.kind === 'files' && scan.source.read.map((f) => f.path.split('/').pop())).toEqual([
      'main-2026-02-23T10-30-00.000.log.gz',
      'main.log',
    ]);
    expect(scan.source.kind === 'files' && scan.source.stale).toHaveLength(1);
  });

  it('names a damaged gzip file', async () => {
    const main = put('main.log', '', RECENT);
    put('main-2026-02-23T10-30-00.000.log.gz', gzipSync(burst('2026-02-23T10:20:00Z')).subarray(0, 40), RECENT - 1000);
    put('main-2026-02-23T10-20-00.000.log.gz', 'plain text, not gzip', RECENT - 2000);
    await expect(scanFiles([main], parseZone('UTC'), WINDOW, new AbortController().signal)).rejects.toThrow(
      /^cannot read log file .*main-2026-02-23T10-20-00\.000\.log\.gz \(not readable as gzip: incorrect header check\)$/,
    );
    rmSync(join(dir, 'main-2026-02-23T10-20-00.000.log.gz'));
    await expect(scanFiles([main], parseZone('UTC'), WINDOW, new AbortController().signal)).rejects.toThrow(
      /main-2026-02-23T10-30-00\.000\.log\.gz \(not readable as gzip: unexpected end of file\)$/,
    );
  });

  it('stops when the run is aborted', async () => {
    const main = put('main.log', burst('2026-02-23T11:00:00Z'), RECENT);
    const ctl = new AbortController();
    ctl.abort(new Error('deadline exceeded'));
    await expect(scanFiles([main], parseZone('UTC'), WINDOW, ctl.signal)).rejects.toThrow('deadline exceeded');
  });

  it('reads a file whose name is not main.log, with its own rotated siblings', async () => {
    mkdirSync(join(dir, 'sub'));
    const path = join(dir, 'sub', 'gateway.log');
    writeFileSync(path, burst('2026-02-23T11:00:00Z'));
    writeFileSync(join(dir, 'sub', 'gateway-2026-02-23T11-00-00.000.log'), burst('2026-02-23T10:40:00Z'));
    const scan = await scanFiles([path], parseZone('UTC'), WINDOW, new AbortController().signal);
    expect(scan.tally.accessLines).toBe(24);
  });
});
