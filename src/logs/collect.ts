// From a source to a tally: local files streamed chunk by chunk, or the management API's lines.
import { count } from '../format.js';
import type { Zone } from '../timezone.js';
import { readLogFile, selectLogFiles, type LogFile } from './files.js';
import { LogScanner, type ScanTally } from './scan.js';
import { planScan, type ScanOptions } from './scan-plan.js';
import { warmupStartMs, type ScanWindow } from './window.js';

export type ScanSource =
  /** `threads`: 1 for an in-thread scan, else how many threads shared it (this one and its workers). */
  | { kind: 'files'; read: Array<{ path: string; bytes: number }>; stale: LogFile[]; threads: number }
  /** `capped`: the gateway's `limit` when the answer held that many lines (its newest; older ones left out). */
  | { kind: 'management'; path: string; lines: number; capped?: number | undefined };

export interface LogScan {
  tally: ScanTally;
  source: ScanSource;
  zone: Zone;
  /** How the zone was chosen when neither --log-timezone nor this machine's zone decided it alone. */
  zoneNote?: string;
  /** The zone was inferred from what the gateway said (not given, not this machine's). */
  zoneInferred?: boolean;
}

/**
 * Throws LogSourceError for a file that cannot be found or read. A large input is scanned on several
 * threads (scan-plan.ts decides, pool.ts runs them); the tally is the same either way.
 */
export async function scanFiles(
  patterns: readonly string[],
  zone: Zone,
  window: ScanWindow,
  signal: AbortSignal,
  options: ScanOptions = {},
): Promise<LogScan> {
  const { files, stale } = await selectLogFiles(patterns, warmupStartMs(window));
  const plan = planScan(files, options);
  // Loaded only for a scan that uses them: the registry imports this module.
  const scanned = plan
    ? await (await import('./pool.js')).scanInParallel(plan, zone, window, signal)
    : await scanInThread(files, zone, window, signal);
  return { tally: scanned.tally, source: { kind: 'files', read: scanned.read, stale, threads: scanned.threads }, zone };
}

async function scanInThread(files: readonly LogFile[], zone: Zone, window: ScanWindow, signal: AbortSignal) {
  const scanner = new LogScanner(zone, window);
  const read: Array<{ path: string; bytes: number }> = [];
  for (const file of files) {
    const bytes = await readLogFile(file, (chunk) => scanner.bytes(chunk), signal);
    scanner.endOfFile();
    read.push({ path: file.path, bytes });
  }
  return { tally: scanner.finish(), read, threads: 1 };
}

/** The logs API's lines as the gateway wing keeps them (gateway/log-lines.ts): bytes, a newline after each. */
export interface ServedLines {
  chunks(): Iterable<Buffer>;
  /** Lines kept. */
  count: number;
  /** Entries of the answer's list that were not strings: counted as lines the scan could not read. */
  other: number;
}

/** Lines from GET /v0/management/logs, read with the byte path a log file takes. */
export function scanLogLines(
  lines: ServedLines,
  path: string,
  zone: Zone,
  window: ScanWindow,
  capped?: number,
): LogScan {
  const scanner = new LogScanner(zone, window);
  for (const chunk of lines.chunks()) scanner.bytes(chunk);
  scanner.endOfFile();
  const tally = scanner.finish();
  tally.skippedLines += lines.other;
  return { tally, source: { kind: 'management', path, lines: lines.count + lines.other, capped }, zone };
}

/** scanLogLines over a list as JSON gives it; anything but a string counts as a skipped line. */
export function scanLines(
  lines: readonly unknown[],
  path: string,
  zone: Zone,
  window: ScanWindow,
  capped?: number,
): LogScan {
  const chunks: Buffer[] = [];
  let other = 0;
  for (const line of lines) {
    if (typeof line === 'string') chunks.push(Buffer.from(`${line}\n`, 'utf8'));
    else other++;
  }
  return scanLogLines({ chunks: () => chunks, count: chunks.length, other }, path, zone, window, capped);
}

/** One line naming what was read: "GET /v0/management/logs?after=… (1,523 lines)", "3 files (newest /var/log/cliproxy/main.log), 31.2 MiB". */
export function describeSource(source: ScanSource): string {
  if (source.kind === 'management') {
    // the limit= every request carries is said in words, only when it cut the answer
    const path = source.path.replace(/&limit=\d+$/, '');
    return `GET ${path} (${count(source.lines)} lines${source.capped ? `: the newest, as many as limit=${source.capped} allows` : ''})`;
  }
  if (!source.read.length) return `no file written to in the window (${source.stale.length} older file(s) left unread)`;
  const bytes = source.read.reduce((sum, f) => sum + f.bytes, 0);
  const newest = source.read.at(-1)?.path; // files are read oldest first
  const names = source.read.length === 1 ? newest : `${source.read.length} files (newest ${newest})`;
  return `${names}, ${sizeOf(bytes)}`;
}

/** Not http.ts's formatBytes: importing http.ts would load undici wherever the registry loads. */
function sizeOf(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
