// The fixed-offset path (word compares, a plain-latency loop, the path's end read lazily) must accept
// exactly the lines the general parser accepts in the common layout, with the same fields: generated
// lines near that layout, many of them one byte off, are read both ways.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessLineParser, readAccessLine } from '../../src/logs/access-line.js';
import { ByteKeys } from '../../src/logs/byte-keys.js';

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** One of `good` mostly, one of `bad` now and then: most lines stay close enough to be read. */
const mostly = <T>(good: T[], bad: T[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 6 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
const chars = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((a) => a.join(''));

const latency = fc.oneof(
  // plain ones, in every unit, and what is nearly one
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        chars('0123456789', 0, 7),
        pick('', '.', '.5', '.123'),
        pick('s', 'ms', 'µs', 'μs', 'ns', 'us', 'm', 'h', 'ks', ''),
      )
      .map(([digits, fraction, unit]) => `${digits}${fraction}${unit}`),
  },
  { weight: 1, arbitrary: pick('0s', '1m5s', '2h0m0s', '-3ms', '1m', 'm5s', '5s5', ' 5s', '5 s', '1.5.5s') },
  { weight: 1, arbitrary: chars('0123456789.smµh -|', 1, 14) },
);

const line = fc
  .record({
    id: fc.oneof(
      { arbitrary: chars('0123456789abcdef-', 8, 8), weight: 6 },
      { arbitrary: pick('9f8e 7d6', '9f8e]7d6', '0123456789abcdef', ''), weight: 1 },
    ),
    level: mostly(['info ', 'warn ', 'error'], ['debug', 'info', 'warn']),
    caller: mostly(
      ['gin_logger.go:93', 'gin_logger.go:91'],
      ['gin_logger.go:9', 'gin_logger.go:109', 'gin_logger.g:93'],
    ),
    status: mostly(['200', '429', '401', '502'], ['099', '42', '4x9', '1000']),
    latency,
    width: mostly([13], [12, 14]),
    ip: mostly(['127.0.0.1', '10.0.0.12', '2001:db8::1', ''], ['fd2b:6d4:c6af:cafe::185', 'a | b']),
    method: mostly(['GET', 'POST', 'OPTIONS', 'DELETE'], ['PROPFIND', 'P T', 'GE"T', '']),
    path: mostly(['/v1/models', '/v1/chat/completions?key=***', '/v1/a"b', ''], ['/v1/a" | b', '/v1/x" [credits]']),
    suffix: mostly(['', ' [credits]', ' | Error #01: boom', ' [credits] | Error #01: "q"'], [' x', '"']),
  })
  .map(
    (f) =>
      `[2026-02-23 10:15:02] [${f.id}] [${f.level}] [${f.caller}] ${f.status} | ${f.latency.padStart(f.width)} | ${f.ip.padStart(15)} | ${f.method.padEnd(7)} "${f.path}"${f.suffix}`,
  );

describe('the fixed-offset path', () => {
  it('reads every generated line as the general parser does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(line, (text) => {
        const fast = readAccessLine(text, new AccessLineParser(true));
        expect(fast).toEqual(readAccessLine(text, new AccessLineParser(false)));
        if (fast) accepted++;
      }),
      { numRuns: 3000 },
    );
    // the generator reaches both outcomes
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(2900);
  });

  it('reads a line in the middle of a larger buffer, and again after another buffer', () => {
    const p = new AccessLineParser();
    const text =
      '[2026-02-23 10:15:06] [--------] [warn ] [gin_logger.go:91] 401 |         850µs |       10.0.0.12 | GET     "/v1/a"b"';
    const expected = readAccessLine(text, new AccessLineParser(false));
    for (const before of ['', 'x\n', 'abc\n']) {
      const b = Buffer.from(`${before}${text}\nnext`, 'utf8');
      const start = Buffer.byteLength(before);
      const end = start + Buffer.byteLength(text);
      expect(p.parse(b, start, end)).toBe(true);
      p.readSuffixes(b);
      expect([p.status, b.toString('utf8', p.latencyStart, p.latencyEnd)]).toEqual([401, expected?.latency]);
      expect(b.toString('utf8', p.pathStart, p.pathEnd)).toBe('/v1/a"b');
    }
  });
});

describe('ByteKeys', () => {
  it('gives the same bytes the same key wherever they lie, and distinct names distinct keys', () => {
    const names = new ByteKeys();
    const keys = new Map<number, string>();
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat(7), (name, offset) => {
        const bytes = Buffer.from(name, 'utf8');
        const b = Buffer.concat([Buffer.alloc(offset, 0x20), bytes, Buffer.from(' ')]);
        const key = names.key(b, offset, offset + bytes.length);
        expect(names.key(Buffer.from(bytes), 0, bytes.length)).toBe(key);
        const seen = keys.get(key);
        if (seen !== undefined) expect(seen).toBe(name);
        keys.set(key, name);
      }),
      { numRuns: 5000 },
    );
    // a name and the same name with a zero byte more (a word's padding) differ
    const ab = Buffer.from('abc\0abc', 'latin1');
    expect(names.key(ab, 0, 3)).not.toBe(names.key(ab, 0, 4));
    expect(Number.isSafeInteger(names.key(ab, 0, 7))).toBe(true);
  });
});
