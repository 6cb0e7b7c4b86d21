// The gateway's gin access line (reference §8.2), read straight from bytes. The scan calls this for
// every line of a multi-GB log, and a JavaScript loop that merely touches every byte tops out near
// 1 GB/s, so the common layout is checked at fixed offsets, four bytes at a time, and memchr
// (Buffer#indexOf) finds the end of the path; any other layout goes through the general parser.
// Fields are recorded as offsets; callers decode only the fields of the lines that matter.
//
//   [2026-02-23 10:15:09] [9f8e7d6c] [warn ] [gin_logger.go:91] 429 |         412ms |       10.0.0.12 | POST    "/v1/messages"
//   └ logrus LogFormatter: time, request id, level padded to 5, caller ┘ └ "%3d | %13v | %15s | %-7s \"%s\"" ┘
//
// [UP] may append " [credits]" (Antigravity credits used) and " | <gin errors>".
//
// Older gateways wrote two other shapes (shared/reference/log-formats.md), read by legacy() only after
// the current shape failed, so they cost the current shape nothing:
//   ≤ v6.6.49:       [ts] [info] [gin_logger.go:58] [GIN] 2025/11/24 - 10:07:40 | 200 |  7ms | ip | GET     "/p"
//   v6.6.50–v6.6.51: [ts] [info] [gin_logger.go:58] | reqid | 200 |  7ms | ip | GET     "/p"
// (level not padded: info, warning for 4xx, error for 5xx).

const SPACE = 0x20;
const PIPE = 0x7c;
const QUOTE = 0x22;
const OPEN = 0x5b;
const CLOSE = 0x5d;

const CALLER = Buffer.from('gin_logger.go:', 'latin1');
const GIN_PREFIX = Buffer.from('[GIN] ', 'latin1');
/** "2025/11/24 - 10:07:40 | " after "[GIN] ". */
const GIN_CLOCK = 24;
const CREDITS = Buffer.from(' [credits]', 'latin1');
const LEVELS = ['info ', 'warn ', 'error'].map((l) => Buffer.from(l, 'latin1'));
/** The unpadded levels of the old shapes (logrus's own names). */
const LEGACY_LEVELS = ['info', 'warn', 'warning', 'error'].map((l) => Buffer.from(l, 'latin1'));
/** Longer request ids than this are not the gateway's (8 hex characters or "--------"). */
const MAX_REQUEST_ID = 32;
/** "[YYYY-MM-DD HH:MM:SS] [x] [info ] [gin_logger.go:9] 200 | 0s | 1 | GET "/"" is about this long. */
const MIN_LINE = 60;

// The common layout: an 8-character request id, a two-digit caller line, a latency of at most 13
// characters (14 bytes with a µ), an IP of at most 15 ASCII characters, a method of at most 7.
// Offsets from the line start.
const FIXED_HEAD = 31; // "] [info ] [gin_logger.go:" starts here, after the request id
const FIXED_MESSAGE = 60;
/** Bytes as a little-endian 32-bit word, as DataView#getUint32(i, true) reads them. */
const word = (text: string): number => Buffer.from(text, 'latin1').readUInt32LE(0);
/** "] [<level>" as two words per level: the first four bytes, then the level's last four. */
const [INFO_0, INFO_1, WARN_0, WARN_1, ERROR_0, ERROR_1] = LEVELS.flatMap((l) => {
  const head = Buffer.concat([Buffer.from('] [', 'latin1'), l]);
  return [head.readUInt32LE(0), head.readUInt32LE(4)];
});
/** "] [gin_logger.go" after the level, as four words. */
const [CALLER_0, CALLER_1, CALLER_2, CALLER_3] = [0, 4, 8, 12].map((k) => word('] [gin_logger.go'.slice(k, k + 4)));
/** Four spaces: padding, skipped four bytes at a time. */
const SPACES = word('    ');
/** A %-7s method field and the space after it, as two words: GET and POST are compared whole. */
const methodField = (method: string): [number, number] => {
  const field = Buffer.from(method.padEnd(8), 'latin1');
  return [field.readUInt32LE(0), field.readUInt32LE(4)];
};
const [GET_0, GET_1] = methodField('GET');
const [POST_0, POST_1] = methodField('POST');
/** " | " in a word's low three bytes (the fourth belongs to the next field). */
const SEPARATOR_WORD = word(' | \0');
const LOW_3_BYTES = 0xffffff;

