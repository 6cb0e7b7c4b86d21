// The gateway's bodies exactly as ../shared/reference/gateway-api.md records them (section numbers
// below), plus builders for the time-based ones.

/** §5 GET /v1/metrics/providers (cliproxyapi++ v6.8.17–v6.8.60). */
export const METRICS_BODY = `{
  "claude":  {"request_count":42,"success_count":40,"failure_count":2,"total_tokens":183220,
              "success_rate":0.9523809523809523,"cost_per_1k_input":0.25,"cost_per_1k_output":0.5},
  "minimax": {"request_count":10,"success_count":10,"failure_count":0,"total_tokens":5000,
              "success_rate":1,"cost_per_1k_input":0.18,"cost_per_1k_output":0.36}
}`;

/** One provider entry in the §5 shape. */
export function metricsEntry(requests: number, successes: number) {
  return {
    request_count: requests,
    success_count: successes,
    failure_count: requests - successes,
    total_tokens: requests * 1000,
    success_rate: requests ? successes / requests : 1,
    cost_per_1k_input: 0.25,
    cost_per_1k_output: 0.5,
  };
}

/** §6.3 GET /v0/management/auth-files. */
export const AUTH_FILES_BODY = `{"files":[
 {"id":"kiro-social-user@example.com.json","auth_index":"1da85f731d947d39","name":"kiro-social-user@example.com.json",
  "type":"kiro","provider":"kiro","label":"user@example.com","status":"active","status_message":"",
  "disabled":false,"unavailable":false,"runtime_only":false,"source":"file","size":2311,
  "email":"user@example.com","account_type":"oauth","account":"user@example.com",
  "created_at":"2026-02-20T09:12:44.1+08:00","modtime":"2026-02-23T10:01:02+08:00","updated_at":"2026-02-23T10:01:02+08:00",
  "last_refresh":"2026-02-23T10:01:02+08:00","path":"/root/.cli-proxy-api/kiro-social-user@example.com.json"},
 {"id":"claude-user@example.com.json","auth_index":"e59d1dab60a10e70","name":"claude-user@example.com.json",
  "type":"claude","provider":"claude","label":"user@example.com","status":"error",
  "status_message":"{\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"rate_limit_error\\",\\"message\\":\\"Number of request tokens has exceeded your per-minute rate limit\\"}}",
  "disabled":false,"unavailable":true,"runtime_only":false,"source":"file","size":1804,"email":"user@example.com",
  "account_type":"oauth","account":"user@example.com","path":"/root/.cli-proxy-api/claude-user@example.com.json"}
]}`;

export const KIRO_INDEX = '1da85f731d947d39';

/** An auth-files entry for another Kiro account, in the §6.3 shape. */
export function kiroFile(authIndex: string, email: string) {
  return {
    id: `kiro-social-${email}.json`,
    auth_index: authIndex,
    name: `kiro-social-${email}.json`,
    type: 'kiro',
    provider: 'kiro',
    label: email,
    status: 'active',
    status_message: '',
    disabled: false,
    unavailable: false,
    runtime_only: false,
    source: 'file',
    size: 2311,
    email,
    account_type: 'oauth',
    account: email,
    path: `/root/.cli-proxy-api/kiro-social-${email}.json`,
  };
}

/** §6.4 GET /v0/management/kiro-quota 200. */
export const KIRO_QUOTA_BODY = `{"auth_index":"1da85f731d947d39","profile_arn":"arn:aws:codewhisperer:us-east-1:123456789012:profile/EXAMPLE",
 "remaining_quota":412.5,"usage_percentage":17.5,"quota_exhausted":false,
 "usage":{"usageBreakdownList":[{"resourceType":"AGENTIC_REQUEST","usageLimitWithPrecision":500,"currentUsageWithPrecision":87.5}],
          "subscriptionInfo":{"subscriptionTitle":"KIRO PRO","type":"Q_DEVELOPER_STANDALONE_PRO"},"nextDateReset":1772323200000}}`;

