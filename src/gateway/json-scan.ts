// A streaming JSON scanner over bytes, for answers too large to hold (a week of /usage is ~200 MB):
// it keeps only the open containers and at most one unfinished token between chunks, and decodes a
// string only when the reader asks for it, so memory stays flat and untouched values cost a scan.
// Measured against @streamparser/json and JSON.parse in bench/large-answers.mjs (README, Performance).

/** What the reader is told, in document order. Depth is the number of containers open around the token. */
export interface JsonEvents {
  open(kind: 'object' | 'array'): void;
  close(): void;
  /** Whether the next key is wanted; an unwanted key arrives as undefined (decoding keys is most of the cost). */
  wantsKey(): boolean;
  /** An object key; the value follows. */
  key(name: string | undefined): void;
  /** Whether the value about to be delivered is wanted; an unwanted string or number arrives as undefined. */
  wantsValue(): boolean;
  value(value: string | number | boolean | null | undefined): void;
  /**
   * Offered a wanted string's raw bytes (between the quotes, escapes as written) before it is decoded:
   * returning true takes them instead of `value`, and no string is made.
   */
  rawString?(buf: Buffer, start: number, end: number): boolean;
}

export class JsonScanError extends Error {
  override name = 'JsonScanError';
  constructor(
    message: string,
    /** True when the text stopped in the middle of a document rather than going wrong. */
    readonly truncated: boolean,
  ) {
    super(message);
  }
}

/** Past this a single token (a string, say) is refused rather than re-copied chunk after chunk. */
export const MAX_TOKEN_BYTES = 1024 * 1024;
/** Deeper nesting is refused: the served shapes are a handful of levels deep. */
export const MAX_DEPTH = 64;

const enum S {
  Value, // a value is expected
  ValueOrClose, // after '[': a value or ']'
  KeyOrClose, // after '{': a key or '}'
  Key, // after ',' in an object
  Colon, // after a key
  After, // after a value: ',', the closing bracket, or the end
  Done, // the top-level value is complete
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function isNumberByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x2e || b === 0x65 || b === 0x45;
}

export class JsonScanner {
  private state = S.Value;
  private readonly stack = new Uint8Array(MAX_DEPTH); // 1 = object, 2 = array
  private depth = 0;
  private carry: Buffer | undefined;
  private seen = 0;
  private readonly keys = new AsciiCache();

  constructor(private readonly events: JsonEvents) {}

  /** Feeds the next chunk; throws JsonScanError on text that is not JSON. */
  write(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    const consumed = this.scan(buf);
    if (consumed < buf.length) {
      if (buf.length - consumed > MAX_TOKEN_BYTES)
        throw new JsonScanError(`a single value is longer than ${MAX_TOKEN_BYTES / 1024 / 1024} MiB`, false);
      this.carry = Buffer.from(buf.subarray(consumed));
    }
    this.seen += consumed;
  }

  /** The text has ended: throws unless it held exactly one complete value. */
  end(): void {
    if (this.carry) {
      const rest = this.carry;
      this.carry = undefined;
      if (rest[0] === QUOTE)
        throw new JsonScanError(`the text ends inside a string (byte ${this.seen + rest.length})`, true);
      // A bare number or word at the very end has nothing after it to end it: give it a space.
      this.scan(Buffer.concat([rest, Buffer.from(' ')]));
      this.seen += rest.length;
    }
    if (this.state !== S.Done)
      throw new JsonScanError(
        this.seen === 0 ? 'the body is empty' : `the text ends before the JSON does (byte ${this.seen})`,
        true,
      );
  }

  private fail(why: string, at: number): never {
    throw new JsonScanError(`${why} at byte ${this.seen + at}`, false);
  }

