// Requests to one gateway target. Keys are placed by the final path, never by the caller: the API key
// only on <base>/v1/*, the management key only on <base>/v0/management/* and (CLIProxyAPI v8)
// <base>/v8/management/*, which share one auth middleware and one failure counter. Management calls are
// gated so that a rejected key is sent once per run: the gateway bans a client IP for 30 minutes after
// 5 failed logins. The gate holds by construction:
// - until a management request has come back 2xx with a body of the shape its route serves, at most
//   one management request is in flight (a proxy's 200 page, a 302, a 400 or a 429 prove nothing);
// - after any 401/403 no further management request is sent this run, whatever is already queued.
// Every answer's X-CPA-VERSION header is noted: a route with a v8 twin goes to /v8/management once an
// answer named v8 (the key test, the first management request, goes to the route every version serves),
// and reports name the version.
import type { HttpClient, HttpResponse, SinkFor, WriteMethod } from './http.js';
import { GatewayError, UsageError } from '../errors.js';
import { placeKey, splitBase, type KeyKind } from './placement.js';

export interface GatewayResponse extends HttpResponse {
  path: string;
}

export interface GetOptions {
  maxBytes?: number;
  sinkFor?: SinkFor;
  /**
   * Judges a 2xx answer to a management route: true when the body has the shape this route serves.
   * Only such an answer proves the management key; without a judge the key stays unproven and
   * management requests keep going one at a time.
   */
  judge?: (res: GatewayResponse) => boolean;
  /** A liveness probe: never held back by the gate (see Gateway.hold). */
  liveness?: boolean;
  /**
   * This route's twin in CLIProxyAPI v8's /v8/management tree (same handler, same body): requested
   * instead of `path` when an answer this run has named a v8 version by the time the request is sent.
   * A 404 from it (a build naming v8 without the v8 tree) is asked again on `path`.
   */
  v8Path?: string;
}

export interface Gateway {
  readonly url: string;
  readonly hasApiKey: boolean;
  readonly hasManagementKey: boolean;
  /** `sinkFor` streams a body instead of holding it (see http.ts). */
  get(path: string, signal: AbortSignal, opts?: GetOptions): Promise<GatewayResponse>;
  /** How the management key fared this run: never sent, accepted, or rejected with this status. */
  management(): { outcome: 'untried' | 'accepted' } | { outcome: 'rejected'; status: number; countsTowardBan: boolean };
  /**
   * Holds every request but liveness probes and the management key test until `verdict` settles:
   * with a reason (the gateway is down), held requests fail with it and are never sent. The key test
   * (the first management request) goes at once, so it shares the liveness round trip.
   */
  hold?(verdict: Promise<string | undefined>): void;
  /** The version the gateway named in an X-CPA-VERSION header this run, and on which answer. */
  version(): ObservedVersion | undefined;
}

export interface ObservedVersion {
  /** As sent: "v8.0.23", "v6.8.60-0". */
  version: string;
  /** The request whose answer carried it: "GET /v0/management/auth-files". */
  from: string;
}

/** The major version of "v8.0.23" / "8.0.23" / "v6.8.60-0" (NaN when it is not one). */
export function majorOf(version: string | undefined): number {
  const m = /^v?(\d+)\./.exec(version?.trim() ?? '');
  return m ? Number(m[1]) : NaN;
}

/** A gateway that also writes: management setters and the canary requests of onboard/mitigate. */
export interface WritableGateway extends Gateway {
  /** A JSON body to `path`, keys placed and management gated exactly as for get. */
  send(method: WriteMethod, path: string, body: unknown, signal: AbortSignal): Promise<GatewayResponse>;
}

type Write = { method: WriteMethod; body: string | undefined };

/** One request as sent: the final URL, the path it was asked by, and how. */
interface Exchange {
  url: string;
  path: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  opts: GetOptions;
  write: Write | undefined;
}

export interface GatewayOptions {
  url: string;
  apiKey?: string | undefined;
  managementKey?: string | undefined;
  userAgent: string;
  /** A rejection remembered from an earlier run for this same key: no management request is made. */
  refuseManagement?: GatewayError | undefined;
  /** Applied to every response body and header before anything reads them (secrets out, at the source). */
  scrub?: ((text: string) => string) | undefined;
}

