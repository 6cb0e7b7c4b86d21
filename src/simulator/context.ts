// What a route handler gets: the request as data and the simulated gateway it answers for.
import type { IncomingHttpHeaders } from 'node:http';
import type { AliasStore } from './aliases.js';
import type { GatewayData } from './data.js';
import type { FlavorProfile } from './flavor.js';
import type { Flavor } from './names.js';
import type { Reply } from './reply.js';

export interface SimRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  clientIp: string;
}

export interface SimContext {
  flavor: Flavor;
  profile: FlavorProfile;
  data: GatewayData;
  apiKeys: ReadonlySet<string>;
  managementKey: string;
  management: 'enabled' | 'disabled' | 'remote-disabled' | 'key-not-set';
  /** The live oauth-model-alias map that management writes change. */
  aliases: AliasStore;
  /** The simulator clock (pinned, or the wall clock). */
  now(): number;
}

export type Handler = (req: SimRequest, ctx: SimContext) => Reply;

export function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** "Bearer <key>" or a bare "<key>" in Authorization (both accepted by the gateway). */
export function authorizationToken(req: SimRequest): string | undefined {
  const value = header(req, 'authorization')?.trim();
  if (!value) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(value);
  return (m ? m[1] : value)?.trim() || undefined;
}

/** Client key candidates in the gateway's order: Authorization, X-Goog-Api-Key, X-Api-Key, ?key=, ?auth_token=. */
export function clientKeyCandidates(req: SimRequest): string[] {
  return [
    authorizationToken(req),
    header(req, 'x-goog-api-key'),
    header(req, 'x-api-key'),
    req.query.get('key') ?? undefined,
    req.query.get('auth_token') ?? undefined,
  ].filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Authorization first, then X-Management-Key. */
export function managementKeyOf(req: SimRequest): string | undefined {
  return authorizationToken(req) ?? (header(req, 'x-management-key') || undefined);
}
