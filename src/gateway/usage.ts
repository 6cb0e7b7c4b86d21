// GET /v0/management/usage: the gateway's in-memory request statistics, fetched once per target per
// run (spark-error-ratio reads it, quota-pressure may too). The body is keyed by client API key and
// each detail's `source` can be an upstream API key or the caller's key (the gateway falls back to
// them when a credential has no account label): both are secrets, so the parsed shape keeps neither.
import type { Gateway, GatewayResponse } from './client.js';
import { jsonBodySink, type JsonReader } from './json-body.js';
import { streamEndpoint, type Outcome } from './read.js';
import { BadBody } from './response.js';

export const USAGE_PATH = '/v0/management/usage';

export interface UsageRequest {
  model: string;
  /** Epoch ms of the request, from the detail's RFC 3339 timestamp. */
  at: number;
  failed: boolean;
  /** The credential that served it (16 hex, from auth-files), when the gateway says. */
  authIndex?: string | undefined;
  /** Which client key it came from, as an ordinal (the key itself is never kept). */
  client: number;
}

export interface UsageSnapshot {
  totalRequests: number;
  failureCount: number;
  /** Every request detail the gateway still holds, across all client keys and models. */
  requests: UsageRequest[];
  clients: number;
  /** Details whose timestamp could not be read; they are left out of `requests`. */
  unreadable: number;
}

export type UsageOutcome = Outcome<UsageSnapshot>;

/** Read as a stream: a week of a busy gateway is ~1M details (~200 MB), more than is worth holding. */
export function fetchUsage(gateway: Gateway, signal: AbortSignal): Promise<UsageOutcome> {
  return streamEndpoint(gateway, USAGE_PATH, signal, () => new UsageReader(USAGE_PATH, 200), { quoteBody: false });
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$/;

/** Go's RFC 3339 (nano) timestamps, "2026-02-23T10:15:02.123456+08:00"; NaN when it is not one. */
export function parseRfc3339(text: string): number {
  const m = RFC3339.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (/^z$/i.test(zone)) return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return local - offset * 60_000;
}

/** A held /usage body, read by the same reader as the stream. */
export function parseUsage(res: GatewayResponse): UsageSnapshot {
  const reader = new UsageReader(res.path, res.status);
  const sink = jsonBodySink(res.path, res.status, res.headers, reader, { quoteBody: false });
  sink.write(res.body);
  sink.end();
  return reader.result();
}

/** Where a container sits in {"usage":{"apis":{<key>:{"models":{<model>:{"details":[{...}]}}}}}}. */
const enum Role {
  Other,
  Root,
  Usage,
  Apis,
  Client,
  Models,
  Model,
  Details,
  Detail,
}

/**
 * The usage shape from scanner events, one detail at a time: memory grows with the details kept
 * (~100 bytes each), never with the body. Client keys are counted, never kept; `source` is never decoded.
 */
export class UsageReader implements JsonReader<UsageSnapshot> {
  private readonly roles: Role[] = [];
  /** The key of the value now being read, in the innermost object. */
  private current: string | undefined;
  private model = '';
  private client = 0;
  private sawUsage = false;
  private totalRequests = 0;
  private failureCount = 0;
  private readonly requests: UsageRequest[] = [];
  private unreadable = 0;
  private readonly authIndexes = new Map<string, string>();
  private detail: { at: number; failed: boolean; authIndex: string | undefined } | undefined;

  constructor(
    private readonly path: string,
    private readonly status: number,
  ) {}

  private bad(why: string): BadBody {
    return new BadBody(
      `GET ${this.path} → ${this.status} but ${why} (expected {"usage":{"apis":{<key>:{"models":{<model>:{"details":[...]}}}}}})`,
    );
  }

  private get parent(): Role | undefined {
    return this.roles[this.roles.length - 1];
  }

  /** A value of any kind (container or not) now starts under the current parent and key. */
  private entering(kind: 'object' | 'array' | 'scalar', isNull: boolean): Role {
    const parent = this.parent;
    const object = kind === 'object';
    switch (parent) {
      case undefined:
        if (!object) throw this.bad('the body has no "usage" object');
        return Role.Root;
      case Role.Root:
        if (this.current !== 'usage') return Role.Other;
        if (!object) throw this.bad('the body has no "usage" object');
        this.sawUsage = true;
        return Role.Usage;
      case Role.Usage:
        if (this.current !== 'apis') return Role.Other;
        if (!object && !isNull) throw this.bad('"usage.apis" is not an object');
        return Role.Apis;
      case Role.Apis:
        this.client++;
        if (!object) throw this.bad(`client key #${this.client} has no "models" object`);
        return Role.Client;
      case Role.Client:
        if (this.current !== 'models') return Role.Other;
        if (!object && !isNull) throw this.bad(`client key #${this.client} has no "models" object`);
        return Role.Models;
      case Role.Models:
        this.model = this.current ?? '';
        if (!object) throw this.bad(`model "${this.model}" has no "details" list`);
        return Role.Model;
      case Role.Model:
        if (this.current !== 'details') return Role.Other;
        if (kind !== 'array' && !isNull) throw this.bad(`model "${this.model}" has no "details" list`);
        return Role.Details;
      case Role.Details:
        if (!object) {
          this.unreadable++;
          return Role.Other;
        }
        this.detail = { at: NaN, failed: false, authIndex: undefined };
        return Role.Detail;
      default:
        return Role.Other;
    }
  }

  open(kind: 'object' | 'array'): void {
    this.roles.push(this.entering(kind, false));
    this.current = undefined;
  }

  close(): void {
    if (this.roles.pop() !== Role.Detail || !this.detail) return;
    const d = this.detail;
    this.detail = undefined;
    if (Number.isNaN(d.at)) {
      this.unreadable++;
      return;
    }
    this.requests.push({ model: this.model, at: d.at, failed: d.failed, authIndex: d.authIndex, client: this.client });
  }

  key(name: string | undefined): void {
    this.current = name;
  }

  wantsKey(): boolean {
    // A client key is a secret and only counted; keys inside a detail's sub-objects are never read.
    const parent = this.parent;
    return parent !== Role.Apis && parent !== Role.Other;
  }

  wantsValue(): boolean {
    const parent = this.parent;
    if (parent === Role.Detail) return this.current === 'timestamp' || this.current === 'auth_index';
    return parent === Role.Usage;
  }

  value(value: string | number | boolean | null | undefined): void {
    const parent = this.parent;
    if (parent === Role.Detail && this.detail) {
      if (this.current === 'timestamp') this.detail.at = typeof value === 'string' ? parseRfc3339(value) : NaN;
      else if (this.current === 'failed') this.detail.failed = value === true;
      else if (this.current === 'auth_index' && typeof value === 'string') {
        // Interned: a million details name a handful of credentials.
        let same = this.authIndexes.get(value);
        if (same === undefined) this.authIndexes.set(value, (same = value));
        this.detail.authIndex = same;
      }
      return;
    }
    if (parent === Role.Usage) {
      const n = typeof value === 'number' && Number.isFinite(value) ? value : 0;
      if (this.current === 'total_requests') this.totalRequests = n;
      else if (this.current === 'failure_count') this.failureCount = n;
    }
    this.entering('scalar', value === null);
  }

  result(): UsageSnapshot {
    if (!this.sawUsage) throw this.bad('the body has no "usage" object');
    return {
      totalRequests: this.totalRequests,
      failureCount: this.failureCount,
      requests: this.requests,
      clients: this.client,
      unreadable: this.unreadable,
    };
  }
}
