// Reading gateway responses defensively: HTML pages from a fronting proxy, truncated JSON and
// wrong-shaped bodies become one-line explanations instead of exceptions.
import type { GatewayResponse } from './client.js';
import { errorText } from './client.js';

/** The body could not be used: not JSON, truncated, or not the shape the gateway serves. */
export class BadBody extends Error {
  override name = 'BadBody';
}

const MAX_QUOTE = 120;

export function quote(text: string, max = MAX_QUOTE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function isHtml(res: GatewayResponse, text: string): boolean {
  return /text\/html/i.test(res.headers['content-type'] ?? '') || /^\s*<(!doctype|html|head|body)/i.test(text);
}

function htmlTitle(text: string): string | undefined {
  const m = /<title>([^<]*)<\/title>/i.exec(text) ?? /<h1>([^<]*)<\/h1>/i.exec(text);
  return m?.[1]?.trim();
}

/** A short, single-line description of a response body for summaries. */
export function describeBody(res: GatewayResponse): string {
  const text = res.body.toString('utf8');
  if (!text.trim()) return 'empty body';
  if (isHtml(res, text))
    return `an HTML page${htmlTitle(text) ? ` "${htmlTitle(text)}"` : ''} (a proxy in front of the gateway?)`;
  const said = errorText(res.body);
  if (said !== undefined) return `"${quote(said)}"`;
  return `"${quote(text)}"`;
}

/** `GET /v1/models → 401 "Invalid API key"` */
export function statusLine(res: GatewayResponse): string {
  return `GET ${res.path} → ${res.status} ${describeBody(res)}`;
}

/**
 * The body as JSON, or BadBody saying why not. `quoteBody: false` for bodies that carry secrets the
 * redactor does not know (the client API keys that key /usage): the message then gives only the size.
 */
export function readJson(res: GatewayResponse, opts: { quoteBody?: boolean } = {}): unknown {
  const text = res.body.toString('utf8');
  if (isHtml(res, text)) throw new BadBody(`GET ${res.path} → ${res.status} with ${describeBody(res)}, not JSON`);
  if (!text.trim()) throw new BadBody(`GET ${res.path} → ${res.status} with an empty body, not JSON`);
  try {
    return JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    // V8 words a cut-off body in several ways; a parse error at the very end of the text is one.
    const at = /at position (\d+)/.exec(why);
    const truncated =
      /end of (JSON )?input|unterminated/i.test(why) || (at !== null && Number(at[1]) >= text.trimEnd().length);
    const shown = opts.quoteBody === false ? '' : `: "${quote(text, 40)}"`;
    throw new BadBody(
      `GET ${res.path} → ${res.status} with ${truncated ? 'truncated' : 'invalid'} JSON (${res.body.length} bytes${shown})`,
    );
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws BadBody naming the path when `ok` is false: the body is JSON but not the served shape. */
export function expectShape(res: GatewayResponse, ok: boolean, expected: string): void {
  if (!ok)
    throw new BadBody(
      `GET ${res.path} → ${res.status} but the body is not ${expected}: "${quote(res.body.toString('utf8'), 60)}"`,
    );
}
