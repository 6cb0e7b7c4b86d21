// Splits a byte stream into lines without decoding it: the sink gets (buffer, start, end) for each
// line, CR LF and LF alike. Only a line cut by a chunk boundary is copied, so memory stays at one
// chunk plus one line however large the log is.

export type LineSink = (b: Buffer, start: number, end: number) => void;

const LF = 0x0a;
const CR = 0x0d;

/** No gateway line is near this long; longer ones (binary junk without newlines) are dropped, not held. */
export const MAX_LINE_BYTES = 64 * 1024;

export class LineSplitter {
  /** Lines dropped for exceeding maxLineBytes; the caller counts them as skipped. */
  overlongLines = 0;
  private carry = Buffer.allocUnsafe(4096);
  private carried = 0;
  /** Inside a line that already exceeded the limit: drop bytes until its newline. */
  private dropping = false;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  /** The caller may reuse `chunk` once this returns. */
  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carried > 0 || this.dropping) {
      const nl = chunk.indexOf(LF, 0); // an offset always: Buffer#indexOf's optimised code assumes one
      if (nl < 0) {
        this.keep(chunk, 0, chunk.length);
        return;
      }
      this.keep(chunk, 0, nl);
      this.flush();
      pos = nl + 1;
    }
    for (let nl = chunk.indexOf(LF, pos); nl >= 0; nl = chunk.indexOf(LF, pos)) {
      this.emit(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < chunk.length) this.keep(chunk, pos, chunk.length);
  }

  /** The last line, when the input does not end with a newline. */
  end(): void {
    if (this.carried > 0 || this.dropping) this.flush();
  }

  private emit(b: Buffer, start: number, end: number): void {
    if (end > start && b[end - 1] === CR) end--;
    if (end - start > this.maxLineBytes) this.overlongLines++;
    else this.sink(b, start, end);
  }

  private keep(b: Buffer, from: number, to: number): void {
    if (this.dropping) return;
    const size = this.carried + (to - from);
    // +1: a CR still to be stripped does not make a line too long
    if (size > this.maxLineBytes + 1) {
      this.dropping = true;
      this.carried = 0;
      return;
    }
    if (size > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.min(Math.max(size, this.carry.length * 2), this.maxLineBytes + 1));
      this.carry.copy(grown, 0, 0, this.carried);
      this.carry = grown;
    }
    b.copy(this.carry, this.carried, from, to);
    this.carried = size;
  }

  private flush(): void {
    if (this.dropping) this.overlongLines++;
    else this.emit(this.carry, 0, this.carried);
    this.dropping = false;
    this.carried = 0;
  }
}