/** Two lines in two buffers that get as far as the timestamp and fail there (see the constructor). */
const NO_LINES = [0, 1].map(() => Buffer.from('['.padEnd(MIN_LINE, '-'), 'latin1'));
const WARM_CALLS = 64;
/** Whether a parser of this process has taken parse()'s new-buffer branch yet (the constructor says why). */
let warmed = false;

/** Which access-line shape a parsed line had. */
export const SHAPE_CURRENT = 0;
export const SHAPE_PIPE_ID = 1; // v6.6.50–v6.6.51
export const SHAPE_GIN = 2; // ≤ v6.6.49
export const SHAPE_NAMES = ['≥ v6.6.52', 'v6.6.50–v6.6.51 (request id between pipes)', '≤ v6.6.49 ([GIN] prefix)'];

/**
 * One parsed line, reused from line to line (no allocation per line). Offsets are into the buffer
 * last given to parse(), [start, end).
 */
export class AccessLineParser {
  year = 0;
  month = 0;
  day = 0;
  hour = 0;
  minute = 0;
  second = 0;
  /** Changes whenever year..minute do: consecutive lines mostly share a minute, and its conversion. */
  minuteVersion = 0;
  status = 0;
  idStart = 0;
  idEnd = 0;
  levelStart = 0;
  levelEnd = 0;
  callerLine = 0;
  /** SHAPE_CURRENT, SHAPE_PIPE_ID or SHAPE_GIN. */
  shape = SHAPE_CURRENT;
  /**
   * For a line that is not an access line: where its "[file.go:N]" caller field starts when the line
   * has the logrus prefix up to it, else -1. The scan reads the other gateway lines (upstream attempts)
   * and spots access lines of a shape it cannot read from it, at no cost to access lines.
   */
  callerStart = -1;
  latencyStart = 0;
  latencyEnd = 0;
  /** The %15s field: the IP, right-aligned; clientIp() trims it. */
  ipFieldStart = 0;
  ipFieldEnd = 0;
  /** The %-7s field: the method, left-aligned; method() trims it. */
  methodFieldStart = 0;
  methodFieldEnd = 0;
  pathStart = 0;
  /**
   * Where the path ends (its closing quote), whether " [credits]" follows it and where the
   * " | <gin errors>" text starts (-1: none): set by readSuffixes(), which must be called before they
   * are read. Most lines end with the closing quote, and the scan reads a path only for a few
   * statuses, so parse() takes a line that ends with a quote without looking for the path's end.
   */
  pathEnd = 0;
  credits = false;
  errorsStart = -1;
  /** The end of the line whose suffixes readSuffixes() still has to read, or -1. */
  private suffixesEnd = -1;

  private view: DataView | undefined;
  private viewOf: Buffer | undefined;
  /** "YYYY-MM-DD HH:MM" of the last timestamp read, as four words. */
  private m0 = -1;
  private m1 = -1;
  private m2 = -1;
  private m3 = -1;

  /** `fixedLayout: false` forces the general parser (tests hold both paths to the same answers). */
  constructor(private readonly fixedLayout = true) {
    // parse() makes a new DataView when handed another buffer, which a scan does only at a chunk's end
    // (a line cut in two is joined in a buffer of its own). Taking that branch once per process, often
    // enough for V8 to record it (it keeps no feedback for a function's first few calls) and before it
    // optimises parse(), spares the scan's hottest functions a deoptimisation and a second compilation
    // at the first chunk boundary. These lines fail at the timestamp: nothing else is set.
    if (warmed) return;
    warmed = true;
    for (let k = 0; k < WARM_CALLS; k++) this.parse(NO_LINES[k & 1] as Buffer, 0, MIN_LINE);
  }

