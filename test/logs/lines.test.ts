import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/logs/lines.js';

function split(chunks: Array<string | Buffer>, max?: number): { lines: string[]; overlong: number } {
  const lines: string[] = [];
  const splitter = new LineSplitter((b, s, e) => lines.push(b.toString('latin1', s, e)), max);
  for (const c of chunks) {
    // A reused buffer, as the file reader passes: the splitter must not keep a reference to it.
    const chunk = Buffer.from(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
    splitter.push(chunk);
    chunk.fill(0x21);
  }
  splitter.end();
  return { lines, overlong: splitter.overlongLines };
}

describe('LineSplitter', () => {
  it('splits LF and CRLF lines and strips the CR', () => {
    expect(split(['a\nb\r\nc\r\n']).lines).toEqual(['a', 'b', 'c']);
  });

  it('joins a line cut by a chunk boundary, also between CR and LF', () => {
    expect(split(['ab', 'c\nde', 'f\r', '\ng']).lines).toEqual(['abc', 'def', 'g']);
  });

  it('emits a last line that has no newline, and no phantom line after a final newline', () => {
    expect(split(['x\ny']).lines).toEqual(['x', 'y']);
    expect(split(['x\n']).lines).toEqual(['x']);
  });

  it('keeps empty lines as lines (the scan counts them as skipped)', () => {
    expect(split(['\n\nx\n']).lines).toEqual(['', '', 'x']);
  });

  it('drops a line longer than the limit without holding it, whole or across chunks', () => {
    expect(split(['ok\n' + 'x'.repeat(11) + '\nok2\n'], 10)).toEqual({ lines: ['ok', 'ok2'], overlong: 1 });
    expect(split(['ok\nxxxxxx', 'xxxxxx', 'xxxxxx\nok2'], 10)).toEqual({ lines: ['ok', 'ok2'], overlong: 1 });
    expect(split(['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'], 10)).toEqual({ lines: [], overlong: 1 });
  });

  it('a line of exactly the limit passes, with or without a CR', () => {
    expect(split(['0123456789\r\n0123456789\n'], 10).lines).toEqual(['0123456789', '0123456789']);
    expect(split(['01234', '56789\r', '\n'], 10).lines).toEqual(['0123456789']);
  });
});
