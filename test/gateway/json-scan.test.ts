// The streaming scanner must read any JSON text exactly as JSON.parse does, however the bytes are cut
// into chunks, and refuse what JSON.parse refuses, saying whether the text was cut short.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonScanError, JsonScanner, MAX_DEPTH, type JsonEvents } from '../../src/gateway/json-scan.js';

/** Rebuilds the value from the events, asking for every key and value. */
function rebuild(): JsonEvents & { value_(): unknown } {
  const stack: Array<{ container: unknown[] | Record<string, unknown>; key?: string | undefined }> = [];
  let root: unknown;
  const place = (v: unknown) => {
    const top = stack[stack.length - 1];
    if (!top) root = v;
    else if (Array.isArray(top.container)) top.container.push(v);
    // defineProperty, as JSON.parse does: a "__proto__" key is data, not the prototype.
    else
      Object.defineProperty(top.container, top.key as string, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  };
  return {
    open(kind) {
      const container = kind === 'object' ? {} : [];
      place(container);
      stack.push({ container });
    },
    close() {
      stack.pop();
    },
    wantsKey: () => true,
    key(name) {
      (stack[stack.length - 1] as { key?: string | undefined }).key = name;
    },
    wantsValue: () => true,
    value: (v) => place(v),
    value_: () => root,
  };
}

function scan(text: string, cuts: number[] = []): unknown {
  const bytes = Buffer.from(text);
  const events = rebuild();
  const scanner = new JsonScanner(events);
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    scanner.write(bytes.subarray(at, cut));
    at = cut;
  }
  scanner.write(bytes.subarray(at));
  scanner.end();
  return events.value_();
}

function failure(text: string, cuts: number[] = []): JsonScanError {
  try {
    scan(text, cuts);
  } catch (err) {
    if (err instanceof JsonScanError) return err;
    throw err;
  }
  throw new Error(`scanned ${text} without complaint`);
}

describe('JsonScanner', () => {
  it('reads any JSON value as JSON.parse does, cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.json({ depthSize: 'medium' }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom('', ' ', '\n\t '),
        (text, cuts, pad) => {
          expect(scan(pad + text + pad, cuts)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decodes escapes and multi-byte characters split across chunks', () => {
    const text = JSON.stringify({ 'k\\"ey': ['é€😀', 'a\\nb\u0001', '\\\\'], n: -1.5e-3 });
    for (let cut = 0; cut <= Buffer.byteLength(text); cut++) expect(scan(text, [cut])).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":1', true],
    ['[1,2', true],
    ['{"a":"b', true],
    ['', true],
    ['   ', true],
    ['{"a":1}}', false],
    ['{"a" 1}', false],
    ['[1,,2]', false],
    ['{"a":tru}', false],
    ['{"a":01}', false],
    ['[1]x', false],
    ['{a:1}', false],
    ['[1}', false],
    ['<html>', false],
  ])('refuses %j (cut short: %s)', (text, truncated) => {
    const err = failure(text);
    expect(err.truncated).toBe(truncated);
    expect(failure(text, [1, 3]).truncated).toBe(truncated);
  });

  it('refuses nesting deeper than its limit instead of growing a stack', () => {
    expect(failure('['.repeat(MAX_DEPTH + 1)).message).toMatch(/nesting deeper than 64/);
    expect(scan('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH))).toBeDefined();
  });

  it('hands unwanted keys and values over undecoded', () => {
    const seen: unknown[] = [];
    const scanner = new JsonScanner({
      open: () => {},
      close: () => {},
      wantsKey: () => false,
      key: (k) => seen.push(k),
      wantsValue: () => false,
      value: (v) => seen.push(v),
    });
    scanner.write(Buffer.from('{"secret":"sk-123","n":12,"t":true,"z":null}'));
    scanner.end();
    // key, value pairs: the string and the number stay undecoded; true and null cost nothing to give.
    expect(seen).toEqual([undefined, undefined, undefined, undefined, undefined, true, undefined, null]);
  });
});
