// A route table on the loopback test server: exact bodies per route, the gateway's own 404s (empty on
// CLIProxyAPI, gin's text on cliproxyapi++ v6.8.x) and its management-key rejections, plus a log of
// what was asked. For check tests that need bodies or faults the simulator does not plant.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer } from './server.js';

export interface Reply {
  status?: number;
  /** Serialised with JSON.stringify and sent as application/json. */
  json?: unknown;
  /** Sent as is (truncated JSON, an HTML page, a text body). */
  text?: string;
  headers?: Record<string, string>;
}

export interface Seen {
  /** Path and query, as sent. */
  url: string;
  pathname: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

export type Route = Reply | ((req: Seen) => Reply);

export interface GatewayOptions {
  /** Keyed by "METHOD /pathname" (the query is not part of the key). */
  routes: Record<string, Route>;
  /** How an unknown route answers: `upstream` with an empty body, `plus` with `404 page not found`. */
  flavor?: 'upstream' | 'plus';
  /** When set, the management routes answer 401 as the gateway does unless this key is sent. */
  managementKey?: string;
}

export interface FakeGateway {
  url: string;
  seen: Seen[];
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

function managementRejection(authorization: string | undefined, key: string): Reply | undefined {
  const sent = authorization?.replace(/^Bearer\s+/i, '');
  if (!sent) return { status: 401, json: { error: 'missing management key' } };
  if (sent !== key) return { status: 401, json: { error: 'invalid management key' } };
  return undefined;
}

export async function startGateway(options: GatewayOptions): Promise<FakeGateway> {
  const seen: Seen[] = [];
  const server = await startServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const s: Seen = {
      url: req.url ?? '/',
      pathname: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
    };
    seen.push(s);
    // Every gateway version serves the management getters; provops tests its key on this one first.
    const route =
      options.routes[`${req.method ?? 'GET'} ${url.pathname}`] ??
      (url.pathname === '/v0/management/debug' ? { json: { debug: false } } : undefined);
    // Like gin, an unregistered path never reaches the management middleware: it is a plain 404.
    if (!route)
      return send(res, options.flavor === 'plus' ? { status: 404, text: '404 page not found' } : { status: 404 });
    const rejection =
      url.pathname.startsWith('/v0/management/') && options.managementKey !== undefined
        ? managementRejection(s.authorization, options.managementKey)
        : undefined;
    send(res, rejection ?? (typeof route === 'function' ? route(s) : route));
  });
  return {
    url: server.url,
    seen,
    hits: (prefix) => seen.filter((r) => r.pathname.startsWith(prefix)).length,
    close: server.close,
  };
}
