// The scan: lines in, per-minute tallies out. Every access line costs a byte-level parse and a few
// array increments; only 401/403/429 lines are looked at further (client IP and path, for the burst
// report), tallied by a hash of their bytes and capped per minute so memory does not grow with the log.
import { AccessLineParser } from './access-line.js';
import { ByteKeys, OTHERS_KEY } from './byte-keys.js';
import { addAttempt, type CredentialSeries } from './credentials.js';
import { LineSplitter, MAX_LINE_BYTES } from './lines.js';
import { AttemptFields } from './other-lines.js';
import { WallClockMinutes, type Zone } from '../timezone.js';
import { warmupStartMs, type MinuteCounts, type ScanWindow, type WatchedStatus } from './window.js';

const MINUTE_MS = 60_000;
/** A line stamped this far after --now is "in the future": clocks drift, but not by minutes. */
export const FUTURE_SKEW_MS = 2 * MINUTE_MS;
/** Distinct IPs (and paths) kept per status per minute; the rest are tallied as "(others)". */
export const MAX_KEYS_PER_MINUTE = 16;
/** Paths are reported without their query (which may hold a masked key) and cut to this many bytes. */
const MAX_PATH_BYTES = 120;

/** Who sent one status's requests in one minute: counts by ByteKeys key. */
export interface MinuteSample {
  ips: Map<number, number>;
  paths: Map<number, number>;
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
  /** The names behind the samples' keys. */
  names: ByteKeys;
  /** Lines that parsed as access lines, anywhere in time. */
  accessLines: number;
  /** Lines that are not access lines: log messages, debug output, request-log bodies, junk. */
  skippedLines: number;
  /**
   * Access lines stamped more than FUTURE_SKEW_MS after --now, as read in the scan's zone: not
   * counted, and, when many, the sign that the log is written in another zone than it is read in.
   */
  futureLines: number;
  /** The latest instant any access line was stamped with, as read in the scan's zone (0: none). */
  newestMs: number;
  /** Access lines per shape (SHAPE_CURRENT, SHAPE_PIPE_ID, SHAPE_GIN), anywhere in time. */
  shapes: number[];
  /** Lines with the gateway's access-line caller (gin_logger.go) in a shape the parser cannot read. */
  unreadLines: number;
  /** The first such line up to its caller field (never its request part, which may hold a query). */
  unreadSample: string | undefined;
  /** Upstream-attempt lines (v7.3+), anywhere in time; they are not requests. */
  attemptLines: number;
  /** Failed upstream attempts in the window, per provider and masked credential (key: "provider credential"). */
  credentials: Map<string, CredentialSeries>;
  /** The version the last startup line in the log named ("CLIProxyAPI Version: 6.6.42"). */
  version: string | undefined;
}

export class LogScanner {
  private readonly parser = new AccessLineParser();
  private readonly other = new AttemptFields();
  private readonly clock: WallClockMinutes;
  private readonly splitter: LineSplitter;
  private readonly tally: ScanTally;
  private readonly firstMs: number;
  private readonly counts: Record<WatchedStatus, Uint32Array>;
  /**
   * The 401, 403 and 429 counts and samples by index in WATCHED_STATUSES: arrays, not an object keyed
   * by status, on the per-line path.
   */
  private readonly watchedCounts: Uint32Array[];
  private readonly watchedSamples: Array<Array<MinuteSample | undefined>>;
  private scratch = Buffer.allocUnsafe(4096);
  /**
   * Instants are kept as milliseconds since firstMs, which for the lines of a scan's window are small
   * integers: the per-line arithmetic stays in integers rather than in the doubles epoch times need.
   * The parser's current minute is converted once per minute.
   */
  private minuteVersion = -1;
  private minuteSinceFirst = 0;
  /** window.endMs − firstMs. */
  private readonly endSinceFirst: number;
  /** The newest access line's instant since firstMs (−Infinity: none yet); finish() writes it to newestMs. */
  private newestSinceFirst = -Infinity;

