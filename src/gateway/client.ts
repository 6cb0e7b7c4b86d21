// Requests to one gateway target. Keys are placed by path, never by the caller: the API key only on
// /v1/*, the management key only on /v0/management/* and (CLIProxyAPI v8) /v8/management/*, which share
// one auth middleware and one failure counter. Management calls are gated so that a rejected key is
// sent once per run: the gateway bans a client IP for 30 minutes after 5 failed logins. Every answer's
// X-CPA-VERSION header is noted, so readers can pick the v8 tree and reports can name the version.
import type { HttpClient, HttpResponse, SinkFor, WriteMethod } from './http.js';
import { GatewayError } from '../errors.js';

export interface GatewayResponse extends HttpResponse {
  path: string;
}

export interface Gateway {
  readonly url: string;
  readonly hasApiKey: boolean;
  readonly hasManagementKey: boolean;
  /** `sinkFor` streams a body instead of holding it (see http.ts). */
  get(path: string, signal: AbortSignal, opts?: GetOptions): Promise<GatewayResponse>;
  /** How the management key fared this run: never sent, accepted, or rejected with this status. */
  management(): { outcome: 'untried' | 'accepted' } | { outcome: 'rejected'; status: number; countsTowardBan: boolean };
  /** The version the gateway named in an X-CPA-VERSION header this run, and on which answer. */
  version(): ObservedVersion | undefined;
  /**
   * Tests the management key (once per run, the same probe every management call waits for) and
   * returns the version it named: the management readers pick the /v8 tree from it. Never throws.
   */
  managementVersion(signal: AbortSignal): Promise<ObservedVersion | undefined>;
}

export interface ObservedVersion {
  /** As sent: "v8.0.23", "v6.8.60-0". */
  version: string;
  /** The request whose answer carried it: "GET /v0/management/debug". */
  from: string;
}

/** The major version of "v8.0.23" / "8.0.23" / "v6.8.60-0" (NaN when it is not one). */
export function majorOf(version: string | undefined): number {
  const m = /^v?(\d+)\./.exec(version?.trim() ?? '');
  return m ? Number(m[1]) : NaN;
}

export interface GetOptions {
  maxBytes?: number;
  sinkFor?: SinkFor;
}

/** A gateway that also writes: management setters and the canary requests of onboard/mitigate. */
export interface WritableGateway extends Gateway {
  /** A JSON body to `path`, keys placed and management gated exactly as for get. */
  send(method: WriteMethod, path: string, body: unknown, signal: AbortSignal): Promise<GatewayResponse>;
}

export interface GatewayOptions {
  url: string;
  apiKey?: string | undefined;
  managementKey?: string | undefined;
  userAgent: string;
  /** A rejection remembered from an earlier run for this same key: no management request is made. */
  refuseManagement?: GatewayError | undefined;
}

export const MANAGEMENT_PREFIX = '/v0/management/';
/** CLIProxyAPI v8's management tree, mounted beside /v0/management/ behind the same middleware. */
export const MANAGEMENT_V8_PREFIX = '/v8/management/';
/** The cheapest management route every version serves ({"debug":false}, v8 included): it tests the key first. */
export const KEY_PROBE_PATH = '/v0/management/debug';
/**
 * When /v0/management/debug is 404 (a v8 build that dropped the near-deprecated v0 tree, or management
 * off), the cheapest v8 getter: a name filter that matches nothing answers {"files":[]}.
 */
export const KEY_PROBE_V8_PATH = '/v8/management/credentials?name=__provops_probe__';

export function isManagementPath(path: string): boolean {
  return path.startsWith(MANAGEMENT_PREFIX) || path.startsWith(MANAGEMENT_V8_PREFIX);
}

