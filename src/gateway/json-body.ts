// A JSON body read as it arrives (http.ts BodySink → JsonScanner → a reader's events), with the same
// one-line explanations readJson gives for a held body: an HTML page, an empty body, truncated or
// invalid JSON. The first bytes are kept for those messages; the rest is never held.
import type { GatewayResponse } from './client.js';
import type { BodySink } from './http.js';
import { JsonScanError, JsonScanner, type JsonEvents } from './json-scan.js';
import { BadBody, describeBody, isHtml, quote } from './response.js';

const HEAD_BYTES = 4096;

/** Thrown by a reader when the JSON is fine but not the served shape; the message quotes the body's start. */
export class NotShape extends Error {
  constructor(readonly expected: string) {
    super(`the body is not ${expected}`);
  }
}

export interface JsonReader<T> extends JsonEvents {
  /** The value read, once the body has ended without error. */
  result(): T;
}

export function jsonBodySink(
  path: string,
  status: number,
  headers: Record<string, string>,
  events: JsonEvents,
  opts: { quoteBody?: boolean } = {},
): BodySink {
  const scanner = new JsonScanner(events);
  const head: Buffer[] = [];
  let held = 0;
  let size = 0;
  let failed: JsonScanError | undefined;

  function badBody(stopped: boolean): BadBody {
    const res: GatewayResponse = { path, status, headers, body: Buffer.concat(head), durationMs: 0 };
    const text = res.body.toString('utf8');
    if (isHtml(res, text)) return new BadBody(`GET ${path} → ${status} with ${describeBody(res)}, not JSON`);
    if (!text.trim()) return new BadBody(`GET ${path} → ${status} with an empty body, not JSON`);
    const shown = opts.quoteBody === false ? '' : `: "${quote(text, 40)}"`;
    const kind = failed?.truncated === false ? 'invalid' : 'truncated';
    return new BadBody(
      `GET ${path} → ${status} with ${kind} JSON (${stopped ? `stopped after ${size}` : size} bytes${shown})`,
    );
  }

  function notShape(err: NotShape): BadBody {
    const text = Buffer.concat(head).toString('utf8');
    const shown = opts.quoteBody === false ? '' : `: "${quote(text, 60)}"`;
    return new BadBody(`GET ${path} → ${status} but the body is not ${err.expected}${shown}`);
  }

  return {
    write(chunk) {
      size += chunk.length;
      if (held < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - held));
        held += Math.min(chunk.length, HEAD_BYTES - held);
      }
      if (!failed) {
        try {
          scanner.write(chunk);
        } catch (err) {
          if (err instanceof NotShape) throw notShape(err);
          if (!(err instanceof JsonScanError)) throw err;
          failed = err;
        }
      }
      // Read on only as far as the message needs (an HTML page's title), never the whole body.
      if (failed && held >= HEAD_BYTES) throw badBody(true);
    },
    end() {
      if (!failed) {
        try {
          scanner.end();
          return;
        } catch (err) {
          if (err instanceof NotShape) throw notShape(err);
          if (!(err instanceof JsonScanError)) throw err;
          failed = err;
        }
      }
      throw badBody(false);
    },
  };
}