/** A kiro-quota answer in the §6.4 shape for `used` of a 500 limit. */
export function kiroQuota(authIndex: string, used: number, limit = 500) {
  return {
    auth_index: authIndex,
    profile_arn: 'arn:aws:codewhisperer:us-east-1:123456789012:profile/EXAMPLE',
    remaining_quota: Math.max(0, limit - used),
    usage_percentage: (used / limit) * 100,
    quota_exhausted: used >= limit,
    usage: {
      usageBreakdownList: [
        { resourceType: 'AGENTIC_REQUEST', usageLimitWithPrecision: limit, currentUsageWithPrecision: used },
      ],
      subscriptionInfo: { subscriptionTitle: 'KIRO PRO', type: 'Q_DEVELOPER_STANDALONE_PRO' },
      nextDateReset: 1772323200000,
    },
  };
}

/** §6.6 GET /v0/management/usage. */
export const USAGE_BODY = `{"usage":{"total_requests":3,"success_count":2,"failure_count":1,"total_tokens":1530,
  "apis":{"sk-team-alpha":{"total_requests":3,"total_tokens":1530,"models":{
    "claude-sonnet-4-5-20250929":{"total_requests":3,"total_tokens":1530,"details":[
      {"timestamp":"2026-02-23T10:15:02.123456+08:00","source":"user@example.com","auth_index":"e59d1dab60a10e70",
       "tokens":{"input_tokens":800,"output_tokens":400,"reasoning_tokens":0,"cached_tokens":0,"total_tokens":1200},"failed":false}]}}}},
  "requests_by_day":{"2026-02-23":3},"requests_by_hour":{"10":3},
  "tokens_by_day":{"2026-02-23":1530},"tokens_by_hour":{"10":1530}},
 "failed_requests":1}`;

export interface UsageRow {
  key: string;
  model: string;
  /** RFC 3339 as the gateway writes it. */
  timestamp: string;
  failed: boolean;
  source?: string;
  authIndex?: string;
}

/** A /usage body in the §6.6 shape holding these request details. */
export function usageBody(rows: UsageRow[]) {
  const apis: Record<
    string,
    {
      total_requests: number;
      total_tokens: number;
      models: Record<string, { total_requests: number; total_tokens: number; details: unknown[] }>;
    }
  > = {};
  for (const r of rows) {
    const api = (apis[r.key] ??= { total_requests: 0, total_tokens: 0, models: {} });
    const model = (api.models[r.model] ??= { total_requests: 0, total_tokens: 0, details: [] });
    api.total_requests++;
    model.total_requests++;
    api.total_tokens += 1200;
    model.total_tokens += 1200;
    model.details.push({
      timestamp: r.timestamp,
      source: r.source ?? 'user@example.com',
      auth_index: r.authIndex ?? 'e59d1dab60a10e70',
      tokens: { input_tokens: 800, output_tokens: 400, reasoning_tokens: 0, cached_tokens: 0, total_tokens: 1200 },
      failed: r.failed,
    });
  }
  const failures = rows.filter((r) => r.failed).length;
  return {
    usage: {
      total_requests: rows.length,
      success_count: rows.length - failures,
      failure_count: failures,
      total_tokens: rows.length * 1200,
      apis,
      requests_by_day: {},
      requests_by_hour: {},
      tokens_by_day: {},
      tokens_by_hour: {},
    },
    failed_requests: failures,
  };
}

/** Go's RFC3339Nano in a +08:00 zone, as the gateway host in the reference writes it. */
export function gatewayTime(epochMs: number): string {
  const local = new Date(epochMs + 8 * 3600_000).toISOString().replace('Z', '');
  return `${local.slice(0, 19)}.${local.slice(20, 23)}456+08:00`;
}

/** A fronting proxy's error page. */
export const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
