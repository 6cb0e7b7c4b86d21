// /v0/management/* (and on v8 /v8/management/*, behind the same middleware and failure counter): the
// auth middleware with its error table and IP ban (reference §6.1), and the getters, auth-files
// (v8: credentials), kiro-quota, logs (v8: observability/logs) and usage routes. The simulator treats every client as remote
// (provops usually runs on another host), so the ban and `allow-remote` apply on loopback too.
import { configJson, configYaml } from './config-file.js';
import { managementKeyOf, type Handler, type SimContext, type SimRequest } from './context.js';
import { authIndexOf } from './data.js';
import { MANAGEMENT_WRITES } from './management-writes.js';
import { json, errorJson, notFound, type Reply } from './reply.js';
import { goSeconds } from './time.js';
import { LOG_SPAN_MS, type LogRecord } from './traffic.js';

export const MANAGEMENT_PREFIX = '/v0/management';
export const MANAGEMENT_V8_PREFIX = '/v8/management';
const MAX_FAILURES = 5;
const BAN_MS = 30 * 60_000;

/** Failed logins per client IP; measured on the real clock, since a pinned clock never moves. */
export class BanList {
  private readonly attempts = new Map<string, { count: number; bannedUntil: number }>();

  constructor(private readonly realNow: () => number = Date.now) {}

  /** The remaining ban in seconds, or undefined when the IP may try. */
  banned(ip: string): number | undefined {
    const a = this.attempts.get(ip);
    if (!a?.bannedUntil) return undefined;
    const left = a.bannedUntil - this.realNow();
    if (left > 0) return left / 1000;
    this.attempts.set(ip, { count: 0, bannedUntil: 0 });
    return undefined;
  }

  fail(ip: string): void {
    const a = this.attempts.get(ip) ?? { count: 0, bannedUntil: 0 };
    a.count++;
    if (a.count >= MAX_FAILURES) {
      a.bannedUntil = this.realNow() + BAN_MS;
      a.count = 0;
    }
    this.attempts.set(ip, a);
  }

  clear(ip: string): void {
    this.attempts.delete(ip);
  }
}

const getter =
  (key: string, value: (ctx: SimContext) => unknown): Handler =>
  (_req, ctx) =>
    json(200, { [key]: value(ctx) });

const configValue = (key: string, fallback: unknown) => (ctx: SimContext) => ctx.data.scenario.config[key] ?? fallback;
const loggingToFile = (ctx: SimContext) => ctx.data.scenario.loggingToFile ?? true;
const usageEnabled = (ctx: SimContext) => ctx.data.scenario.usageStatistics ?? true;
const apiKeys = (ctx: SimContext) => [...ctx.apiKeys];

const authFiles: Handler = (req, ctx) => {
  const now = ctx.now();
  const events = ctx.profile.authFileDetails ? ctx.data.usageEvents(now) : [];
  let files = ctx.data.authFiles();
  if (ctx.profile.authFileDetails) {
    const name = req.query.get('name');
    const index = req.query.get('auth_index');
    if (name) files = files.filter((f) => f.name === name);
    if (index) files = files.filter((f) => authIndexOf(f.name) === index);
  }
  const body: Record<string, unknown> = { files: files.map((f) => ctx.data.authFileEntry(f, now, events)) };
  if (ctx.profile.v8) body.observed_at = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return json(200, body);
};

/**
 * v8's GET /observability/usage/queue?count=N pops up to N usage records: reading destroys them, so
 * provops must never call it. The simulator answers as an empty queue; the hit is what tests look at.
 */
const usageQueue: Handler = (req) => {
  const count = req.query.get('count') ?? '1';
  if (!/^\d+$/.test(count) || Number(count) < 1) return errorJson(400, 'count must be a positive integer');
  return json(200, []);
};

const KIRO_INDEX_PARAMS = ['auth_index', 'authIndex', 'AuthIndex', 'index', 'auth_id', 'auth-id'];