export function createGateway(http: HttpClient, options: GatewayOptions): WritableGateway {
  const base = options.url.replace(/\/+$/, '');
  let rejected: GatewayError | undefined = options.refuseManagement;
  let rejection: { status: number; countsTowardBan: boolean } | undefined;
  let proven = false;
  let probed: Promise<void> | undefined;
  let inFlight: Promise<void> | undefined;
  let observed: ObservedVersion | undefined;

  function note(path: string, res: HttpResponse): void {
    const version = res.headers['x-cpa-version']?.trim();
    // The first answer that names it; a later one naming another (a rolling upgrade) does not rename it.
    if (version && !observed) observed = { version: version.slice(0, 40), from: `GET ${path.split('?')[0]}` };
  }

  /** One management request; a 401/403 ends management for the run, an answer past the auth middleware proves the key. */
  async function sendManagement(
    path: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    maxBytes?: number,
    sinkFor?: SinkFor,
    write?: { method: WriteMethod; body: string | undefined },
  ): Promise<HttpResponse> {
    const res = write
      ? await http.send(write.method, base + path, headers, write.body, signal, maxBytes)
      : await http.get(base + path, headers, signal, maxBytes, sinkFor);
    note(path, res);
    if (res.status === 401 || res.status === 403) {
      rejected = managementRejection(res);
      rejection = { status: res.status, countsTowardBan: countsTowardBan(res) };
      throw rejected;
    }
    // A 404 comes from the router before any auth runs, and a 5xx may be a proxy's: neither says the key is good.
    if (res.status < 500 && res.status !== 404) proven = true;
    return res;
  }

  // The key is tested first with a tiny request, so a wrong key costs one request and a good one lets
  // every management call run at once instead of queueing behind a 24 h log or an upstream quota call.
  // When the probe proves nothing (404, a timeout), requests go one at a time until one does.
  async function admitManagement(headers: Record<string, string>, signal: AbortSignal): Promise<() => void> {
    probed ??= sendManagement(KEY_PROBE_PATH, headers, signal)
      .then(
        (res) => (res.status === 404 ? sendManagement(KEY_PROBE_V8_PATH, headers, signal).then(() => {}) : undefined),
        () => {},
      )
      .then(
        () => {},
        () => {},
      );
    await probed;
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
    write?: { method: WriteMethod; body: string | undefined },
  ): Promise<GatewayResponse> {
    const headers: Record<string, string> = { 'user-agent': options.userAgent, accept: 'application/json' };
    if (path.startsWith('/v1/') && options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    if (!isManagementPath(path)) {
      const res = write
        ? await http.send(write.method, base + path, withType(headers, write), write.body, signal, opts.maxBytes)
        : await http.get(base + path, headers, signal, opts.maxBytes, opts.sinkFor);
      note(path, res);
      return { ...res, path };
    }

    if (rejected) throw rejected;
    if (!options.managementKey)
      throw new GatewayError('no-key', 'no management key given (set PROVOPS_MANAGEMENT_KEY)');
    headers.authorization = `Bearer ${options.managementKey}`;
    // The key probe is a GET: it goes without the write's content type.
    const release = await admitManagement(headers, signal);
    try {
      return {
        ...(await sendManagement(path, withType(headers, write), signal, opts.maxBytes, opts.sinkFor, write)),
        path,
      };
    } finally {
      release();
    }
  }

  const get: Gateway['get'] = (path, signal, opts = {}) => exchange(path, signal, opts);
  const send: WritableGateway['send'] = (method, path, body, signal) =>
    exchange(path, signal, {}, { method, body: body === undefined ? undefined : JSON.stringify(body) });

  const management: Gateway['management'] = () =>
    rejection ? { outcome: 'rejected', ...rejection } : { outcome: proven ? 'accepted' : 'untried' };
  async function managementVersion(signal: AbortSignal): Promise<ObservedVersion | undefined> {
    if (!options.managementKey || rejected) return observed;
    const headers = {
      'user-agent': options.userAgent,
      accept: 'application/json',
      authorization: `Bearer ${options.managementKey}`,
    };
    try {
      const release = await admitManagement(headers, signal);
      release();
    } catch {
      // a rejected key or an aborted run: the reader's own request reports it
    }
    return observed;
  }

  return {
    url: base,
    hasApiKey: Boolean(options.apiKey),
    hasManagementKey: Boolean(options.managementKey),
    get,
    send,
    management,
    version: () => observed,
    managementVersion,
  };
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
