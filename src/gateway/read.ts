// The one fetch → parse step every endpoint reader shares, and the one outcome shape checks read:
// a parsed body, an answer that is not the served shape's status, or no usable answer at all.
import type { Gateway, GatewayResponse } from './client.js';
import { jsonBodySink, type JsonReader } from './json-body.js';
import { statusLine } from './response.js';

export type Outcome<T> =
  | { ok: true; response: GatewayResponse; value: T }
  /** The gateway answered, but not with this route's 200 (401, 404, 5xx, a redirect...). */
  | { ok: false; response: GatewayResponse; error?: undefined }
  /** No usable answer: a request failure (GatewayError) or a body that could not be read (BadBody). */
  | { ok: false; response?: GatewayResponse | undefined; error: Error };

export type Failed<T> = Extract<Outcome<T>, { ok: false }>;

/** GET `path` and parse a 200 with `parse`; never throws. */
export async function readEndpoint<T>(
  gateway: Gateway,
  path: string,
  signal: AbortSignal,
  parse: (res: GatewayResponse) => T,
  opts: { maxBytes?: number; v8Path?: string } = {},
): Promise<Outcome<T>> {
  let response: GatewayResponse | undefined;
  // The parse doubles as the management gate's judge: only a body of this route's shape proves the key.
  let parsed: { value: T } | { error: unknown } | undefined;
  const judge = (res: GatewayResponse): boolean => {
    if (res.status !== 200) return false;
    parsed = attempt(() => parse(res));
    return 'value' in parsed;
  };
  try {
    response = await gateway.get(path, signal, { ...opts, judge });
    if (response.status !== 200) return { ok: false, response };
    parsed ??= attempt(() => parse(response as GatewayResponse));
    if ('error' in parsed) throw parsed.error;
    return { ok: true, response, value: parsed.value };
  } catch (error) {
    return { ok: false, response, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * GET `path` and read a 200 as a JSON stream into `reader`, never holding the body: for answers that
 * grow with a gateway's traffic. Never throws; other statuses come back held, as from readEndpoint.
 */
export async function streamEndpoint<T>(
  gateway: Gateway,
  path: string,
  signal: AbortSignal,
  reader: () => JsonReader<T>,
  opts: { quoteBody?: boolean; maxBytes?: number; v8Path?: string } = {},
): Promise<Outcome<T>> {
  let response: GatewayResponse | undefined;
  let made: JsonReader<T> | undefined;
  let read: { value: T } | { error: unknown } | undefined;
  // A streamed body proves the management key only when its reader found the route's shape in it.
  const judge = (res: GatewayResponse): boolean => {
    if (res.status !== 200 || !made) return false;
    const from = made;
    read = attempt(() => from.result());
    return 'value' in read;
  };
  try {
    const { quoteBody, ...rest } = opts;
    response = await gateway.get(path, signal, {
      ...rest,
      sinkFor: (status, headers) =>
        status === 200
          ? jsonBodySink(path, status, headers, (made = reader()), quoteBody === undefined ? {} : { quoteBody })
          : undefined,
      judge,
    });
    if (response.status !== 200 || !made) return { ok: false, response };
    const from = made;
    read ??= attempt(() => from.result());
    if ('error' in read) throw read.error;
    return { ok: true, response, value: read.value };
  } catch (error) {
    return { ok: false, response, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

function attempt<T>(fn: () => T): { value: T } | { error: unknown } {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

/** Why the value could not be had, in one line. */
export function whyUnavailable(outcome: Failed<unknown>): string {
  return outcome.error ? outcome.error.message : statusLine(outcome.response);
}