  constructor(zone: Zone, window: ScanWindow) {
    this.clock = new WallClockMinutes(zone);
    this.firstMs = warmupStartMs(window);
    this.endSinceFirst = window.endMs - this.firstMs;
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
      names: new ByteKeys(),
      accessLines: 0,
      skippedLines: 0,
      futureLines: 0,
      newestMs: 0,
      shapes: [0, 0, 0],
      unreadLines: 0,
      unreadSample: undefined,
      attemptLines: 0,
      credentials: new Map(),
      version: undefined,
    };
    this.watchedCounts = [this.counts[401], this.counts[403], this.counts[429]];
    this.watchedSamples = [this.tally.samples[401], this.tally.samples[403], this.tally.samples[429]];
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
    const t = this.tally;
    t.skippedLines += this.splitter.overlongLines;
    this.splitter.overlongLines = 0;
    if (this.newestSinceFirst > -Infinity) t.newestMs = Math.max(t.newestMs, this.firstMs + this.newestSinceFirst);
    return t;
  }

  private readonly line = (b: Buffer, start: number, end: number): void => {
    const p = this.parser;
    const t = this.tally;
    if (!p.parse(b, start, end)) {
      t.skippedLines++;
      if (p.callerStart >= 0) this.otherLine(b, start, end);
      return;
    }
    t.accessLines++;
    (t.shapes[p.shape] as number)++;
    if (p.minuteVersion !== this.minuteVersion) this.enterMinute();
    const at = this.minuteSinceFirst + p.second * 1000; // ms since firstMs
    if (at > this.newestSinceFirst) this.newestSinceFirst = at;
    if (at >= this.endSinceFirst) {
      if (at >= this.endSinceFirst + FUTURE_SKEW_MS) t.futureLines++;
      return;
    }
    if (at < 0) return;
    const bin = Math.floor(at / MINUTE_MS);
    const status = p.status;
    (t.total[bin] as number)++;
    if (status < 400) (t.ok[bin] as number)++;
    else if (status >= 500) (t.serverErrors[bin] as number)++;
    else {
      const watched = status === 401 ? 0 : status === 403 ? 1 : status === 429 ? 2 : -1;
      if (watched < 0) return;
      ((this.watchedCounts[watched] as Uint32Array)[bin] as number)++;
      this.sample(b, watched, bin);
    }
  };

  /**
   * Reads the parser's minute in the scan's zone, once per minute. The per-line part (adding the
   * seconds) is written out where it is needed: a method returning the instant would box it.
   */
  private enterMinute(): void {
    const p = this.parser;
    this.minuteSinceFirst = this.clock.epochMs(p.year, p.month, p.day, p.hour, p.minute) - this.firstMs;
    this.minuteVersion = p.minuteVersion;
  }

  /** The window minute (warm-up included) of the line the parser just read, or -1 outside the window. */
  private minuteBin(): number {
    const p = this.parser;
    if (p.minuteVersion !== this.minuteVersion) this.enterMinute();
    const at = this.minuteSinceFirst + p.second * 1000;
    if (at < 0 || at >= this.endSinceFirst) return -1;
    return Math.floor(at / MINUTE_MS);
  }

  /** A line with the logrus prefix that is not an access line: an upstream attempt, an unread access line, the version. */
  private otherLine(b: Buffer, start: number, end: number): void {
    const o = this.other;
    const t = this.tally;
    const kind = o.classify(b, this.parser.callerStart, end);
    if (kind === 'attempt') {
      t.attemptLines++;
      const bin = this.minuteBin();
      if (bin >= 0) addAttempt(t.credentials, t.total.length, bin, b, o);
    } else if (kind === 'unread-access') {
      t.unreadLines++;
      t.unreadSample ??= `${b.toString('utf8', start, Math.min(end, this.parser.callerStart + 24))}…`;
    } else if (kind === 'version') {
      t.version = b.toString('latin1', o.versionFrom, o.versionTo);
    }
  }

  /** `watched`: the status's index in watchedSamples. */
  private sample(b: Buffer, watched: number, minute: number): void {
    const p = this.parser;
    const byMinute = this.watchedSamples[watched] as Array<MinuteSample | undefined>;
    let s = byMinute[minute];
    if (!s) byMinute[minute] = s = { ips: new Map(), paths: new Map() };
    let ip = p.ipFieldStart;
    while (ip < p.ipFieldEnd && b[ip] === 0x20) ip++;
    this.add(s.ips, b, ip, p.ipFieldEnd, 'latin1');
    p.readSuffixes(b);
    let pathEnd = p.pathStart;
    const longest = Math.min(p.pathEnd, p.pathStart + MAX_PATH_BYTES);
    while (pathEnd < longest && b[pathEnd] !== 0x3f) pathEnd++; // up to "?": the query goes
    this.add(s.paths, b, p.pathStart, pathEnd, 'utf8');
  }

  private add(tally: Map<number, number>, b: Buffer, from: number, to: number, encoding: 'latin1' | 'utf8'): void {
    const names = this.tally.names;
    const key = names.key(b, from, to);
    const n = tally.get(key);
    if (n !== undefined) tally.set(key, n + 1);
    else if (tally.size < MAX_KEYS_PER_MINUTE) {
      tally.set(key, 1);
      names.remember(key, b, from, to, encoding);
    } else tally.set(OTHERS_KEY, (tally.get(OTHERS_KEY) ?? 0) + 1);
  }
}

/** The `limit` names with the highest counts in one status's samples over minutes first..last. */
export function topKeys(
  tally: ScanTally,
  status: WatchedStatus,
  first: number,
  last: number,
  which: keyof MinuteSample,
  limit: number,
): Array<[string, number]> {
  const merged = new Map<number, number>();
  for (let m = first; m <= last; m++) {
    const s = tally.samples[status][m];
    if (s) for (const [k, n] of s[which]) merged.set(k, (merged.get(k) ?? 0) + n);
  }
  // "(others)" is no sender or path of its own: it goes last, whatever its count
  const named = [...merged].map(([k, n]): [string, number, number] => [
    tally.names.name(k) || (which === 'ips' ? '(no IP)' : '(empty)'),
    n,
    k === OTHERS_KEY ? -1 : n,
  ]);
  return named
    .sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name, n]) => [name, n]);
}
