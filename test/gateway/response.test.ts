import { describe, expect, it } from 'vitest';
import type { GatewayResponse } from '../../src/gateway/client.js';
import { BadBody, readJson } from '../../src/gateway/response.js';

const res = (text: string): GatewayResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(text),
  durationMs: 1,
  path: '/x',
});
const failure = (text: string, opts?: { quoteBody?: boolean }): string => {
  try {
    readJson(res(text), opts);
  } catch (err) {
    expect(err).toBeInstanceOf(BadBody);
    return (err as Error).message;
  }
  throw new Error('readJson accepted the body');
};

describe('readJson', () => {
  it.each([
    ['after a comma', '{"a":1,'],
    ['after a number', '{"a":{"b":153'],
    ['inside a string', '{"a":"xy'],
    ['inside a literal', '{"a":tr'],
    ['with trailing whitespace', '{"a":1,\n  '],
  ])('calls a body cut off %s truncated', (_name, text) => {
    expect(failure(text)).toContain('with truncated JSON');
  });

  it('calls garbage in the middle invalid', () => {
    expect(failure('{"a":1}} trailing')).toContain('with invalid JSON');
  });

  it('quotes the start of the body unless told not to', () => {
    expect(failure('{"sk-secret-client-key":1,')).toContain('"{"sk-secret-client-key":1,"');
    const quiet = failure('{"sk-secret-client-key":1,', { quoteBody: false });
    expect(quiet).toBe('GET /x → 200 with truncated JSON (26 bytes)');
  });
});