export function createGateway(http: HttpClient, options: GatewayOptions): WritableGateway {
  let base: ReturnType<typeof splitBase>;
  try {
    base = splitBase(options.url);
  } catch (err) {
    throw new UsageError(`--url: ${(err as Error).message}`);
  }
  let rejected: GatewayError | undefined = options.refuseManagement;
  let rejection: { status: number; countsTowardBan: boolean } | undefined;
  let proven = false;
  let inFlight: Promise<void> | undefined;
  let gate: Promise<string | undefined> | undefined;
  let keyTestSent = false;
  let observed: ObservedVersion | undefined;

  function note(path: string, res: HttpResponse): void {
    const version = res.headers['x-cpa-version']?.trim();
    // The first answer that names it; a later one naming another (a rolling upgrade) does not rename it.
    // Cut and cleaned here: a header is outside text, and a version is at most a few dozen printable bytes.
    if (version && !observed)
      observed = { version: version.replace(/[^\x21-\x7e]/g, '').slice(0, 40), from: `GET ${path.split('?')[0]}` };
  }

  async function passGate(signal: AbortSignal): Promise<void> {
    if (!gate) return;
    signal.throwIfAborted();
    const blocked = await new Promise<string | undefined>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      void gate?.then((reason) => {
        signal.removeEventListener('abort', onAbort);
        resolve(reason);
      });
    });
    if (blocked) throw new GatewayError('aborted', blocked);
  }

  async function request({ url, path, headers, signal, opts, write }: Exchange): Promise<GatewayResponse> {
    const res = write
      ? await http.send(write.method, url, withType(headers, write), write.body, signal, opts.maxBytes)
      : await http.get(url, headers, signal, opts.maxBytes, opts.sinkFor);
    const clean = scrubbed(res, options.scrub);
    note(path, clean);
    return { ...clean, path };
  }

  /** One management request; a 401/403 ends management for the run, a 2xx of the route's shape proves the key. */
  async function sendManagement(exchange: Exchange): Promise<GatewayResponse> {
    if (rejected) throw rejected;
    const res = await request(exchange);
    const { opts } = exchange;
    if (res.status === 401 || res.status === 403) {
      rejected = managementRejection(res);
      rejection = { status: res.status, countsTowardBan: countsTowardBan(res) };
      throw rejected;
    }
    if (!proven && res.status >= 200 && res.status < 300 && opts.judge?.(res) === true) proven = true;
    return res;
  }

  /** Waits for the right to send an unproven key: one request at a time, none once it is rejected. */
  async function admit(): Promise<() => void> {
    for (;;) {
      if (rejected) throw rejected;
      if (proven) return () => {};
      if (!inFlight) {
        let release!: () => void;
        inFlight = new Promise<void>((resolve) => (release = resolve));
        return () => {
          inFlight = undefined;
          release();
        };
      }
      await inFlight;
    }
  }

  async function exchange(
    path: string,
    signal: AbortSignal,
    opts: GetOptions,
    write?: Write,
  ): Promise<GatewayResponse> {
    const headers: Record<string, string> = { 'user-agent': options.userAgent, accept: 'application/json' };
    const { url, kind } = placeKey(base, path);
    if (kind === 'api' && options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    if (kind !== 'management') {
      if (!opts.liveness) await passGate(signal);
      return request({ url, path, headers, signal, opts, write });
    }

    if (rejected) throw rejected;
    if (!options.managementKey)
      throw new GatewayError('no-key', 'no management key given (set PROVOPS_MANAGEMENT_KEY)');
    headers.authorization = `Bearer ${options.managementKey}`;
    const isKeyTest = !keyTestSent && !proven && !inFlight;
    keyTestSent = true;
    if (!isKeyTest && !opts.liveness) await passGate(signal);
    const release = await admit();
    try {
      // Decided once admitted: by then the key test (if this is not it) has answered and named the version.
      if (opts.v8Path && majorOf(observed?.version) >= 8) {
        const twin = placeKey(base, opts.v8Path);
        if (twin.kind === 'management') {
          const res = await sendManagement({ url: twin.url, path: opts.v8Path, headers, signal, opts, write });
          if (res.status !== 404) return res;
        }
      }
      return await sendManagement({ url, path, headers, signal, opts, write });
    } finally {
      release();
    }
  }

  const get: Gateway['get'] = (path, signal, opts = {}) => exchange(path, signal, opts);
  const send: WritableGateway['send'] = (method, path, body, signal) =>
    exchange(path, signal, {}, { method, body: body === undefined ? undefined : JSON.stringify(body) });

  const management: Gateway['management'] = () =>
    rejection ? { outcome: 'rejected', ...rejection } : { outcome: proven ? 'accepted' : 'untried' };
  return {
    url: base.printable,
    hasApiKey: Boolean(options.apiKey),
    hasManagementKey: Boolean(options.managementKey),
    get,
    send,
    management,
    hold(verdict) {
      gate = verdict;
    },
    version: () => observed,
  };
}

export type { KeyKind };

function scrubbed(res: HttpResponse, scrub: ((text: string) => string) | undefined): HttpResponse {
  if (!scrub) return res;
  const text = res.body.toString('utf8');
  const clean = scrub(text);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k] = scrub(v);
  return { ...res, headers, body: clean === text ? res.body : Buffer.from(clean, 'utf8') };
}

/**
 * A wrong or missing key (401) counts toward the gateway's ban of 5 failures in a row, and a ban (403)
 * is prolonged by retrying; "remote management disabled" and "key not set" are gateway settings that a
 * retry with the same key may well pass once they change.
 */
function countsTowardBan(res: HttpResponse): boolean {
  return res.status === 401 || /banned/i.test(errorText(res.body) ?? '');
}

function managementRejection(res: HttpResponse): GatewayError {
  const said = errorText(res.body) ?? `HTTP ${res.status}`;
  const stop =
    'provops made no further management requests this run (the gateway bans an IP for 30 min after 5 failures)';
  let hint =
    'Check the management key (PROVOPS_MANAGEMENT_KEY) against remote-management.secret-key or MANAGEMENT_PASSWORD on the gateway.';
  if (/banned/i.test(said))
    hint =
      'This IP is banned after repeated failed management logins: wait for the ban to expire, then fix the key before retrying.';
  else if (/remote management disabled/i.test(said))
    hint = 'Set remote-management.allow-remote: true on the gateway, or run provops on the gateway host.';
  else if (/key not set/i.test(said)) hint = 'Configure remote-management.secret-key on the gateway.';
  return new GatewayError('management-rejected', `management key rejected: ${res.status} ${said}; ${stop}`, hint);
}

/** The `error` string of a gateway JSON error body ({"error":"..."} or {"error":{"message":"..."}}). */
export function errorText(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'error' in parsed) {
      const e = (parsed as { error: unknown }).error;
      if (typeof e === 'string') return e;
      if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string')
        return (e as { message: string }).message;
    }
  } catch {
    // not JSON: the caller falls back to the status line
  }
  return undefined;
}

function withType(headers: Record<string, string>, write: { body: string | undefined } | undefined) {
  return write?.body === undefined ? headers : { ...headers, 'content-type': 'application/json' };
}