  /** Scans `buf` and returns how many bytes were consumed: the rest is one unfinished token. */
  private scan(buf: Buffer): number {
    const n = buf.length;
    const ev = this.events;
    let i = 0;
    while (i < n) {
      const b = buf[i] as number;
      if (isSpace(b)) {
        i++;
        continue;
      }
      if (this.state === S.ValueOrClose) {
        if (b === 0x5d) {
          this.closeContainer();
          i++;
          continue;
        }
        this.state = S.Value;
      }
      switch (this.state) {
        case S.Done:
          return this.fail('more text after the JSON value', i);
        case S.Colon:
          if (b !== 0x3a) this.fail('expected ":"', i);
          this.state = S.Value;
          i++;
          continue;
        case S.After:
          if (b === 0x2c) {
            this.state = this.stack[this.depth - 1] === 1 ? S.Key : S.Value;
            i++;
            continue;
          }
          if (b === 0x7d || b === 0x5d) {
            if (this.stack[this.depth - 1] !== (b === 0x7d ? 1 : 2))
              this.fail(`unexpected "${String.fromCharCode(b)}"`, i);
            this.closeContainer();
            i++;
            continue;
          }
          return this.fail('expected "," or a closing bracket', i);
        case S.KeyOrClose:
        case S.Key: {
          if (b === 0x7d && this.state === S.KeyOrClose) {
            this.closeContainer();
            i++;
            continue;
          }
          if (b !== QUOTE) this.fail('expected a key', i);
          const end = stringEnd(buf, i);
          if (end < 0) return i;
          ev.key(ev.wantsKey() ? this.keyOf(buf, i, end) : undefined);
          this.state = S.Colon;
          i = end + 1;
          continue;
        }
        default: {
          if (b === 0x7b || b === 0x5b) {
            if (this.depth === MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`, i);
            const object = b === 0x7b;
            this.stack[this.depth++] = object ? 1 : 2;
            this.state = object ? S.KeyOrClose : S.ValueOrClose;
            ev.open(object ? 'object' : 'array');
            i++;
            continue;
          }
          if (b === QUOTE) {
            const end = stringEnd(buf, i);
            if (end < 0) return i;
            if (!ev.wantsValue()) ev.value(undefined);
            else if (!ev.rawString?.(buf, i + 1, end)) ev.value(decode(buf, i, end));
            i = end + 1;
          } else {
            if (!isNumberByte(b) && b !== 0x74 && b !== 0x66 && b !== 0x6e)
              return this.fail(`unexpected "${String.fromCharCode(b)}"`, i);
            let j = i;
            while (j < n && !isDelimiter(buf[j] as number)) j++;
            if (j === n) return i; // the token may go on in the next chunk
            ev.value(this.bare(buf, i, j));
            i = j;
          }
          this.state = this.depth === 0 ? S.Done : S.After;
          continue;
        }
      }
    }
    return n;
  }

  /** true, false, null or a number between `i` and `j`; an unwanted number is only checked, not converted. */
  private bare(buf: Buffer, i: number, j: number): boolean | null | number | undefined {
    const b = buf[i] as number;
    if (b === 0x74 || b === 0x66 || b === 0x6e) {
      const word = buf.toString('latin1', i, j);
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      return this.fail(`unexpected "${word.slice(0, 20)}"`, i);
    }
    if (this.events.wantsValue()) {
      const token = buf.toString('latin1', i, j);
      if (NUMBER.test(token)) return Number(token);
      return this.fail(`unexpected "${token.slice(0, 20)}"`, i);
    }
    let ok = b === 0x2d || (b >= 0x30 && b <= 0x39);
    for (let k = i + 1; k < j && ok; k++) ok = isNumberByte(buf[k] as number);
    return ok ? undefined : this.fail(`unexpected "${buf.toString('latin1', i, Math.min(j, i + 20))}"`, i);
  }

  /** A key: the same few repeat in every entry of a large list, so short ASCII ones come from a cache. */
  private keyOf(buf: Buffer, start: number, end: number): string {
    return this.keys.get(buf, start + 1, end) ?? decode(buf, start, end);
  }

  private closeContainer(): void {
    this.depth--;
    this.state = this.depth === 0 ? S.Done : S.After;
    this.events.close();
  }
}

/**
 * Short ASCII strings from a bounded cache, for the ones that repeat in every entry of a large list
 * (keys, owners): decoding each afresh was most of the garbage a scan made.
 */
export class AsciiCache {
  private readonly strings = new Map<number, string>();

  /** The string of `buf[start, end)` (no quotes), or undefined when it is long, escaped or not ASCII. */
  get(buf: Buffer, start: number, end: number): string | undefined {
    const length = end - start;
    if (length > MAX_CACHED_LENGTH) return undefined;
    let hash = length;
    for (let k = start; k < end; k++) {
      const b = buf[k] as number;
      if (b === BACKSLASH || b >= 0x80) return undefined;
      hash = (Math.imul(hash, 31) + b) | 0;
    }
    const hit = this.strings.get(hash);
    if (hit !== undefined && hit.length === length && sameAscii(hit, buf, start)) return hit;
    const text = buf.toString('latin1', start, end);
    if (this.strings.size < MAX_CACHED_STRINGS) this.strings.set(hash, text);
    return text;
  }
}

const MAX_CACHED_LENGTH = 32;
const MAX_CACHED_STRINGS = 1024;

function sameAscii(text: string, buf: Buffer, at: number): boolean {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) !== buf[at + k]) return false;
  return true;
}

function isDelimiter(b: number): boolean {
  return b === 0x2c || b === 0x7d || b === 0x5d || isSpace(b);
}

/** The index of the quote that closes the string opened at `start`, or -1 when the chunk ends first. */
function stringEnd(buf: Buffer, start: number): number {
  for (let q = buf.indexOf(QUOTE, start + 1); q >= 0; q = buf.indexOf(QUOTE, q + 1)) {
    let slashes = 0;
    while (buf[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
  }
  return -1;
}

/** The string between the quotes at `start` and `end`; escapes are left to JSON.parse, which is rare here. */
function decode(buf: Buffer, start: number, end: number): string {
  let escaped = false;
  for (let i = start + 1; i < end && !escaped; i++) escaped = buf[i] === BACKSLASH;
  if (!escaped) return buf.toString('utf8', start + 1, end);
  try {
    return JSON.parse(buf.toString('utf8', start, end + 1)) as string;
  } catch {
    throw new JsonScanError('a string with an invalid escape', false);
  }
}