  /** True when b[start, end) (no line terminator) is an access line; the fields are then set. */
  parse(b: Buffer, start: number, end: number): boolean {
    this.callerStart = -1;
    if (end - start < MIN_LINE || b[start] !== OPEN) return false;
    if (this.viewOf !== b) {
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      this.viewOf = b;
    }
    const v = this.view as DataView;
    if (!this.timestamp(b, v, start + 1)) return false;
    if (b[start + 20] !== CLOSE || b[start + 21] !== SPACE || b[start + 22] !== OPEN) return false;
    if (this.fixedLayout && this.fixed(b, v, start, end)) return true;
    return this.general(b, start, end) || this.legacy(b, start, end);
  }

  /** Sets pathEnd, credits and errorsStart for the line parse() last accepted in `b`. */
  readSuffixes(b: Buffer): void {
    // The line ends with a quote, so some quote closes the path: this finds which.
    if (this.suffixesEnd >= 0) this.pathAndSuffixes(b, this.pathStart, this.suffixesEnd);
  }

  /** The client IP as text ("" when gin could not tell). */
  clientIp(b: Buffer): string {
    let i = this.ipFieldStart;
    while (i < this.ipFieldEnd && b[i] === SPACE) i++;
    return b.toString('latin1', i, this.ipFieldEnd);
  }

  method(b: Buffer): string {
    let i = this.methodFieldEnd;
    while (i > this.methodFieldStart && b[i - 1] === SPACE) i--;
    return b.toString('latin1', this.methodFieldStart, i);
  }

  /**
   * YYYY-MM-DD HH:MM:SS at b[i]: digits and separators in place, and a plausible calendar. When the
   * minute is the previous line's (four word compares), only the seconds are read.
   */
  private timestamp(b: Buffer, v: DataView, i: number): boolean {
    const w0 = v.getUint32(i, true);
    const w1 = v.getUint32(i + 4, true);
    const w2 = v.getUint32(i + 8, true);
    const w3 = v.getUint32(i + 12, true);
    if (w0 !== this.m0 || w1 !== this.m1 || w2 !== this.m2 || w3 !== this.m3) {
      if (!this.minuteOf(b, i)) return false;
      this.m0 = w0;
      this.m1 = w1;
      this.m2 = w2;
      this.m3 = w3;
      this.minuteVersion++;
    }
    const s1 = (b[i + 17] as number) - 0x30;
    const s2 = (b[i + 18] as number) - 0x30;
    if (b[i + 16] !== 0x3a || !(s1 >= 0 && s1 <= 6) || !(s2 >= 0 && s2 <= 9)) return false;
    this.second = s1 * 10 + s2;
    return this.second <= 60;
  }

  private minuteOf(b: Buffer, i: number): boolean {
    const year = digits(b, i, 4);
    const month = digits(b, i + 5, 2);
    const day = digits(b, i + 8, 2);
    const hour = digits(b, i + 11, 2);
    const minute = digits(b, i + 14, 2);
    if (b[i + 4] !== 0x2d || b[i + 7] !== 0x2d || b[i + 10] !== SPACE || b[i + 13] !== 0x3a) return false;
    if (
      year < 0 ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > 31 ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59
    )
      return false;
    this.year = year;
    this.month = month;
    this.day = day;
    this.hour = hour;
    this.minute = minute;
    return true;
  }