/** First day of the next month, UTC, in epoch ms (Kiro's nextDateReset). */
function nextMonth(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The fork's findKiroAuth: a match by index, id or file name, else silently the first Kiro credential. */
const kiroQuota: Handler = (req, ctx) => {
  const asked = KIRO_INDEX_PARAMS.map((p) => req.query.get(p)?.trim()).find((v) => v);
  const kiro = ctx.data.authFiles().filter((f) => f.provider === 'kiro');
  const file = kiro.find((f) => asked !== undefined && (authIndexOf(f.name) === asked || f.name === asked)) ?? kiro[0];
  if (!file) return errorJson(400, 'no kiro credential found');
  const index = authIndexOf(file.name);
  const q = file.kiro;
  if (!q) return json(400, { error: 'kiro token not found', auth_index: index });
  if (q.upstreamError) return json(502, { error: 'kiro quota request failed', detail: q.upstreamError });
  return json(200, {
    auth_index: index,
    profile_arn: q.profileArn,
    remaining_quota: q.limit - q.used,
    usage_percentage: q.limit > 0 ? (q.used / q.limit) * 100 : 100,
    quota_exhausted: q.used >= q.limit,
    usage: {
      usageBreakdownList: [
        { resourceType: 'AGENTIC_REQUEST', usageLimitWithPrecision: q.limit, currentUsageWithPrecision: q.used },
      ],
      subscriptionInfo: { subscriptionTitle: q.subscriptionTitle, type: q.subscriptionType },
      nextDateReset: nextMonth(ctx.now()),
    },
  });
};

/** An opaque position in the log for upstream's cursor: the line's epoch ms and its rank within that ms. */
function cursorOf(records: LogRecord[], i: number): string {
  const at = records[i]?.at ?? 0;
  let rank = 0;
  while (i - rank - 1 >= 0 && records[i - rank - 1]?.at === at) rank++;
  return Buffer.from(`${at}.${rank}`).toString('base64url');
}

function afterCursor(records: LogRecord[], cursor: string): LogRecord[] | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return undefined;
  const at = Number(m[1]);
  const rank = Number(m[2]);
  let seen = -1;
  return records.filter((r) => {
    if (r.at < at) return false;
    if (r.at > at) return true;
    seen++;
    return seen > rank;
  });
}

/**
 * GET /v0/management/logs (reference §6.5), as upstream's handler reads it (logs.go): without a cursor,
 * the lines newer than after=, the last limit= of them, and a next-cursor at the end of the log; with
 * cursor=, after= is ignored and the first limit= lines after the cursor come back, with a next-cursor
 * after the last one (an unknown cursor: cursor-reset and the last limit= lines).
 */
const logs: Handler = (req, ctx) => {
  if (!loggingToFile(ctx)) return errorJson(400, 'logging to file disabled');
  const limitText = req.query.get('limit');
  let limit: number | undefined;
  if (limitText !== null && limitText !== '') {
    limit = /^\d+$/.test(limitText.trim()) ? Number(limitText.trim()) : NaN;
    if (!(limit > 0)) return errorJson(400, 'invalid limit: must be a positive integer');
  }
  const afterText = req.query.get('after');
  const after = afterText && /^\d+$/.test(afterText.trim()) ? Number(afterText.trim()) : undefined;
  const now = ctx.now();
  const all = ctx.data.traffic.logLines(now - LOG_SPAN_MS, now);
  let picked = all;
  let cursorReset = false;
  let forward = false;
  const cursor = ctx.profile.logsCursor ? req.query.get('cursor') : null;
  if (cursor) {
    const rest = afterCursor(all, cursor);
    if (rest) {
      picked = limit !== undefined ? rest.slice(0, limit) : rest;
      forward = true;
    } else cursorReset = true;
  }
  if (!forward) {
    if (after !== undefined && !cursorReset) picked = picked.filter((r) => Math.floor(r.at / 1000) > after);
    if (limit !== undefined) picked = picked.slice(-limit);
  }
  const newest = picked.at(-1);
  const body: Record<string, unknown> = {
    lines: picked.map((r) => r.line),
    'line-count': all.length,
    'latest-timestamp': newest ? Math.floor(newest.at / 1000) : (after ?? 0),
  };
  if (ctx.profile.logsCursor) {
    // a forward read continues after its last line; any other read's cursor is the end of the log
    const last = forward ? (newest ? all.lastIndexOf(newest) : -2) : all.length - 1;
    body['next-cursor'] = last >= 0 ? cursorOf(all, last) : last === -2 ? (cursor ?? '') : '';
    if (cursorReset) body['cursor-reset'] = true;
  }
  return json(200, body);
};

