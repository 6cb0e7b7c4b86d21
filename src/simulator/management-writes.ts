// The management setters for `oauth-model-alias` (reference "Management API config"): PATCH replaces
// one channel's whole list, PUT the whole map, DELETE ?channel= drops a channel. Like the gateway, a
// setter answers ok after sanitizing, even when the sanitizer dropped what was sent, so a caller must
// read the channel back to know what was kept.
import { sanitizeChannel, type AliasMap } from './aliases.js';
import type { Handler } from './context.js';
import { errorJson, json } from './reply.js';

const OK = () => json(200, { status: 'ok' });

function bodyOf(text: string): unknown {
  try {
    return JSON.parse(text || 'null') as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const patchChannel: Handler = (req, ctx) => {
  const body = bodyOf(req.body);
  if (!isObject(body)) return errorJson(400, 'invalid body');
  const channel = typeof body.channel === 'string' ? body.channel.trim().toLowerCase() : '';
  if (!channel) return errorJson(400, 'channel is required');
  const entries = sanitizeChannel(body.aliases);
  if (!entries) return errorJson(400, 'aliases must be a list');
  ctx.aliases.setChannel(channel, entries);
  return OK();
};

const putAll: Handler = (req, ctx) => {
  const body = bodyOf(req.body);
  const value = isObject(body) && 'value' in body ? body.value : body;
  if (!isObject(value)) return errorJson(400, 'invalid body');
  const map: AliasMap = {};
  for (const [channel, list] of Object.entries(value)) {
    const entries = sanitizeChannel(list);
    if (entries?.length) map[channel.trim().toLowerCase()] = entries;
  }
  ctx.aliases.replaceAll(map);
  return OK();
};

const deleteChannel: Handler = (req, ctx) => {
  const channel = req.query.get('channel')?.trim().toLowerCase();
  if (!channel) return errorJson(400, 'channel is required');
  if (!ctx.aliases.deleteChannel(channel)) return errorJson(404, 'channel not found');
  return OK();
};

/** "METHOD /path" (relative to /v0/management) → handler. */
export const MANAGEMENT_WRITES: Record<string, Handler> = {
  'PATCH /oauth-model-alias': patchChannel,
  'PUT /oauth-model-alias': putAll,
  'DELETE /oauth-model-alias': deleteChannel,
};
