// A small loopback HTTP server for check tests: a table of routes answering with exact bodies, the
// gateway's own 404s and management-key rejections, and a log of every request it saw.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  /** Serialised with JSON.stringify and sent as application/json. */
  json?: unknown;
  /** Sent as is (truncated JSON, an HTML page, a text body). */
  text?: string;
  headers?: Record<string, string>;
}

export interface Seen {
  method: string;
  /** Path and query, as sent. */
  url: string;
  pathname: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

export type Route = Reply | ((req: Seen) => Reply);

export interface ServerOptions {
  /** Keyed by "METHOD /pathname" (the query is not part of the key). */
  routes: Record<string, Route>;
  /**
   * How an unknown route answers: `upstream` (CLIProxyAPI) with an empty body, `plus`
   * (cliproxyapi++ v6.8.x, gin's default) with the text `404 page not found`.
   */
  flavor?: 'upstream' | 'plus';
  /** When set, /v0/management/* answers 401 as the gateway does unless this key is sent. */
  managementKey?: string;
}

export interface TestServer {
  url: string;
  requests: Seen[];
  /** How many requests went to paths starting with `prefix`. */
  hits(prefix: string): number;
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body = '';
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else if (reply.text !== undefined) {
    body = reply.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

function notFound(flavor: 'upstream' | 'plus'): Reply {
  return flavor === 'plus' ? { status: 404, text: '404 page not found' } : { status: 404 };
}

function managementRejection(authorization: string | undefined, key: string): Reply | undefined {
  const sent = authorization?.replace(/^Bearer\s+/i, '');
  if (!sent) return { status: 401, json: { error: 'missing management key' } };
  if (sent !== key) return { status: 401, json: { error: 'invalid management key' } };
  return undefined;
}

export async function startServer(options: ServerOptions): Promise<TestServer> {
  const requests: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: Seen = { method: req.method ?? 'GET', url: req.url ?? '/', pathname: url.pathname, query: url.searchParams, authorization: req.headers.authorization };
    requests.push(seen);
    const route = options.routes[`${seen.method} ${seen.pathname}`];
    if (url.pathname.startsWith('/v0/management/') && options.managementKey !== undefined && route) {
      const rejection = managementRejection(seen.authorization, options.managementKey);
      if (rejection) return send(res, rejection);
    }
    if (!route) return send(res, notFound(options.flavor ?? 'upstream'));
    send(res, typeof route === 'function' ? route(seen) : route);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hits: (prefix) => requests.filter((r) => r.pathname.startsWith(prefix)).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