  /**
   * The common layout at fixed offsets, its constant parts compared four bytes at a time; false sends
   * the line to the general parser, not to the skipped count. Accepts only what general() accepts,
   * with the same fields (a test holds the two to that).
   */
  private fixed(b: Buffer, v: DataView, start: number, end: number): boolean {
    const m = start + FIXED_MESSAGE;
    if (end - m < 50) return false;
    // "] [<level>] [gin_logger.go:NN] "
    const h = start + FIXED_HEAD;
    const h0 = v.getUint32(h, true);
    const h1 = v.getUint32(h + 4, true);
    if (!((h0 === INFO_0 && h1 === INFO_1) || (h0 === WARN_0 && h1 === WARN_1) || (h0 === ERROR_0 && h1 === ERROR_1)))
      return false;
    if (
      v.getUint32(h + 8, true) !== CALLER_0 ||
      v.getUint32(h + 12, true) !== CALLER_1 ||
      v.getUint32(h + 16, true) !== CALLER_2 ||
      v.getUint32(h + 20, true) !== CALLER_3
    )
      return false;
    const caller = v.getUint32(h + 24, true); // ":NN]"
    const c1 = ((caller >>> 8) & 0xff) - 0x30;
    const c2 = ((caller >>> 16) & 0xff) - 0x30;
    if ((caller & 0xff) !== 0x3a || caller >>> 24 !== CLOSE || c1 >>> 0 > 9 || c2 >>> 0 > 9 || b[h + 28] !== SPACE)
      return false;
    if (!isRequestId(v.getUint32(start + 23, true)) || !isRequestId(v.getUint32(start + 27, true))) return false;

    // %3d | %13v | %15s | %-7s "
    const d1 = (b[m] as number) - 0x31; // 1..9
    const d2 = (b[m + 1] as number) - 0x30;
    const d3 = (b[m + 2] as number) - 0x30;
    if (d1 >>> 0 > 8 || d2 >>> 0 > 9 || d3 >>> 0 > 9) return false;
    if ((v.getUint32(m + 3, true) & LOW_3_BYTES) !== SEPARATOR_WORD) return false;
    // %13v pads to 13 characters, and a latency in µs has a two-byte µ: then what follows is a byte later.
    const k = (v.getUint32(m + 19, true) & LOW_3_BYTES) === SEPARATOR_WORD ? m : m + 1;
    if (end - k < 50) return false;
    if (
      (k !== m && (v.getUint32(k + 19, true) & LOW_3_BYTES) !== SEPARATOR_WORD) ||
      (v.getUint32(k + 37, true) & LOW_3_BYTES) !== SEPARATOR_WORD
    )
      return false;
    // The general parser ends the IP field at the first " | ": a "|" inside the field goes to it.
    if (hasPipe(v.getUint32(k + 23, true)) || hasPipe(v.getUint32(k + 27, true))) return false;
    if (hasPipe(v.getUint32(k + 31, true)) || hasPipe(v.getUint32(k + 34, true))) return false;
    if (b[k + 48] !== QUOTE || !paddedMethod(b, v, k + 40)) return false;
    let latencyStart = plainDurationStart(b, v, m + 6, k + 19);
    if (latencyStart < 0) {
      latencyStart = skipSpaces(b, m + 6, k + 19);
      if (goDurationEnd(b, latencyStart, k + 19) !== k + 19) return false;
    }
    if (b[end - 1] === QUOTE) this.suffixesEnd = end;
    else if (!this.pathAndSuffixes(b, k + 49, end)) return false;

    this.idStart = start + 23;
    this.idEnd = start + 31;
    this.levelStart = start + 34;
    this.levelEnd = start + 39;
    this.shape = SHAPE_CURRENT;
    this.callerLine = c1 * 10 + c2;
    this.status = (d1 + 1) * 100 + d2 * 10 + d3;
    this.latencyStart = latencyStart;
    this.latencyEnd = k + 19;
    this.ipFieldStart = k + 22;
    this.ipFieldEnd = k + 37;
    this.methodFieldStart = k + 40;
    this.methodFieldEnd = k + 47;
    this.pathStart = k + 49;
    return true;
  }

  /** Any layout: a request id of any length, wide latencies (µs) and IPs (IPv6), long methods. */
  private general(b: Buffer, start: number, end: number): boolean {
    // [request id]
    let i = start + 23;
    this.idStart = i;
    while (i < end && b[i] !== CLOSE) {
      if (b[i] === SPACE || i - this.idStart >= MAX_REQUEST_ID) return false;
      i++;
    }
    if (i === this.idStart || end - i < 30 || b[i + 1] !== SPACE || b[i + 2] !== OPEN) return false;
    this.idEnd = i;

    // [level] padded to five: only info, warn and error carry access lines
    i += 3;
    if (!isLevel(b, i) || b[i + 5] !== CLOSE || b[i + 6] !== SPACE || b[i + 7] !== OPEN) return false;
    this.levelStart = i;
    this.levelEnd = i + 5;

    // [gin_logger.go:NN]
    i += 8;
    this.callerStart = i;
    i = this.ginCaller(b, i);
    if (i < 0) return false;
    this.shape = SHAPE_CURRENT;
    return this.message(b, i, end);
  }

