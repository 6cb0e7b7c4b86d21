// The HTTP side: Node's own http server, CORS, the dispatch to the client and management routes, the
// faults on top, added latency, and one Hit per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { clientKeyCandidates, managementKeyOf, type SimContext, type SimRequest } from './context.js';
import { cooldown, handleClient } from './client-routes.js';
import { FAULT_DEFAULTS, routeMatches, type FaultSpec } from './faults.js';
import type { Hits } from './hits.js';
import { outcomeOf, type Credential } from './hits.js';
import { BanList, MANAGEMENT_PREFIX, MANAGEMENT_V8_PREFIX, handleManagement } from './management.js';
import { JSON_TYPE, type Reply } from './reply.js';

const MAX_REQUEST_BYTES = 1024 * 1024;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': '*',
};

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';

export interface ServerSetup {
  ctx: SimContext;
  faults: FaultSpec[];
  latencyMs: number;
  hits: Hits;
  /**
   * Answers shared by the gateways of a simulated fleet (same scenario, flavour and pinned clock, so
   * the same request gets the same bytes): each distinct successful GET is computed once.
   */
  replyCache?: Map<string, Reply> | undefined;
  /** Every credential value any request carried, when a test asks for them (never by default). */
  keysSeen?: Set<string> | undefined;
}

function isManagement(path: string, ctx: SimContext): boolean {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  return under(MANAGEMENT_PREFIX) || (ctx.profile.v8 && under(MANAGEMENT_V8_PREFIX));
}

/** Which credential a request carried, judged the way the gateway would; the value itself is never kept. */
function credentialOf(req: SimRequest, ctx: SimContext): Credential {
  if (isManagement(req.path, ctx)) {
    const key = managementKeyOf(req);
    if (key === undefined) return 'none';
    return key === ctx.managementKey ? 'management' : 'bad-management';
  }
  return clientKeyCandidates(req).some((k) => ctx.apiKeys.has(k)) ? 'api' : 'none';
}

function keysOf(req: SimRequest): string[] {
  const management = managementKeyOf(req);
  return [...clientKeyCandidates(req), ...(management === undefined ? [] : [management])];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

/** Resolves after `ms`, or at once when the simulator closes. */
function pause(ms: number, closing: AbortSignal): Promise<void> {
  if (ms <= 0 || closing.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      closing.removeEventListener('abort', done);
      resolve();
    }
    closing.addEventListener('abort', done, { once: true });
  });
}

/** Same keys, every value a string: JSON, but not the shape any consumer of the route expects. */
function wrongShape(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return JSON.stringify(Object.fromEntries(Object.keys(parsed).map((k) => [k, 'unexpected'])));
  } catch {
    // not JSON to begin with
  }
  return JSON.stringify({ unexpected: true });
}

