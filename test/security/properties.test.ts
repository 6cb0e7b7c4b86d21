// Property-based tests (fast-check) for the four places outside text is interpreted: the redactor,
// key placement by URL path, the access-line parser and the config loader.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { loadConfigFile, resolveConfig } from '../../src/config.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { placeKey, splitBase } from '../../src/gateway/placement.js';
import { readAccessLine } from '../../src/logs/access-line.js';
import { Redactor } from '../../src/redact.js';
import { cleanValue } from '../../src/sanitize.js';
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
  it('no 8-character run of a secret, in any encoding, survives redaction at the source and a cut at any width', () => {
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

describe('cleaning a long list in one pass (property)', () => {
  it('gives each string exactly what cleaning it alone gives', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.array(fc.tuple(bodyArb, fc.constantFrom(...Object.keys(ENCODINGS)), fc.nat(), fc.boolean(), fc.boolean()), {
          minLength: 64,
          maxLength: 100,
        }),
        (secret, parts) => {
          const redactor = new Redactor();
          redactor.add(secret);
          // strings with a secret (whole, encoded, or cut before an ellipsis), bare filler, or text that
          // a pattern could read across two strings ("Bearer" ending one, a key starting the next)
          const items = parts.map(([body, name, at, withSecret, cut]) => {
            if (!withSecret) return cut ? `${body}Bearer` : body;
            const encoded = (ENCODINGS[name] as Encoding)(secret, 1 + (at % (secret.length - 1)));
            return cut ? `${body}${encoded.slice(0, 12)}…` : `${body}${encoded}${body}`;
          });
          const together = cleanValue(items, redactor) as string[];
          expect(together).toEqual(items.map((item) => redactor.clean(item)));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('key placement (property)', () => {
  const decoded = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const segment = fc.stringMatching(/^[a-zA-Z0-9_.%-]{1,8}$/).filter((s) => !/^v[018]$/i.test(decoded(s)));
  const prefixArb = fc.array(segment, { maxLength: 3 }).map((segs) => (segs.length ? `/${segs.join('/')}` : ''));
  const pathArb = fc
    .array(fc.constantFrom('v1', 'v0', 'v8', 'management', '..', '.', '%2e%2e', 'models', '', 'V1', 'x?y', 'a#b'), {
      maxLength: 5,
    })
    .map((segs) => `/${segs.join('/')}`);

  it('puts a key only where the final path is <prefix>/v1/* or <prefix>/v{0,8}/management/*', () => {
    fc.assert(
      fc.property(prefixArb, pathArb, (prefix, path) => {
        let base;
        try {
          base = splitBase(`http://gw.test:8317${prefix}`);
        } catch {
          return; // a prefix that decodes to something refused (e.g. a '.' segment) is not a base
        }
        const { url, kind } = placeKey(base, path);
        const final = new URL(url);
        expect(final.host).toBe('gw.test:8317');
        const under = (p: string) => final.pathname.startsWith(`${base.prefix}${p}`);
        expect(kind === 'api').toBe(under('/v1/'));
        expect(kind === 'management').toBe(under('/v0/management/') || under('/v8/management/'));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a base URL with a query, a fragment or a /v1, /v0 or /v8 segment', () => {
    fc.assert(
      fc.property(
        prefixArb,
        fc.constantFrom('?', '?x=', '#', '/#', '/v1', '/v0/management', '/V1/', '/v8/management'),
        (prefix, tail) => {
          expect(() => splitBase(`http://gw.test${prefix}${tail}`)).toThrow();
        },
      ),
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

describe('the config loader (property)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'provops-config-prop-'));
  const file = join(dir, 'provops.yaml');
  const value = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  );
  const key = fc.constantFrom(
    'url',
    'timeoutMs',
    'deadlineMs',
    'concurrency',
    'failOn',
    'format',
    'only',
    'skip',
    'checks',
    'logTimezone',
    'maxResponseMiB',
    'name',
    'nope',
  );

  it('arbitrary text is a setting map or one ConfigError, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        writeFileSync(file, text);
        try {
          loadConfigFile(file, {});
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('any mapping of settings resolves or fails with a ConfigError/UsageError that quotes no secret', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (settings) => {
        writeFileSync(file, JSON.stringify({ ...settings, apiKey: 'sk-prop-secret-0123456789' }));
        const seen: string[] = [];
        try {
          resolveConfig({
            flags: { config: file, state: false },
            env: {},
            cwd: dir,
            registry: checks,
            redactor: { add: (s) => s && seen.push(s) },
          });
        } catch (err) {
          expect(err instanceof ConfigError || err instanceof UsageError, String(err)).toBe(true);
        }
        expect(seen).toContain('sk-prop-secret-0123456789');
      }),
      { numRuns: 300 },
    );
  });
});
