import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { createHttpClient } from '../../src/gateway/http.js';
import { freePort, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = (timeoutMs = 2_000, maxBytes = 1024) => createHttpClient({ timeoutMs, maxBytes, connections: 2 });
const never = new AbortController().signal;

async function failure(p: Promise<unknown>): Promise<GatewayError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

describe('createHttpClient', () => {
  it('reads status, lower-cased headers and body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Thing': 'a' });
      res.end('{"ok":true}');
    });
    const http = client();
    const res = await http.get(`${server.url}/x`, {}, never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body.toString()).toBe('{"ok":true}');
    await http.close();
  });

  it('does not follow redirects', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(302, { location: 'https://sso.example/login' });
      res.end();
    });
    const http = client();
    const res = await http.get(`${server.url}/healthz`, {}, never);
    expect([res.status, res.headers.location]).toEqual([302, 'https://sso.example/login']);
    expect(server.requests).toHaveLength(1);
    await http.close();
  });

  it('caps the body size, declared or streamed', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-length': '5000' });
        res.end('x'.repeat(5000));
      } else {
        res.writeHead(200); // chunked: no content-length to refuse up front
        res.write('x'.repeat(800));
        res.end('x'.repeat(800));
      }
    });
    const http = client(2_000, 1024);
    expect((await failure(http.get(`${server.url}/declared`, {}, never))).message).toBe('response exceeds 1 KiB');
    const streamed = await failure(http.get(`${server.url}/streamed`, {}, never));
    expect(streamed.kind).toBe('too-large');
    await http.close();
  });

  it('names a refused connection as unreachable', async () => {
    const port = await freePort();
    const http = client();
    const err = await failure(http.get(`http://127.0.0.1:${port}/healthz`, {}, never));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(`connection refused by 127.0.0.1:${port}`);
    await http.close();
  });

  it('times out a gateway that accepts and never answers', async () => {
    server = await startServer(() => {});
    const http = client(100);
    const err = await failure(http.get(`${server.url}/hang`, {}, never));
    expect(err.kind).toBe('timeout');
    await http.close();
  });

  it('times out a body that trickles in slower than the request timeout allows', async () => {
    let timer: NodeJS.Timeout | undefined;
    server = await startServer((_req, res) => {
      res.writeHead(200);
      timer = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const http = client(150, 1024 * 1024);
    const err = await failure(http.get(`${server.url}/slow`, {}, never));
    expect(err.kind).toBe('timeout');
    clearInterval(timer);
    await http.close();
  });

  it('reports a connection dropped mid-response as a reset', async () => {
    server = await startServer((req) => req.socket.destroy());
    const http = client();
    const err = await failure(http.get(`${server.url}/reset`, {}, never));
    expect(err.kind).toBe('reset');
    await http.close();
  });

  it('stops at once when the caller aborts, naming the reason', async () => {
    server = await startServer(() => {});
    const http = client(5_000);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('deadline exceeded (50 ms for the whole run)')), 50);
    const err = await failure(http.get(`${server.url}/hang`, {}, ctl.signal));
    expect([err.kind, err.message]).toEqual(['aborted', 'deadline exceeded (50 ms for the whole run)']);
    await http.close();
  });
});