/** Cut mid-stream: after the last complete array element before the half, as a dropped proxy buffer would. */
function truncate(body: string): string {
  const half = Math.floor(body.length / 2);
  const boundary = body.lastIndexOf('},', half);
  return body.slice(0, boundary > 0 ? boundary + 2 : half);
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

async function trickle(res: ServerResponse, reply: Reply, totalMs: number, closing: AbortSignal): Promise<void> {
  const body = Buffer.from(reply.body);
  res.writeHead(reply.status, { ...reply.headers, 'content-length': body.length });
  const pieces = Math.max(1, Math.min(20, body.length));
  const size = Math.ceil(body.length / pieces);
  for (let i = 0; i < body.length; i += size) {
    if (res.destroyed || closing.aborted) return;
    res.write(body.subarray(i, i + size));
    await pause(totalMs / pieces, closing);
  }
  if (!res.destroyed) res.end();
}

/** A 200 JSON body of exactly `bytes` bytes, streamed without a length so the client must count. */
/** Waits for 'drain' or 'close', removing the other listener so a long body adds none per chunk. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

async function oversized(res: ServerResponse, bytes: number, closing: AbortSignal): Promise<void> {
  const head = '{"object":"list","data":[],"padding":"';
  const tail = '"}';
  res.writeHead(200, { 'content-type': JSON_TYPE });
  res.write(head);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let left = Math.max(0, bytes - head.length - tail.length);
  while (left > 0) {
    if (res.destroyed || closing.aborted) return;
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    if (!res.write(piece)) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end(tail);
}

function handle(sim: SimRequest, ctx: SimContext, bans: BanList): Reply {
  return isManagement(sim.path, ctx) ? handleManagement(sim, ctx, bans) : handleClient(sim, ctx);
}

/** The key of a request in a fleet's shared cache; undefined for what must be answered afresh. */
function cacheKey(sim: SimRequest, credential: Credential, bans: BanList, ctx: SimContext): string | undefined {
  if (sim.method !== 'GET') return undefined;
  // A management answer is shared only for the right key from an IP that is not banned.
  if (isManagement(sim.path, ctx) && (credential !== 'management' || bans.banned(sim.clientIp) !== undefined))
    return undefined;
  return JSON.stringify([sim.path, [...sim.query.entries()], credential, clientKeyCandidates(sim)]);
}

function cachedReply(setup: ServerSetup, sim: SimRequest, credential: Credential, bans: BanList): Reply | undefined {
  const key = setup.replyCache && cacheKey(sim, credential, bans, setup.ctx);
  const reply = key === undefined ? undefined : setup.replyCache?.get(key);
  // What a successful login does to the failure count, as if the handler had run.
  if (reply && isManagement(sim.path, setup.ctx)) bans.clear(sim.clientIp);
  return reply;
}

function answer(
  sim: SimRequest,
  ctx: SimContext,
  bans: BanList,
  cache: Map<string, Reply> | undefined,
  credential: Credential,
): Reply {
  const reply = handle(sim, ctx, bans);
  const key = cache && reply.status < 300 ? cacheKey(sim, credential, bans, ctx) : undefined;
  if (key !== undefined) cache?.set(key, reply);
  return reply;
}

export function createSimServer(setup: ServerSetup, closing: AbortSignal, bans = new BanList()): Server {
  const { ctx, faults, latencyMs, hits } = setup;

  return createServer((req, res) => {
    const receivedMs = performance.now();
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://simulator');
      // A gateway's Date header is its own clock, which its log lines are stamped by: the simulator's.
      res.setHeader('date', new Date(ctx.now()).toUTCString());
      const sim: SimRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
        clientIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      };
      const credential = credentialOf(sim, ctx);
      // A write (an alias setter, say) changes this gateway alone: from then on it answers for itself.
      if (!['GET', 'HEAD', 'OPTIONS'].includes(sim.method)) setup.replyCache = undefined;
      if (setup.keysSeen) for (const key of keysOf(sim)) setup.keysSeen.add(key);
      const record = (status: number, faulted: boolean) =>
        hits.record(
          {
            method: sim.method,
            path: sim.path,
            status,
            credential,
            outcome: faulted ? 'fault' : outcomeOf(status),
            ...(isManagement(sim.path, ctx) && !['GET', 'HEAD', 'OPTIONS'].includes(sim.method)
              ? { body: sim.body }
              : {}),
          },
          { receivedMs, answeredMs: performance.now() },
        );
      const fault = faults.find((f) => routeMatches(f.route, sim.path));
      await pause(latencyMs + (fault?.kind === 'latency' ? (fault.ms ?? FAULT_DEFAULTS.latencyMs) : 0), closing);
      if (closing.aborted) return;

      switch (fault?.kind) {
        case 'hang':
          record(0, true);
          return; // the socket stays open until the client gives up or the simulator closes
        case 'reset':
          record(0, true);
          req.socket.resetAndDestroy();
          return;
        case 'html-502':
          // The fronting proxy answers; the gateway (and its CORS middleware) never sees the request.
          record(502, true);
          send(res, { status: 502, headers: { 'content-type': 'text/html', server: 'nginx/1.24.0' }, body: NGINX_502 });
          return;
        case 'oversized':
          record(200, true);
          await oversized(res, fault.bytes ?? FAULT_DEFAULTS.oversizedBytes, closing);
          return;
        case 'cooldown': {
          const reply = cooldown(sim, ctx, fault.seconds ?? FAULT_DEFAULTS.cooldownSeconds);
          record(reply.status, true);
          send(res, { ...reply, headers: { ...CORS, ...reply.headers } });
          return;
        }
      }

      let reply: Reply;
      if (sim.method === 'OPTIONS') reply = { status: 204, headers: {}, body: '' };
      else reply = cachedReply(setup, sim, credential, bans) ?? answer(sim, ctx, bans, setup.replyCache, credential);
      reply = { ...reply, headers: { ...CORS, ...reply.headers } };
      if (sim.method === 'HEAD') reply = { ...reply, body: '' };

      switch (fault?.kind) {
        case 'truncated-json':
          record(reply.status, true);
          send(res, { ...reply, headers: { ...reply.headers, 'content-type': JSON_TYPE }, body: truncate(reply.body) });
          return;
        case 'wrong-shape':
          record(200, true);
          send(res, {
            status: 200,
            headers: { ...reply.headers, 'content-type': JSON_TYPE },
            body: wrongShape(reply.body),
          });
          return;
        case 'slow-body':
          record(reply.status, true);
          await trickle(res, reply, fault.ms ?? FAULT_DEFAULTS.slowBodyMs, closing);
          return;
      }
      record(reply.status, false);
      send(res, reply);
    })().catch(() => {
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, headers: {}, body: '' });
    });
  });
}
