// Responses as data: handlers return a Reply, the server (and faults) decide how it goes on the wire.
import type { Flavor } from './names.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** gin's c.JSON content type. */
export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

/** {"error": message}: the shape of client-auth, management and most handler errors. */
export function errorJson(status: number, message: string): Reply {
  return json(status, { error: message });
}

/**
 * An unknown route: cliproxyapi++ v6.8.60 has no NoRoute handler, so gin's default text/plain body;
 * upstream's NoRoute aborts with an empty body (reference §1).
 */
export function notFound(flavor: Flavor): Reply {
  if (flavor === 'plus') return { status: 404, headers: { 'content-type': 'text/plain' }, body: '404 page not found' };
  return { status: 404, headers: {}, body: '' };
}