const requestErrorLogs: Handler = () => json(200, { files: [] });

/** The v8 tree (gateway-v8.md §3.2): the same handlers under new names; the flat getters stay v0-only. */
function v8Routes(): Record<string, Handler> {
  return {
    '/credentials': authFiles,
    '/observability/logs': logs,
    '/observability/logs/errors': requestErrorLogs,
    '/observability/usage/queue': usageQueue,
  };
}

function routes(ctx: SimContext): Record<string, Handler> {
  const table: Record<string, Handler> = {
    '/debug': getter('debug', configValue('debug', false)),
    '/logging-to-file': getter('logging-to-file', loggingToFile),
    '/usage-statistics-enabled': getter('usage-statistics-enabled', usageEnabled),
    '/request-log': getter('request-log', configValue('request-log', false)),
    '/force-model-prefix': getter('force-model-prefix', configValue('force-model-prefix', false)),
    '/api-keys': getter('api-keys', apiKeys),
    '/openai-compatibility': getter('openai-compatibility', configValue('openai-compatibility', [])),
    '/oauth-model-alias': getter('oauth-model-alias', (c) => c.aliases.read()),
    '/oauth-excluded-models': getter('oauth-excluded-models', configValue('oauth-excluded-models', {})),
    '/config': configJson,
    '/config.yaml': configYaml,
    '/auth-files': authFiles,
    '/logs': logs,
    '/request-error-logs': requestErrorLogs,
  };
  if (ctx.profile.kiroQuota) table['/kiro-quota'] = kiroQuota;
  if (ctx.profile.usage) table['/usage'] = (_req, c) => json(200, c.data.usage(c.now()));
  if (ctx.profile.v8) table['/usage-queue'] = usageQueue;
  return table;
}

/** The management middleware's verdict: a rejection, or undefined when the key is good. */
function authenticate(req: SimRequest, ctx: SimContext, bans: BanList): Reply | undefined {
  const left = bans.banned(req.clientIp);
  if (left !== undefined)
    return errorJson(403, `IP banned due to too many failed attempts. Try again in ${goSeconds(left)}`);
  if (ctx.management === 'remote-disabled') return errorJson(403, 'remote management disabled');
  if (ctx.management === 'key-not-set') return errorJson(403, 'remote management key not set');
  const provided = managementKeyOf(req);
  if (!provided) {
    bans.fail(req.clientIp);
    return errorJson(401, 'missing management key');
  }
  if (provided !== ctx.managementKey) {
    bans.fail(req.clientIp);
    return errorJson(401, 'invalid management key');
  }
  bans.clear(req.clientIp);
  return undefined;
}

export function handleManagement(req: SimRequest, ctx: SimContext, bans: BanList): Reply {
  // No secret at start: the routes were never registered, so every path falls through to the 404.
  if (ctx.management === 'disabled') return notFound(ctx.flavor);
  const v8 = req.path.startsWith(MANAGEMENT_V8_PREFIX);
  const path = req.path.slice((v8 ? MANAGEMENT_V8_PREFIX : MANAGEMENT_PREFIX).length);
  const handler =
    req.method === 'GET'
      ? (v8 ? v8Routes() : routes(ctx))[path]
      : v8
        ? undefined
        : MANAGEMENT_WRITES[`${req.method} ${path}`];
  if (!handler) return notFound(ctx.flavor);
  // set before the key check, so a 401 already names the version
  const versionHeaders: Record<string, string> = {
    'x-cpa-version': ctx.profile.version,
    'x-cpa-commit': ctx.profile.commit,
    'x-cpa-build-date': ctx.profile.buildDate,
  };
  if (ctx.profile.v8) versionHeaders['x-cpa-support-plugin'] = 'true';
  const rejected = authenticate(req, ctx, bans);
  const reply = rejected ?? handler(req, ctx);
  return { ...reply, headers: { ...versionHeaders, ...reply.headers } };
}
