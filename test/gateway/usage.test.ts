import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/gateway/client.js';
import { createHttpClient } from '../../src/gateway/http.js';
import { Shared } from '../../src/shared.js';
import { parseRfc3339, parseUsage } from '../../src/gateway/usage.js';
import { USAGE_BODY } from '../helpers/bodies.js';
import { startGateway, type FakeGateway } from '../helpers/routes.js';

describe('parseRfc3339', () => {
  it.each([
    ['2026-02-23T10:15:02.123456+08:00', '2026-02-23T02:15:02.123Z'],
    ['2026-02-23T10:15:09.123456789+08:00', '2026-02-23T02:15:09.123Z'],
    ['2026-02-23T02:15:02Z', '2026-02-23T02:15:02.000Z'],
    ['2026-02-22T21:15:02.5-05:00', '2026-02-23T02:15:02.500Z'],
  ])('reads %s', (text, iso) => {
    expect(new Date(parseRfc3339(text)).toISOString()).toBe(iso);
  });

  it.each(['2026-02-23 10:15:02', '2026-02-23T10:15:02', 'yesterday', ''])(
    'refuses %j (no zone, no instant)',
    (text) => {
      expect(parseRfc3339(text)).toBeNaN();
    },
  );
});

const res = (text: string) => ({
  status: 200,
  headers: {},
  body: Buffer.from(text),
  durationMs: 1,
  path: '/v0/management/usage',
});

describe('parseUsage', () => {
  it('reads the reference body and keeps no client key', () => {
    const usage = parseUsage(res(USAGE_BODY));
    expect(usage).toEqual({
      totalRequests: 3,
      failureCount: 1,
      clients: 1,
      unreadable: 0,
      requests: [
        {
          model: 'claude-sonnet-4-5-20250929',
          at: Date.parse('2026-02-23T02:15:02.123Z'),
          failed: false,
          authIndex: 'e59d1dab60a10e70',
          client: 1,
        },
      ],
    });
    expect(JSON.stringify(usage)).not.toContain('sk-team-alpha');
  });

  it('counts details without a readable timestamp instead of failing on them', () => {
    const body = {
      usage: {
        apis: {
          k: {
            models: {
              m: {
                details: [
                  { timestamp: 'garbage', failed: true },
                  'junk',
                  { timestamp: '2026-02-23T02:15:02Z', failed: true },
                ],
              },
            },
          },
        },
      },
    };
    const usage = parseUsage(res(JSON.stringify(body)));
    expect(usage.unreadable).toBe(2);
    expect(usage.requests).toHaveLength(1);
  });

  it('reads an empty gateway (statistics off) as no requests', () => {
    expect(parseUsage(res('{"usage":{"total_requests":0,"apis":{}},"failed_requests":0}'))).toMatchObject({
      totalRequests: 0,
      requests: [],
      clients: 0,
    });
  });
});

describe('Shared.usage', () => {
  let server: FakeGateway;
  beforeAll(async () => {
    server = await startGateway({
      managementKey: 'mgmt-7f3c9e2a',
      routes: { 'GET /v0/management/usage': { text: USAGE_BODY } },
    });
  });
  afterAll(() => server.close());

  it('fetches /usage once per run however many checks ask', async () => {
    const http = createHttpClient({ timeoutMs: 5_000, maxBytes: 1 << 20, connections: 2 });
    try {
      const shared = new Shared(
        createGateway(http, { url: server.url, managementKey: 'mgmt-7f3c9e2a', userAgent: 'test' }),
        new AbortController().signal,
      );
      const [a, b] = await Promise.all([shared.usage(), shared.usage()]);
      expect(a).toBe(b);
      expect(a.ok).toBe(true);
      expect(server.hits('/v0/management/usage')).toBe(1);
    } finally {
      await http.close();
    }
  });
});