  /** "gin_logger.go:NN] " at b[i]: sets callerLine and returns where the message starts, or -1. */
  private ginCaller(b: Buffer, i: number): number {
    if (!matches(b, i, CALLER)) return -1;
    i += CALLER.length;
    let line = 0;
    const digitsFrom = i;
    for (let c = b[i] as number; c >= 0x30 && c <= 0x39 && i - digitsFrom < 6; c = b[++i] as number)
      line = line * 10 + (c - 0x30);
    if (i === digitsFrom || b[i] !== CLOSE || b[i + 1] !== SPACE) return -1;
    this.callerLine = line;
    return i + 2;
  }

  /** The two shapes before v6.6.52: "[ts] [level] [gin_logger.go:N] " then "[GIN] <clock> | " or "| reqid | ". */
  private legacy(b: Buffer, start: number, end: number): boolean {
    let i = start + 23;
    const levelFrom = i;
    while (i < end && i - levelFrom < 7 && b[i] !== CLOSE && b[i] !== SPACE) i++;
    if (!isLegacyLevel(b, levelFrom, i)) return false;
    const levelTo = i;
    while (b[i] === SPACE && i - levelFrom < 7) i++; // tolerate a padded level as well
    if (b[i] !== CLOSE || b[i + 1] !== SPACE || b[i + 2] !== OPEN) return false;
    i += 3;
    this.callerStart = i;
    i = this.ginCaller(b, i);
    if (i < 0) return false;
    this.levelStart = levelFrom;
    this.levelEnd = levelTo;
    if (matches(b, i, GIN_PREFIX)) {
      // [GIN] yyyy/mm/dd - hh:mm:ss | : gin's own clock, the same instant as the logrus timestamp
      i += GIN_PREFIX.length;
      if (end - i < GIN_CLOCK || b[i + 4] !== 0x2f || b[i + 7] !== 0x2f || b[i + 11] !== 0x2d) return false;
      if (!isSeparator(b, i + 21)) return false;
      this.idStart = this.idEnd = i;
      this.shape = SHAPE_GIN;
      return this.message(b, i + GIN_CLOCK, end);
    }
    if (b[i] !== PIPE || b[i + 1] !== SPACE) return false;
    // | reqid | : the request id (8 hex or "--------") between pipes
    i += 2;
    this.idStart = i;
    while (i < end && !isSeparator(b, i)) {
      if (b[i] === SPACE || i - this.idStart >= MAX_REQUEST_ID) return false;
      i++;
    }
    if (i >= end) return false;
    this.idEnd = i;
    this.shape = SHAPE_PIPE_ID;
    return this.message(b, i + 3, end);
  }

  /** `%3d | %13v | %15s | %-7s "%s"` and the optional suffixes, from b[i] to the end of the line. */
  private message(b: Buffer, i: number, end: number): boolean {
    // %3d: HTTP statuses have three digits, so no padding
    let status = 0;
    const statusFrom = i;
    for (let c = b[i] as number; c >= 0x30 && c <= 0x39 && i < end; c = b[++i] as number)
      status = status * 10 + (c - 0x30);
    if (i - statusFrom !== 3 || status < 100 || !isSeparator(b, i)) return false;
    this.status = status;

    // %13v: a Go duration, right-aligned
    i = skipSpaces(b, i + 3, end);
    this.latencyStart = i;
    i = goDurationEnd(b, i, end);
    if (i < 0 || !isSeparator(b, i)) return false;
    this.latencyEnd = i;

    // %15s: the client IP, right-aligned, up to the next separator (an IP holds no " | ")
    this.ipFieldStart = i + 3;
    i = this.ipFieldStart;
    while (i < end && !isSeparator(b, i)) i++;
    if (i >= end) return false;
    this.ipFieldEnd = i;

    // %-7s: the method, left-aligned, then a space and the quoted path
    i += 3;
    this.methodFieldStart = i;
    while (i < end && b[i] !== SPACE && b[i] !== QUOTE) i++;
    if (i === this.methodFieldStart || b[i] !== SPACE) return false;
    i = skipSpaces(b, i, end);
    this.methodFieldEnd = i - 1;
    if (b[i] !== QUOTE) return false;
    this.pathStart = i + 1;
    return this.pathAndSuffixes(b, i + 1, end);
  }

