// The one place that imports undici. One Agent per run: keep-alive, explicit connect/headers/body
// timeouts (undici's own defaults are 300 s), a response size cap, no redirects followed.
import { rootCertificates } from 'node:tls';
import type { Agent } from 'undici';
import type request from 'undici/lib/api/api-request.js';
import { GatewayError } from '../errors.js';

export interface HttpOptions {
  timeoutMs: number;
  maxBytes: number;
  connections: number;
  /** https:// only: extra CA certificates (PEM) to trust, and whether to skip verification. */
  tls?: { ca: string | undefined; insecure: boolean } | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  durationMs: number;
}

/** Takes a body chunk by chunk instead of holding it; errors it throws end the request and reach the caller. */
export interface BodySink {
  write(chunk: Buffer): void;
  end(): void;
}

/**
 * Called once the status and headers are in: a sink to stream this body into, or undefined to hold
 * it as usual (an error page, say). A streamed response's `body` is only its first bytes, for messages.
 */
export type SinkFor = (status: number, headers: Record<string, string>) => BodySink | undefined;

/** A streamed body is not held, so its cap bounds time rather than memory: this many times maxResponseMiB. */
export const STREAM_CAP_FACTOR = 64;
const STREAM_HEAD_BYTES = 4096;

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClient {
  get(
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    maxBytes?: number,
    sinkFor?: SinkFor,
  ): Promise<HttpResponse>;
  /** A request with a body (management writes, canaries); the same timeouts, cap and error mapping as get. */
  send(
    method: WriteMethod,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
    maxBytes?: number,
  ): Promise<HttpResponse>;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < MiB) return `${Math.round(bytes / 1024)} KiB`;
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${(bytes / MiB).toFixed(1)} MiB`;
}

// undici's index loads fetch, WebSocket, the cache, mocks and every dispatcher (~110 ms here); a
// run needs an Agent and request(), which load in about a third of that. Loaded on the first request,
// so a run that makes none (a log scan of local files) never pays for it. Measured in bench/startup.mjs.
let undici: Promise<{ Agent: typeof Agent; request: typeof request }> | undefined;
function loadUndici() {
  undici ??= Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]).then(
    ([agent, api]) => ({ Agent: agent.default, request: api.default }),
  );
  return undici;
}

export function createHttpClient(options: HttpOptions): HttpClient {
  let agent: Agent | undefined;
  async function dispatcher() {
    const { Agent, request } = await loadUndici();
    agent ??= new Agent({
      connect: {
        timeout: options.timeoutMs,
        // A private CA is trusted in addition to the system's, not instead of them.
        ...(options.tls?.ca ? { ca: [...rootCertificates, options.tls.ca] } : {}),
        ...(options.tls?.insecure ? { rejectUnauthorized: false } : {}),
      },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 10_000,
      connections: options.connections,
    });
    return { agent, request };
  }

  async function exchange(
    method: 'GET' | WriteMethod,
    body: string | undefined,
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    cap?: number,
    sinkFor?: SinkFor,
  ): Promise<HttpResponse> {
    // The idle timeouts above do not bound a body that trickles in; this bounds the whole exchange. A
    // streamed answer (hundreds of MB by design) is bounded instead by the idle timeouts, its size cap
    // and the check's budget: a whole-exchange limit of one request timeout would refuse a big but healthy /usage.
    const timer = new AbortController();
    const timeout = timer.signal;
    const wholeExchange = setTimeout(() => timer.abort(), options.timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    const started = performance.now();
    try {
      const { agent, request } = await dispatcher();
      const { origin, pathname, search } = new URL(url);
      const res = await request.call(agent, {
        origin,
        path: pathname + search,
        method,
        headers,
        body: body ?? null,
        signal: combined,
      });
      // Destroying the body below emits 'error'; unhandled, that would crash the process.
      res.body.on('error', () => {});
      const received = flattenHeaders(res.headers);
      const sink = sinkFor?.(res.statusCode, received);
      if (sink) clearTimeout(wholeExchange);
      const maxBytes = cap ?? (sink ? options.maxBytes * STREAM_CAP_FACTOR : options.maxBytes);
      const tooLarge = () =>
        new GatewayError(
          'too-large',
          `response exceeds ${formatBytes(maxBytes)}${sink && cap === undefined ? ` (${STREAM_CAP_FACTOR} × maxResponseMiB for an answer read as a stream)` : ''}`,
        );
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.body.destroy();
        throw tooLarge();
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let held = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          res.body.destroy();
          throw tooLarge();
        }
        if (!sink || held < STREAM_HEAD_BYTES) {
          chunks.push(sink ? chunk.subarray(0, STREAM_HEAD_BYTES - held) : chunk);
          held += Math.min(chunk.length, STREAM_HEAD_BYTES - held);
        }
        if (sink) feed(sink, chunk, res.body);
      }
      if (sink) feed(sink, undefined, res.body);
      return {
        status: res.statusCode,
        headers: received,
        body: Buffer.concat(chunks),
        durationMs: Math.round(performance.now() - started),
      };
    } catch (err) {
      if (err instanceof SinkError) throw err.cause;
      throw classify(err, { signal, timeout, timeoutMs: options.timeoutMs, url });
    } finally {
      clearTimeout(wholeExchange);
    }
  }

  return {
    get: (url, headers, signal, cap, sinkFor) => exchange('GET', undefined, url, headers, signal, cap, sinkFor),
    send: (method, url, headers, body, signal, cap) => exchange(method, body, url, headers, signal, cap),
    async close() {
      await agent?.destroy();
    },
  };
}

/** What a sink threw, carried past the transport's error mapping unchanged. */
class SinkError extends Error {
  constructor(override readonly cause: unknown) {
    super('sink');
  }
}

function feed(sink: BodySink, chunk: Buffer | undefined, body: { destroy(): void }): void {
  try {
    if (chunk) sink.write(chunk);
    else sink.end();
  } catch (err) {
    body.destroy();
    throw new SinkError(err);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string') return e.code;
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) rejects with an AggregateError.
  if (Array.isArray(e.errors) && e.errors.length) return codeOf(e.errors[0]);
  return e.cause ? codeOf(e.cause) : undefined;
}

function classify(
  err: unknown,
  ctx: { signal: AbortSignal; timeout: AbortSignal; timeoutMs: number; url: string },
): GatewayError {
  if (err instanceof GatewayError) return err;
  if (ctx.signal.aborted) {
    const reason: unknown = ctx.signal.reason;
    return new GatewayError('aborted', reason instanceof Error ? reason.message : 'aborted');
  }
  const host = safeHost(ctx.url);
  if (ctx.timeout.aborted) return new GatewayError('timeout', `no complete response within ${ctx.timeoutMs} ms`);
  const tls = tlsProblem(err, host);
  if (tls) return tls;
  switch (codeOf(err)) {
    case 'ECONNREFUSED':
      return new GatewayError('unreachable', `connection refused by ${host}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new GatewayError('unreachable', `cannot resolve host ${host.replace(/:\d+$/, '')}`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new GatewayError('unreachable', `no route to ${host}`);
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new GatewayError('unreachable', `connect to ${host} timed out after ${ctx.timeoutMs} ms`);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new GatewayError('timeout', `no response headers within ${ctx.timeoutMs} ms`);
    case 'UND_ERR_BODY_TIMEOUT':
      return new GatewayError('timeout', `response body stalled for ${ctx.timeoutMs} ms`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new GatewayError('reset', `connection to ${host} closed before the response was complete`);
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return new GatewayError('too-large', 'response exceeds the size cap');
    case 'ERR_INVALID_URL':
    case 'UND_ERR_INVALID_ARG':
      return new GatewayError('other', `invalid URL ${ctx.url}`);
    default:
      return new GatewayError(
        'other',
        `request failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      );
  }
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * TLS failures as one plain sentence with the fix (the gateway cannot be used until it is fixed, so
 * they count as unreachable: health reports them once, and the run exits 2). OpenSSL's own strings
 * ("error:0A00010B:SSL routines::wrong version number") say nothing to an on-call engineer.
 */
function tlsProblem(err: unknown, host: string): GatewayError | undefined {
  const code = codeOf(err) ?? '';
  const text = messageChain(err);
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(text))
    return new GatewayError(
      'unreachable',
      `TLS handshake with ${host} failed: the port answers plain HTTP, not TLS`,
      `Use http:// in --url (PROVOPS_URL / url in provops.yaml), or the gateway's TLS port.`,
    );
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return new GatewayError(
      'unreachable',
      `the TLS certificate of ${host} is not issued for that host name`,
      'Use the host name the certificate names in --url (see `openssl s_client -connect` for its subjectAltName), or reissue the certificate for this name.',
    );
  if (UNTRUSTED.has(code))
    return new GatewayError(
      'unreachable',
      `the TLS certificate of ${host} is not trusted (${code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' ? 'self-signed' : 'issued by an unknown CA'})`,
      'Pass the CA that signed it with --ca-file <pem> (caFile in provops.yaml); --insecure skips verification, knowingly.',
    );
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return new GatewayError(
      'unreachable',
      `the TLS certificate of ${host} ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'}`,
      "Renew the gateway's certificate (or check this host's clock).",
    );
  if (/^ERR_SSL_|^ERR_TLS_|^EPROTO$/.test(code) || /handshake|SSL routines|ssl3_|tlsv1 alert/i.test(text))
    return new GatewayError(
      'unreachable',
      `TLS handshake with ${host} failed (${code || 'no common protocol or cipher'})`,
      "Check that the URL's port serves TLS to clients like this one (TLS 1.2+), and the proxy or gateway TLS settings.",
    );
  return undefined;
}

function messageChain(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    if (e instanceof Error) parts.push(e.message);
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
