// The scan: lines in, per-minute tallies out. Every access line costs a byte-level parse and a few
// array increments; strings are decoded only for 401/403/429 lines (client IP and path, for the
// burst report), and those tallies are capped per minute so memory does not grow with the log.
import { AccessLineParser } from './access-line.js';
import { LineSplitter, MAX_LINE_BYTES } from './lines.js';
import { WallClockMinutes, type Zone } from '../timezone.js';
import { warmupStartMs, type MinuteCounts, type ScanWindow, type WatchedStatus } from './window.js';

const MINUTE_MS = 60_000;
/** Distinct IPs (and paths) kept per status per minute; the rest are tallied as OTHERS. */
export const MAX_KEYS_PER_MINUTE = 16;
export const OTHERS = '(others)';
/** Paths are reported without their query (which may hold a masked key) and cut to this length. */
const MAX_PATH_CHARS = 120;

/** Who sent one status's requests in one minute. */
export interface MinuteSample {
  ips: Map<string, number>;
  paths: Map<string, number>;
}

export interface ScanTally extends MinuteCounts {
  window: ScanWindow;
  total: Uint32Array;
  byStatus: Record<WatchedStatus, Uint32Array>;
  /** Requests with status < 400, >= 500, per minute (warm-up included). */
  ok: Uint32Array;
  serverErrors: Uint32Array;
  /** For each watched status, per minute (warm-up included: a burst's first events may lie there). */
  samples: Record<WatchedStatus, Array<MinuteSample | undefined>>;
  /** Lines that parsed as access lines, anywhere in time. */
  accessLines: number;
  /** Lines that are not access lines: log messages, debug output, request-log bodies, junk. */
  skippedLines: number;
}

export class LogScanner {
  private readonly parser = new AccessLineParser();
  private readonly clock: WallClockMinutes;
  private readonly splitter: LineSplitter;
  private readonly tally: ScanTally;
  private readonly firstMs: number;
  private readonly counts: Record<WatchedStatus, Uint32Array>;
  private scratch = Buffer.allocUnsafe(4096);

  constructor(zone: Zone, window: ScanWindow) {
    this.clock = new WallClockMinutes(zone);
    this.firstMs = warmupStartMs(window);
    const size = window.warmupMinutes + window.minutes;
    this.counts = { 401: new Uint32Array(size), 403: new Uint32Array(size), 429: new Uint32Array(size) };
    this.tally = {
      window,
      warmupMinutes: window.warmupMinutes,
      total: new Uint32Array(size),
      byStatus: this.counts,
      ok: new Uint32Array(size),
      serverErrors: new Uint32Array(size),
      samples: { 401: [], 403: [], 429: [] },
      accessLines: 0,
      skippedLines: 0,
    };
    this.splitter = new LineSplitter(this.line);
  }

  /** A chunk of a log file; the caller may reuse it afterwards. */
  bytes(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  /** The end of one file: its last line may lack a newline. */
  endOfFile(): void {
    this.splitter.end();
  }

  /** One line as text (the management API serves lines as JSON strings). */
  text(line: string): void {
    if (line.length > MAX_LINE_BYTES) {
      this.tally.skippedLines++;
      return;
    }
    // At most 3 UTF-8 bytes per UTF-16 unit, so the scratch buffer always holds the whole line.
    if (this.scratch.length < line.length * 3) this.scratch = Buffer.allocUnsafe(line.length * 3);
    const size = this.scratch.write(line, 0, 'utf8');
    this.line(this.scratch, 0, size);
  }

  finish(): ScanTally {
    this.tally.skippedLines += this.splitter.overlongLines;
    this.splitter.overlongLines = 0;
    return this.tally;
  }

  private readonly line = (b: Buffer, start: number, end: number): void => {
    const p = this.parser;
    const t = this.tally;
    if (!p.parse(b, start, end)) {
      t.skippedLines++;
      return;
    }
    t.accessLines++;
    const at = this.clock.epochMs(p.year, p.month, p.day, p.hour, p.minute) + p.second * 1000;
    if (at < this.firstMs || at >= t.window.endMs) return;
    const bin = Math.floor((at - this.firstMs) / MINUTE_MS);
    const status = p.status;
    (t.total[bin] as number)++;
    if (status < 400) (t.ok[bin] as number)++;
    else if (status >= 500) (t.serverErrors[bin] as number)++;
    else if (status === 401 || status === 403 || status === 429) {
      (this.counts[status][bin] as number)++;
      this.sample(b, status, bin);
    }
  };

  private sample(b: Buffer, status: WatchedStatus, minute: number): void {
    const p = this.parser;
    const byMinute = this.tally.samples[status];
    let s = byMinute[minute];
    if (!s) byMinute[minute] = s = { ips: new Map(), paths: new Map() };
    add(s.ips, p.ipEnd > p.ipStart ? b.toString('latin1', p.ipStart, p.ipEnd) : '(no IP)');
    let pathEnd = p.pathStart;
    while (pathEnd < p.pathEnd && b[pathEnd] !== 0x3f) pathEnd++; // up to "?": the query goes
    add(s.paths, b.toString('utf8', p.pathStart, Math.min(pathEnd, p.pathStart + MAX_PATH_CHARS * 4)).slice(0, MAX_PATH_CHARS));
  }
}

function add(tally: Map<string, number>, key: string): void {
  const n = tally.get(key);
  if (n !== undefined) tally.set(key, n + 1);
  else if (tally.size < MAX_KEYS_PER_MINUTE) tally.set(key, 1);
  else tally.set(OTHERS, (tally.get(OTHERS) ?? 0) + 1);
}

/** The `limit` keys with the highest counts over the given minutes' samples. */
export function topKeys(samples: Array<MinuteSample | undefined>, first: number, last: number, which: keyof MinuteSample, limit: number): Array<[string, number]> {
  const merged = new Map<string, number>();
  for (let m = first; m <= last; m++) {
    const s = samples[m];
    if (s) for (const [k, n] of s[which]) merged.set(k, (merged.get(k) ?? 0) + n);
  }
  // "(others)" is no sender or path of its own: it goes last, whatever its count
  const rank = ([k, n]: [string, number]) => (k === OTHERS ? -1 : n);
  return [...merged].sort((a, b) => rank(b) - rank(a) || a[0].localeCompare(b[0])).slice(0, limit);
}
