// The gateway's gin access line (reference §8.2), read straight from bytes. The scan calls this for
// every line of a multi-GB log, so it compares bytes at known offsets and records where each field
// lies instead of building strings; callers decode only the fields of the lines that matter.
//
//   [2026-02-23 10:15:09] [9f8e7d6c] [warn ] [gin_logger.go:91] 429 |         412ms |       10.0.0.12 | POST    "/v1/messages"
//   └ logrus LogFormatter: time, request id, level padded to 5, caller ┘ └ "%3d | %13v | %15s | %-7s \"%s\"" ┘
//
// [UP] may append " [credits]" (Antigravity credits used) and " | <gin errors>".

const SPACE = 0x20;
const PIPE = 0x7c;
const QUOTE = 0x22;
const OPEN = 0x5b;
const CLOSE = 0x5d;

const CALLER = Buffer.from('gin_logger.go:', 'latin1');
const CREDITS = Buffer.from(' [credits]', 'latin1');
const LEVELS = ['info ', 'warn ', 'error'].map((l) => Buffer.from(l, 'latin1'));
/** Longer request ids than this are not the gateway's (8 hex characters or "--------"). */
const MAX_REQUEST_ID = 32;
/** "[YYYY-MM-DD HH:MM:SS] [x] [info ] [gin_logger.go:9] 200 | 0s | 1 | GET "/"" is about this long. */
const MIN_LINE = 60;

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
  status = 0;
  idStart = 0;
  idEnd = 0;
  levelStart = 0;
  callerLine = 0;
  latencyStart = 0;
  latencyEnd = 0;
  ipStart = 0;
  ipEnd = 0;
  methodStart = 0;
  methodEnd = 0;
  pathStart = 0;
  pathEnd = 0;
  credits = false;
  /** Where the " | <gin errors>" suffix text starts, or -1. */
  errorsStart = -1;

  /** True when b[start, end) (no line terminator) is an access line; the fields are then set. */
  parse(b: Buffer, start: number, end: number): boolean {
    if (end - start < MIN_LINE || b[start] !== OPEN) return false;
    if (!this.timestamp(b, start + 1)) return false;
    if (b[start + 20] !== CLOSE || b[start + 21] !== SPACE || b[start + 22] !== OPEN) return false;

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

    // [gin_logger.go:NN]
    i += 8;
    if (!matches(b, i, CALLER)) return false;
    i += CALLER.length;
    let line = 0;
    const digitsFrom = i;
    for (let c = b[i] ?? 0; c >= 0x30 && c <= 0x39 && i - digitsFrom < 6; c = b[++i] ?? 0) line = line * 10 + (c - 0x30);
    if (i === digitsFrom || b[i] !== CLOSE || b[i + 1] !== SPACE) return false;
    this.callerLine = line;
    return this.message(b, i + 2, end);
  }

  /** YYYY-MM-DD HH:MM:SS at b[i]: digits and separators in place, and a plausible calendar. */
  private timestamp(b: Buffer, i: number): boolean {
    const year = digits(b, i, 4);
    const month = digits(b, i + 5, 2);
    const day = digits(b, i + 8, 2);
    const hour = digits(b, i + 11, 2);
    const minute = digits(b, i + 14, 2);
    const second = digits(b, i + 17, 2);
    if (b[i + 4] !== 0x2d || b[i + 7] !== 0x2d || b[i + 10] !== SPACE || b[i + 13] !== 0x3a || b[i + 16] !== 0x3a) return false;
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
    this.year = year;
    this.month = month;
    this.day = day;
    this.hour = hour;
    this.minute = minute;
    this.second = second;
    return true;
  }

  /** `%3d | %13v | %15s | %-7s "%s"` and the optional suffixes, from b[i] to the end of the line. */
  private message(b: Buffer, i: number, end: number): boolean {
    // %3d: HTTP statuses have three digits, so no padding
    let status = 0;
    const statusFrom = i;
    for (let c = b[i] ?? 0; c >= 0x30 && c <= 0x39 && i < end; c = b[++i] ?? 0) status = status * 10 + (c - 0x30);
    if (i - statusFrom < 1 || i - statusFrom > 3 || status < 100 || !isSeparator(b, i)) return false;
    this.status = status;

    // %13v: a Go duration, right-aligned
    i = skipSpaces(b, i + 3, end);
    this.latencyStart = i;
    i = goDurationEnd(b, i, end);
    if (i < 0 || !isSeparator(b, i)) return false;
    this.latencyEnd = i;

    // %15s: the client IP, right-aligned (empty when gin could not tell)
    i = skipSpaces(b, i + 3, end);
    if (b[i] === PIPE && b[i - 1] === SPACE && b[i + 1] === SPACE) i--; // an empty IP: the padding ran into the separator
    this.ipStart = i;
    while (i < end && b[i] !== SPACE) i++;
    if (!isSeparator(b, i)) return false;
    this.ipEnd = i;

    // %-7s: the method, left-aligned, then a space and the quoted path
    i += 3;
    this.methodStart = i;
    while (i < end && b[i] !== SPACE && b[i] !== QUOTE) i++;
    if (i === this.methodStart || b[i] !== SPACE) return false;
    this.methodEnd = i;
    i = skipSpaces(b, i, end);
    if (b[i] !== QUOTE) return false;
    this.pathStart = i + 1;
    return this.pathAndSuffixes(b, i + 1, end);
  }

  /**
   * The path is printed raw, so it may itself hold a quote: the closing quote is the first one that
   * the end of the line, " [credits]" or " | " follows.
   */
  private pathAndSuffixes(b: Buffer, i: number, end: number): boolean {
    for (; i < end; i++) {
      if (b[i] !== QUOTE) continue;
      let rest = i + 1;
      const credits = end - rest >= CREDITS.length && matches(b, rest, CREDITS);
      if (credits) rest += CREDITS.length;
      if (rest === end || (end - rest >= 3 && isSeparator(b, rest))) {
        this.pathEnd = i;
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
    const d = (b[k] ?? 0) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
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
export function readAccessLine(text: string): AccessLineFields | undefined {
  const b = Buffer.from(text, 'utf8');
  const p = new AccessLineParser();
  if (!p.parse(b, 0, b.length)) return undefined;
  const s = (from: number, to: number) => b.toString('utf8', from, to);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    timestamp: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
    requestId: s(p.idStart, p.idEnd),
    level: s(p.levelStart, p.levelStart + 5).trimEnd(),
    callerLine: p.callerLine,
    status: p.status,
    latency: s(p.latencyStart, p.latencyEnd),
    clientIp: s(p.ipStart, p.ipEnd),
    method: s(p.methodStart, p.methodEnd),
    path: s(p.pathStart, p.pathEnd),
    credits: p.credits,
    errors: p.errorsStart < 0 ? undefined : s(p.errorsStart, b.length),
  };
}

export interface AccessLineFields {
  timestamp: string;
  requestId: string;
  level: string;
  callerLine: number;
  status: number;
  latency: string;
  clientIp: string;
  method: string;
  path: string;
  credits: boolean;
  errors: string | undefined;
}
