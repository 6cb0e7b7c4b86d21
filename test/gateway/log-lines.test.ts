// The logs API's answer read as a stream and kept as bytes: the lines come out exactly as JSON.parse
// gives them, whatever the chunking, escapes or block boundaries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotShape } from '../../src/gateway/json-body.js';
import { JsonScanner } from '../../src/gateway/json-scan.js';
import { LogsReader, TAIL_LINES, type LogListing } from '../../src/gateway/log-lines.js';

/** `body` through the scanner in chunks of the given sizes (cycled). */
function read(body: string, sizes: number[] = [65536]): LogListing {
  const reader = new LogsReader();
  const scanner = new JsonScanner(reader);
  const bytes = Buffer.from(body, 'utf8');
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] as number);
    scanner.write(bytes.subarray(at, at + size));
    at += size;
  }
  scanner.end();
  return reader.result();
}

// No line breaks inside a line: the gateway serves one log line per string.
const lineArb = fc.string({ unit: 'binary', maxLength: 120 }).map((s) => s.replace(/[\n\r\u2028\u2029]/g, ' '));

describe('LogsReader', () => {
  it('keeps every line exactly as JSON.parse reads it, whatever the chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        (lines, sizes) => {
          const body = JSON.stringify({ lines, 'line-count': lines.length, 'latest-timestamp': 1764158400 });
          const got = read(body, sizes);
          expect(got.lines.strings()).toEqual(lines);
          expect(got.lines.count).toBe(lines.length);
          expect(got.lines.other).toBe(0);
          expect(got.lines.tail()).toEqual(lines.slice(-TAIL_LINES));
          expect(got.latestTimestamp).toBe(1764158400);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('spans its 1 MiB blocks: 20,000 lines of 150 bytes, and the tail is the newest 1,000', () => {
    const lines = Array.from(
      { length: 20_000 },
      (_, i) => `[2026-11-26 11:59:00] [${String(i).padStart(8, '0')}] ${'x'.repeat(120)}`,
    );
    const got = read(JSON.stringify({ lines }));
    expect(got.lines.strings()).toEqual(lines);
    expect(got.lines.tail()).toEqual(lines.slice(-TAIL_LINES));
    expect([...got.lines.chunks()].length).toBeGreaterThan(2);
  });

  it('counts entries that are not strings, and ignores other keys unread', () => {
    const got = read('{"next-cursor":"abc","lines":["a",42,null,{"x":["y"]},["z"],"b"],"extra":{"lines":5}}');
    expect(got.lines.strings()).toEqual(['a', 'b']);
    expect(got.lines.other).toBe(4);
    expect(got.latestTimestamp).toBeUndefined();
  });

  it('keeps one entry one line: an escaped line break becomes a space, on either decoding path', () => {
    const got = read(String.raw`{"lines":["a\nb \"q\" c\r\nd","caf\u00e9\nx","t\tab\/\\"]}`);
    expect(got.lines.strings()).toEqual(['a b "q" c  d', 'café x', 't\tab/\\']);
    expect(got.lines.count).toBe(3);
  });

  it.each([
    ['no lines key', '{"line-count":0}'],
    ['lines not a list', '{"lines":"x"}'],
    ['lines null', '{"lines":null}'],
    ['a bare list', '["a","b"]'],
  ])('%s is not the listing', (_name, body) => {
    expect(() => read(body)).toThrow(NotShape);
  });
});
