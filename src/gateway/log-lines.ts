// The logs API's answer read as a stream: {"lines":["…", …], "latest-timestamp": N, …} is never held.
// Its lines are kept as UTF-8 bytes, one newline after each, in blocks of 1 MiB: what a log file holds,
// so the scan reads them with its byte path, and about half the memory of as many JS strings
// (500,000 lines were 426 MiB peak held and parsed; see README, Performance).
import { NotShape, type JsonReader } from './json-body.js';

const BLOCK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
/**
 * The byte each one-byte JSON escape stands for, by the byte after the backslash. \n and \r become a
 * space: one list entry is one log line, and a line break in it would make the scan read two.
 */
const ESCAPED: Array<number | undefined> = [];
for (const [escape, byte] of [
  ['"', 0x22],
  ['\\', 0x5c],
  ['/', 0x2f],
  ['b', 0x08],
  ['f', 0x0c],
  ['n', 0x20],
  ['r', 0x20],
  ['t', 0x09],
] as const)
  ESCAPED[escape.charCodeAt(0)] = byte;

/** The last this many lines can be had as strings (zone inference reads the newest lines). */
export const TAIL_LINES = 1000;

export class LogLines {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  /** Where each of the last TAIL_LINES lines sits: block number, start, end; a ring. */
  private readonly tailBlock = new Int32Array(TAIL_LINES);
  private readonly tailStart = new Int32Array(TAIL_LINES);
  private readonly tailEnd = new Int32Array(TAIL_LINES);
  /** Lines kept (the strings of the list). */
  count = 0;
  /** Entries of the list that are not strings: the scan counts them as lines it could not read. */
  other = 0;

  /** One line, as the UTF-8 bytes of the decoded string. */
  add(bytes: Buffer, start: number, end: number): void {
    const size = end - start;
    if (this.used + size + 1 > this.block.length) {
      if (this.used) this.blocks.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, size + 1));
      this.used = 0;
    }
    bytes.copy(this.block, this.used, start, end);
    const slot = this.count % TAIL_LINES;
    this.tailBlock[slot] = this.blocks.length;
    this.tailStart[slot] = this.used;
    this.tailEnd[slot] = this.used + size;
    this.used += size;
    this.block[this.used++] = NEWLINE;
    this.count++;
  }

  /** The kept bytes, oldest first: each line ends in a newline. */
  *chunks(): Generator<Buffer> {
    yield* this.blocks;
    if (this.used) yield this.block.subarray(0, this.used);
  }

  /** The newest lines (at most TAIL_LINES), oldest first. */
  tail(): string[] {
    const n = Math.min(this.count, TAIL_LINES);
    const out: string[] = [];
    for (let i = this.count - n; i < this.count; i++) {
      const slot = i % TAIL_LINES;
      const b = this.tailBlock[slot] as number;
      const block = b < this.blocks.length ? (this.blocks[b] as Buffer) : this.block;
      out.push(block.toString('utf8', this.tailStart[slot], this.tailEnd[slot]));
    }
    return out;
  }

  /** Every line as a string: for the commands that read a short window line by line. */
  strings(): string[] {
    const out: string[] = [];
    for (const chunk of this.chunks()) {
      let from = 0;
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, from)) {
        out.push(chunk.toString('utf8', from, at));
        from = at + 1;
      }
    }
    return out;
  }
}

export interface LogListing {
  lines: LogLines;
  /** The gateway's own reading of its newest line (unix s), when it sent a finite number. */
  latestTimestamp: number | undefined;
}

const SHAPE = 'a log listing ({"lines":[...]})';

/** Reads {"lines":[...]} from scanner events; anything else at the top level is skipped unread. */
export class LogsReader implements JsonReader<LogListing> {
  private readonly lines = new LogLines();
  private depth = 0;
  private current: string | undefined;
  private inLines = false;
  private sawLines = false;
  private latest: number | undefined;
  private scratch = Buffer.allocUnsafe(4096);

  open(kind: 'object' | 'array'): void {
    this.depth++;
    if (this.depth === 1 && kind !== 'object') throw new NotShape(SHAPE);
    if (this.depth === 2 && this.current === 'lines') {
      if (kind !== 'array') throw new NotShape(SHAPE);
      this.inLines = true;
    } else if (this.depth === 3 && this.inLines) this.lines.other++;
  }

  close(): void {
    if (this.depth === 2 && this.inLines) {
      this.inLines = false;
      this.sawLines = true;
    }
    this.depth--;
    // the whole body read without a lines list: said here, where the message can quote the body
    if (this.depth === 0 && !this.sawLines) throw new NotShape(SHAPE);
  }

  wantsKey(): boolean {
    return this.depth === 1;
  }

  key(name: string | undefined): void {
    if (this.depth === 1) this.current = name;
  }

  wantsValue(): boolean {
    return (this.depth === 2 && this.inLines) || (this.depth === 1 && this.current === 'latest-timestamp');
  }

  value(value: string | number | boolean | null | undefined): void {
    if (this.depth === 2 && this.inLines) {
      // a string arrives through rawString; one that does not (none today) is kept the slow way
      if (typeof value === 'string') this.addText(value);
      else this.lines.other++;
    } else if (this.depth === 1 && this.current === 'latest-timestamp' && typeof value === 'number')
      this.latest = Number.isFinite(value) ? value : undefined;
    else if (this.depth === 1 && this.current === 'lines') throw new NotShape(SHAPE);
  }

  rawString(buf: Buffer, start: number, end: number): boolean {
    if (!(this.depth === 2 && this.inLines)) return false;
    const escape = buf.indexOf(BACKSLASH, start);
    if (escape === -1 || escape >= end) {
      this.lines.add(buf, start, end);
      return true;
    }
    // Every access line escapes the quotes around its path (\"/v1/…\"): those and the other one-byte
    // escapes are undone here, copying the runs between them; a \u escape goes through JSON.parse. The
    // result is never longer than the escaped text, so the scratch buffer holds it.
    if (this.scratch.length < end - start) this.scratch = Buffer.allocUnsafe(end - start);
    const out = this.scratch;
    let size = 0;
    let from = start;
    for (let at = escape; at !== -1 && at < end; at = buf.indexOf(BACKSLASH, from)) {
      size += buf.copy(out, size, from, at);
      const byte = ESCAPED[buf[at + 1] as number];
      if (byte === undefined) return this.decoded(buf, start, end);
      out[size++] = byte;
      from = at + 2;
    }
    size += buf.copy(out, size, from, end);
    this.lines.add(out, 0, size);
    return true;
  }

  /** A line with a \u escape (or one JSON does not know), decoded as JSON decodes it. */
  private decoded(buf: Buffer, start: number, end: number): boolean {
    let text: string;
    try {
      text = JSON.parse(`"${buf.toString('utf8', start, end)}"`) as string;
    } catch {
      this.lines.other++; // a line the scan cannot read, and says so
      return true;
    }
    this.addText(text);
    return true;
  }

  /** A decoded line, kept one line: a line break in it would make two. */
  private addText(text: string): void {
    const bytes = Buffer.from(text.replace(/[\r\n]/g, ' '), 'utf8');
    this.lines.add(bytes, 0, bytes.length);
  }

  result(): LogListing {
    if (!this.sawLines) throw new NotShape(SHAPE);
    return { lines: this.lines, latestTimestamp: this.latest };
  }
}
