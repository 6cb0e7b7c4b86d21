// Property tests (fast-check): the redactor against random secrets in random encodings embedded in random
// bodies and cut at random widths, and the access-line parser against every line shape the gateway writes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAccessLine } from '../../src/logs/access-line.js';
import { Redactor } from '../../src/redact.js';
import { accessLine } from '../../src/simulator/access-log.js';

const SECRET_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
/** Body text shares no letter or digit with a secret, so a surviving run of one can only be a leak. */
const BODY_CHARS = [' ', '\n', '\t', '{', '}', '"', ':', ',', '<', '>', '=', '!', 'é', '€', '\u001b', '\u0007'];

const secretArb = fc
  .array(fc.constantFrom(...SECRET_CHARS), { minLength: 16, maxLength: 48 })
  .map((cs) => `k${cs.join('')}`);
const bodyArb = fc.array(fc.constantFrom(...BODY_CHARS), { maxLength: 40 }).map((cs) => cs.join(''));

type Encoding = (secret: string, split: number) => string;
const ENCODINGS: Record<string, Encoding> = {
  raw: (s) => s,
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  json: (s) => JSON.stringify(s).slice(1, -1),
  url: (s) => encodeURIComponent(s),
  hex: (s) => Buffer.from(s).toString('hex'),
  HEX: (s) => Buffer.from(s).toString('hex').toUpperCase(),
  base64: (s) => Buffer.from(s).toString('base64'),
  base64url: (s) => Buffer.from(s).toString('base64url'),
  basic: (s) => Buffer.from(`u:${s}`).toString('base64'),
  'split by a line break': (s, at) => `${s.slice(0, at)}\n${s.slice(at)}`,
  'split by spaces': (s, at) => `${s.slice(0, at)}  \r\n  ${s.slice(at)}`,
};

/** Every 8-character run of `text`, lower-cased. */
const windows = (text: string) =>
  Array.from({ length: Math.max(0, text.length - 7) }, (_, i) => text.slice(i, i + 8).toLowerCase());

describe('the redactor (property)', () => {
  it('no 8-character run of a secret, in any encoding, survives redaction and a cut at any width', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.constantFrom(...Object.keys(ENCODINGS)),
        bodyArb,
        bodyArb,
        fc.nat(200),
        fc.nat(40),
        (secret, encoding, before, after, width, splitAt) => {
          const r = new Redactor();
          r.add(secret);
          const encoded = (ENCODINGS[encoding] as Encoding)(secret, 1 + (splitAt % (secret.length - 1)));
          // As provops handles a body: scrubbed on arrival, then quoted (cut) and redacted on output.
          const shown = r.redact(`${r.scrub(before + encoded + after).slice(0, width)}…`);
          const squeezed = shown.replace(/\s+/g, '').toLowerCase();
          for (const w of windows(secret)) expect(squeezed).not.toContain(w);
          const form = (ENCODINGS[encoding] as Encoding)(secret, 0).replace(/\s+/g, '');
          if (!['raw', 'upper', 'lower'].includes(encoding))
            for (const w of windows(form.replace(/=+$/, '')).slice(2, -2)) expect(squeezed).not.toContain(w);
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('a secret cut by code that ran before the redactor loses its prefix and its wrapped remainder', () => {
    fc.assert(
      fc.property(secretArb, bodyArb, fc.nat(40), (secret, before, cutAt) => {
        const r = new Redactor();
        r.add(secret);
        const at = 8 + (cutAt % (secret.length - 8));
        const text = `${before} ${secret.slice(0, at)}…\n${secret.slice(at)}`;
        const shown = r.redact(text).toLowerCase();
        for (const w of windows(secret)) expect(shown).not.toContain(w);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the access-line parser (property)', () => {
  const entryArb = fc.record({
    wallClock: fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
    requestId: fc.option(fc.stringMatching(/^[0-9a-f]{8}$/), { nil: undefined }),
    status: fc.integer({ min: 100, max: 599 }),
    latencyMs: fc.double({ min: 0, max: 600_000, noNaN: true }),
    clientIp: fc.ipV4(),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'),
    path: fc.stringMatching(/^\/[\x21-\x7e]{0,60}$/).filter((p) => !p.includes('"')),
  });

  it('reads back the status, time, client and path of every line the gateway writes', () => {
    fc.assert(
      fc.property(fc.constantFrom('plus', 'upstream' as const), entryArb, (flavor, entry) => {
        const fields = readAccessLine(accessLine(flavor, entry));
        expect(fields).toMatchObject({
          timestamp: entry.wallClock,
          status: entry.status,
          clientIp: entry.clientIp,
          method: entry.method,
          path: entry.path,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        readAccessLine(text);
      }),
      { numRuns: 500 },
    );
  });
});