  /**
   * The path is printed raw, so it may itself hold a quote: the closing quote is the first one that
   * the end of the line, " [credits]" or " | " follows.
   */
  private pathAndSuffixes(b: Buffer, i: number, end: number): boolean {
    for (let q = b.indexOf(QUOTE, i); q >= 0 && q < end; q = b.indexOf(QUOTE, q + 1)) {
      let rest = q + 1;
      const credits = end - rest >= CREDITS.length && matches(b, rest, CREDITS);
      if (credits) rest += CREDITS.length;
      if (rest === end || (end - rest >= 3 && isSeparator(b, rest))) {
        this.suffixesEnd = -1;
        this.pathEnd = q;
        this.credits = credits;
        this.errorsStart = rest === end ? -1 : rest + 3;
        return true;
      }
    }
    return false;
  }
}

function digits(b: Buffer, at: number, count: number): number {
  let n = 0;
  for (let k = at; k < at + count; k++) {
    const d = (b[k] as number) - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Four bytes of a request id: none of them a space or "]" (a zero byte in word ^ repeated byte). */
function isRequestId(word: number): boolean {
  const space = word ^ 0x20202020;
  const close = word ^ 0x5d5d5d5d;
  return (((space - 0x01010101) & ~space & 0x80808080) | ((close - 0x01010101) & ~close & 0x80808080)) === 0;
}

/** A "|" among a word's four bytes (a zero byte in word ^ "||||"). */
function hasPipe(word: number): boolean {
  const pipes = word ^ 0x7c7c7c7c;
  return ((pipes - 0x01010101) & ~pipes & 0x80808080) !== 0;
}

/** The bytes of `pattern` at b[i]. A plain loop: for a dozen bytes it beats Buffer.compare's native call. */
function matches(b: Buffer, i: number, pattern: Uint8Array): boolean {
  for (let k = 0; k < pattern.length; k++) if (b[i + k] !== pattern[k]) return false;
  return true;
}

function isLevel(b: Buffer, i: number): boolean {
  for (const level of LEVELS) if (matches(b, i, level)) return true;
  return false;
}

function isLegacyLevel(b: Buffer, from: number, to: number): boolean {
  for (const level of LEGACY_LEVELS) if (level.length === to - from && matches(b, from, level)) return true;
  return false;
}

/** b[from, to) is a method padded with spaces: at least one byte, no space or quote inside it. */
function isPaddedMethod(b: Buffer, from: number, to: number): boolean {
  let i = from;
  while (i < to && b[i] !== SPACE && b[i] !== QUOTE) i++;
  if (i === from || b[i] === QUOTE) return false;
  while (i < to && b[i] === SPACE) i++;
  return i === to;
}

/** " | " at b[i]. */
function isSeparator(b: Buffer, i: number): boolean {
  return b[i] === SPACE && b[i + 1] === PIPE && b[i + 2] === SPACE;
}

function skipSpaces(b: Buffer, i: number, end: number): number {
  while (i < end && b[i] === SPACE) i++;
  return i;
}

/**
 * Where the Go duration starting at b[i] ends (time.Duration.String: "0s", "412ms", "1.234s",
 * "850µs", "1m5s", "2h0m0s", maybe negative), or -1 when b[i] does not start one.
 */
function goDurationEnd(b: Buffer, i: number, end: number): number {
  if (b[i] === 0x2d) i++;
  let parts = 0;
  while (i < end) {
    const from = i;
    while (i < end && isDigit(b[i])) i++;
    if (i === from) break;
    if (b[i] === 0x2e) {
      const fraction = ++i;
      while (i < end && isDigit(b[i])) i++;
      if (i === fraction) return -1;
    }
    const unit = unitLength(b, i);
    if (!unit) return -1;
    i += unit;
    parts++;
  }
  return parts ? i : -1;
}

/**
 * Where the duration right-aligned in b[from, to) starts when it is a plain one ("0s", "412ms",
 * "1.234s", "850µs": digits, maybe a fraction, then one unit), else -1 (then goDurationEnd decides). The padding
 * is skipped four bytes at a time. b[to] must be a space (the separator after the field).
 */
function plainDurationStart(b: Buffer, v: DataView, from: number, to: number): number {
  let i = from;
  if (v.getUint32(i, true) === SPACES) {
    i += 4;
    if (v.getUint32(i, true) === SPACES) i += 4;
  }
  while (b[i] === SPACE && i < to) i++;
  const start = i;
  let c = b[i] as number;
  while (c >= 0x30 && c <= 0x39) c = b[++i] as number;
  if (i === start) return -1;
  if (c === 0x2e) {
    const fraction = ++i;
    c = b[i] as number;
    while (c >= 0x30 && c <= 0x39) c = b[++i] as number;
    if (i === fraction) return -1;
  }
  if (c === 0x6d || c === 0x6e || c === 0x75)
    c = b[++i] as number; // ms, ns, us
  else if ((c === 0xc2 && b[i + 1] === 0xb5) || (c === 0xce && b[i + 1] === 0xbc)) c = b[(i += 2)] as number; // µs, μs
  return c === 0x73 && i === to - 1 ? start : -1;
}

/**
 * b[at, at + 8) is a method padded with spaces to seven bytes, then a space: GET and POST compared
 * as words, any other through the byte loop.
 */
function paddedMethod(b: Buffer, v: DataView, at: number): boolean {
  const w0 = v.getUint32(at, true);
  const w1 = v.getUint32(at + 4, true);
  if ((w0 === POST_0 && w1 === POST_1) || (w0 === GET_0 && w1 === GET_1)) return true;
  return b[at + 7] === SPACE && isPaddedMethod(b, at, at + 7);
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** Byte length of the duration unit at b[i]: h, m, s, ms, us, ns, µs (U+00B5) or μs (U+03BC); 0 if none. */
function unitLength(b: Buffer, i: number): number {
  const c = b[i];
  const next = b[i + 1];
  if (c === 0x68) return 1; // h
  if (c === 0x6d) return next === 0x73 ? 2 : 1; // ms, m
  if (c === 0x73) return 1; // s
  if ((c === 0x6e || c === 0x75) && next === 0x73) return 2; // ns, us
  if (((c === 0xc2 && next === 0xb5) || (c === 0xce && next === 0xbc)) && b[i + 2] === 0x73) return 3; // µs, μs
  return 0;
}

/** Every field of an access line as text; for tests and diagnostics, not for the scan loop. */
export function readAccessLine(text: string, parser = new AccessLineParser()): AccessLineFields | undefined {
  const b = Buffer.from(text, 'utf8');
  const p = parser;
  if (!p.parse(b, 0, b.length)) return undefined;
  p.readSuffixes(b);
  const s = (from: number, to: number) => b.toString('utf8', from, to);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    timestamp: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
    requestId: s(p.idStart, p.idEnd),
    level: s(p.levelStart, p.levelEnd).trimEnd(),
    shape: p.shape,
    callerLine: p.callerLine,
    status: p.status,
    latency: s(p.latencyStart, p.latencyEnd),
    clientIp: p.clientIp(b),
    method: p.method(b),
    path: s(p.pathStart, p.pathEnd),
    credits: p.credits,
    errors: p.errorsStart < 0 ? undefined : s(p.errorsStart, b.length),
  };
}

export interface AccessLineFields {
  timestamp: string;
  requestId: string;
  level: string;
  /** SHAPE_CURRENT, SHAPE_PIPE_ID or SHAPE_GIN. */
  shape: number;
  callerLine: number;
  status: number;
  latency: string;
  clientIp: string;
  method: string;
  path: string;
  credits: boolean;
  errors: string | undefined;
}
