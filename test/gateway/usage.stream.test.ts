// /usage is read as a stream: the body is never held, so an answer past maxResponseMiB is judged, the
// stream's own cap (64 × maxResponseMiB) names the setting, and chunk boundaries change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/gateway/client.js';
import { createHttpClient, STREAM_CAP_FACTOR } from '../../src/gateway/http.js';
import { jsonBodySink } from '../../src/gateway/json-body.js';
import { streamEndpoint } from '../../src/gateway/read.js';
import type { Gateway } from '../../src/gateway/client.js';
import { fetchUsage, parseUsage, UsageReader, USAGE_PATH } from '../../src/gateway/usage.js';
import { USAGE_BODY } from '../helpers/bodies.js';
import { startServer, type TestServer } from '../helpers/server.js';

const KEY = 'mgmt-stream-test-7f3c9e2a';

/** {"usage":...} with `n` details over two client keys; about 190 bytes a detail. */
function usageBody(n: number): string {
  const detail = (i: number) =>
    `{"timestamp":"2026-11-26T11:${String(i % 60).padStart(2, '0')}:00.5+00:00","source":"sk-upstream-secret","auth_index":"${(i % 3).toString(16).padStart(16, '0')}","tokens":{"input_tokens":1,"total_tokens":2},"failed":${i % 10 === 0}}`;
  const half = Math.floor(n / 2);
  const list = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => detail(from + k)).join(',');
  return `{"usage":{"total_requests":${n},"failure_count":${Math.ceil(n / 10)},"apis":{"sk-client-a":{"models":{"gpt-5.3-codex-spark":{"details":[${list(0, half)}]}}},"sk-client-b":{"models":{"gpt-5.3-codex":{"details":[${list(half, n)}]}}}}}}`;
}

const streamEndpointOf = (gateway: Gateway, path: string, signal: AbortSignal) =>
  streamEndpoint(gateway, path, signal, () => new UsageReader(path, 200), { quoteBody: false });

let server: TestServer;
const BIG = usageBody(6000); // ~0.95 MiB
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${KEY}`) return void res.writeHead(401).end('{"error":"bad key"}');
    if (req.url === '/v0/management/debug') return void res.writeHead(200).end('{"debug":false}');
    // Written in small pieces without a length, as a gateway streams a large answer.
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let i = 0; i < BIG.length; i += 7001) res.write(BIG.slice(i, i + 7001));
    res.end();
  });
});
afterAll(() => server.close());

async function fetchWithCap(maxBytes: number) {
  const http = createHttpClient({ timeoutMs: 10_000, maxBytes, connections: 2 });
  try {
    const gateway = createGateway(http, { url: server.url, managementKey: KEY, userAgent: 'test' });
    return await fetchUsage(gateway, new AbortController().signal);
  } finally {
    await http.close();
  }
}

describe('/usage as a stream, slow', () => {
  it('reads a body that takes longer than the request timeout but never stalls, and stops one that stalls', async () => {
    const body = usageBody(200);
    const slow = await startServer((req, res) => {
      if (req.url === '/v0/management/debug') return void res.writeHead(200).end('{"debug":false}');
      res.writeHead(200, { 'content-type': 'application/json' });
      const stall = req.url?.includes('stall');
      let at = 0;
      const step = () => {
        if (stall && at > body.length / 2) return; // goes quiet with the socket open
        res.write(body.slice(at, (at += Math.ceil(body.length / 8))));
        if (at >= body.length) res.end();
        else setTimeout(step, 100);
      };
      step();
    });
    const http = createHttpClient({ timeoutMs: 400, maxBytes: 1 << 20, connections: 2 });
    try {
      const gateway = createGateway(http, { url: slow.url, managementKey: KEY, userAgent: 'test' });
      const signal = new AbortController().signal;
      const whole = await fetchUsage(gateway, signal); // ~800 ms in all, never 400 ms without a byte
      expect(whole.ok && whole.value.requests.length).toBe(200);
      const stalled = await streamEndpointOf(gateway, '/v0/management/usage?stall=1', signal);
      expect(stalled.ok === false && stalled.error?.message).toBe('response body stalled for 400 ms');
    } finally {
      await http.close();
      await slow.close();
    }
  });
});

describe('/usage as a stream', () => {
  it('reads an answer larger than the held-body cap, detail for detail', async () => {
    const cap = 256 * 1024;
    expect(Buffer.byteLength(BIG)).toBeGreaterThan(3 * cap);
    const outcome = await fetchWithCap(cap);
    if (!outcome.ok) throw outcome.error ?? new Error(`status ${outcome.response.status}`);
    expect(outcome.value).toEqual(
      parseUsage({ path: USAGE_PATH, status: 200, headers: {}, body: Buffer.from(BIG), durationMs: 0 }),
    );
    expect(outcome.value.requests).toHaveLength(6000);
    expect(outcome.value.clients).toBe(2);
    expect(outcome.value.requests.filter((r) => r.failed)).toHaveLength(600);
    expect(outcome.response.body.length).toBeLessThanOrEqual(4096); // only the head is held
  });

  it('still has a cap, and its error names the setting', async () => {
    const cap = 8 * 1024; // streamed cap 512 KiB < the 0.95 MiB body
    const outcome = await fetchWithCap(cap);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.error?.message).toBe(
      `response exceeds ${(cap * STREAM_CAP_FACTOR) / 1024} KiB (${STREAM_CAP_FACTOR} × maxResponseMiB for an answer read as a stream)`,
    );
  });

  it('reads the reference body the same, cut at any byte', () => {
    const bytes = Buffer.from(USAGE_BODY);
    const whole = parseUsage({ path: USAGE_PATH, status: 200, headers: {}, body: bytes, durationMs: 0 });
    expect(whole.requests.length).toBeGreaterThan(0);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new UsageReader(USAGE_PATH, 200);
      const sink = jsonBodySink(USAGE_PATH, 200, {}, reader, { quoteBody: false });
      sink.write(bytes.subarray(0, cut));
      sink.write(bytes.subarray(cut));
      sink.end();
      expect(reader.result()).toEqual(whole);
    }
  });

  it('keeps neither client keys nor upstream sources', async () => {
    const outcome = await fetchWithCap(1 << 20);
    expect(JSON.stringify(outcome.ok && outcome.value)).not.toMatch(/sk-client|sk-upstream/);
  });
});
