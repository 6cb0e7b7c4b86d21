// Byte ranges of one plain log file, so that several threads can scan it at once. Offsets are cut
// anywhere; lines are not: a range owns the lines that start after the first newline at or after its
// start (from the file's first byte when the start is 0), up to and including the first newline at or
// after its end. Where one range stops, the next begins, so each line is read by exactly one range
// whatever the offsets between 0 and the end of the file.
import { readSync } from 'node:fs';
import { CHUNK_BYTES } from './files.js';

const LF = 0x0a;

export interface ByteRange {
  start: number;
  /** Infinity for the last range: it reads to the end of the file, including lines appended since it was listed. */
  end: number;
}

/** `bytes` cut into ranges of about `rangeBytes` each (at least one range). */
export function splitRanges(bytes: number, rangeBytes: number): ByteRange[] {
  const count = Math.max(1, Math.ceil(bytes / Math.max(1, rangeBytes)));
  return Array.from({ length: count }, (_, i) => ({
    start: Math.round((i * bytes) / count),
    end: i === count - 1 ? Infinity : Math.round(((i + 1) * bytes) / count),
  }));
}

/** Cuts the chunks read one after another from `range.start` down to the lines the range owns. */
export class RangeCutter {
  /** Bytes handed out so far. */
  owned = 0;
  /** Nothing after the last chunk belongs to the range: stop reading. */
  done = false;
  /** The line under `start` belongs to the previous range, unless the range starts the file. */
  private seeking: boolean;
  private position: number;

  constructor(private readonly range: ByteRange) {
    this.seeking = range.start > 0;
    this.position = range.start;
  }

  /** The part of `chunk` (the bytes after the previous chunk) that the range owns, if any. */
  cut(chunk: Buffer): Buffer | undefined {
    const at = this.position;
    this.position += chunk.length;
    let from = 0;
    if (this.seeking) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) return undefined;
      this.seeking = false;
      from = nl + 1;
      // That line also ran past `end`: the previous range reads it, and this one owns nothing.
      if (at + from > this.range.end) {
        this.done = true;
        return undefined;
      }
    }
    let to = chunk.length;
    if (at + to > this.range.end) {
      const nl = chunk.indexOf(LF, Math.max(from, this.range.end - at));
      if (nl >= 0) {
        to = nl + 1;
        this.done = true;
      }
    }
    if (to === from) return undefined;
    this.owned += to - from;
    return chunk.subarray(from, to);
  }
}

/**
 * Streams the lines `range` of the open file `fd` owns to `onChunk` (the last may lack its newline at
 * the end of the file) and returns their bytes. Reads block, one chunk at a time, so the copy from the
 * page cache runs on the scanning core just before the scan reads those bytes: with every core
 * scanning, that beats handing the copy to a libuv thread that has no core of its own. `pause` runs
 * after each chunk: in the main thread it yields to the event loop (worker results, the deadline, Ctrl-C).
 */
export async function readRange(
  fd: number,
  range: ByteRange,
  onChunk: (chunk: Buffer) => void,
  pause?: () => Promise<void>,
  chunkBytes = CHUNK_BYTES,
): Promise<number> {
  const cutter = new RangeCutter(range);
  const buffer = Buffer.allocUnsafe(chunkBytes);
  for (let position = range.start; !cutter.done;) {
    const n = readSync(fd, buffer, 0, chunkBytes, position);
    if (n === 0) break;
    position += n;
    const part = cutter.cut(n === chunkBytes ? buffer : buffer.subarray(0, n));
    if (part) onChunk(part);
    if (pause) await pause();
  }
  return cutter.owned;
}
