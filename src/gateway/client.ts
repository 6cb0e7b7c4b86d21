// Requests to one gateway target. Keys are placed by path, never by the caller: the API key only on
// /v1/*, the management key only on /v0/management/*. Management calls are gated so that a rejected
// key is sent once per run: the gateway bans a client IP for 30 minutes after 5 failed logins.
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
/** The cheapest management route every version serves ({"debug":false}): it tests the key first. */
export const KEY_PROBE_PATH = '/v0/management/debug';

export function createGateway(http: HttpClient, options: GatewayOptions): WritableGateway {
  const base = options.url.replace(/\/+$/, '');
  let rejected: GatewayError | undefined = options.refuseManagement;
  let rejection: { status: number; countsTowardBan: boolean } | undefined;
  let proven = false;
  let probed: Promise<void> | undefined;
  let inFlight: Promise<void> | undefined;

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
    probed ??= sendManagement(KEY_PROBE_PATH, headers, signal).then(
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
    if (!path.startsWith(MANAGEMENT_PREFIX)) {
      const res = write
        ? await http.send(write.method, base + path, withType(headers, write), write.body, signal, opts.maxBytes)
        : await http.get(base + path, headers, signal, opts.maxBytes, opts.sinkFor);
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
  return {
    url: base,
    hasApiKey: Boolean(options.apiKey),
    hasManagementKey: Boolean(options.managementKey),
    get,
    send,
    management,
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
