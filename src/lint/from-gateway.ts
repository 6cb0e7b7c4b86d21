// --from-gateway: the raw config.yaml, the config the gateway loaded (after its sanitizers) and the
// model list the API key sees, read through the gateway wing (keys placed by path; the management key
// tested once on a tiny getter, and never sent again after a rejection: the gateway bans an IP after 5).
// The v0 routes are served by every gateway version, v8 included.
import { createGateway } from '../gateway/client.js';
import { createHttpClient } from '../gateway/http.js';
import { fetchModels } from '../gateway/models.js';
import { readEndpoint, whyUnavailable } from '../gateway/read.js';
import { readJson } from '../gateway/response.js';
import { VERSION } from '../version.js';
import { UnreadableConfig } from './load.js';

export const CONFIG_YAML_PATH = '/v0/management/config.yaml';
export const CONFIG_JSON_PATH = '/v0/management/config';

export interface GatewayTarget {
  url: string;
  apiKey: string | undefined;
  managementKey: string | undefined;
  timeoutMs: number;
  deadlineMs: number;
  /** Response size cap (provops.yaml maxResponseMiB); a config.yaml past 1 MiB is refused after it anyway. */
  maxResponseBytes: number;
  /** provops.yaml's caFile/insecure, as daily uses them. */
  tls?: { ca: string | undefined; insecure: boolean } | undefined;
}

export interface GatewayConfig {
  /** The file as the gateway has it on disk. */
  rawYaml: string;
  /** GET /config: the effective, sanitized config (JSON). */
  effective: unknown;
  listed: Set<string> | { unavailable: string };
}

export async function readGatewayConfig(target: GatewayTarget, signal?: AbortSignal): Promise<GatewayConfig> {
  const http = createHttpClient({
    timeoutMs: target.timeoutMs,
    maxBytes: target.maxResponseBytes,
    connections: 2,
    tls: target.tls,
  });
  const gateway = createGateway(http, {
    url: target.url,
    apiKey: target.apiKey,
    managementKey: target.managementKey,
    userAgent: `provops/${VERSION}`,
  });
  const deadline = AbortSignal.timeout(target.deadlineMs);
  const run = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const fail = (path: string, why: string) => new UnreadableConfig(`${target.url}${path}: ${why}`);
  try {
    if (!target.managementKey)
      throw fail(
        CONFIG_YAML_PATH,
        'needs the management key (set PROVOPS_MANAGEMENT_KEY or managementKeyFile in provops.yaml)',
      );
    // One after the other: after a rejected key the second is not sent at all.
    const raw = await readEndpoint(gateway, CONFIG_YAML_PATH, run, (res) => res.body.toString('utf8'));
    if (!raw.ok) throw fail(CONFIG_YAML_PATH, whyUnavailable(raw));
    const effective = await readEndpoint(gateway, CONFIG_JSON_PATH, run, (res) => readJson(res));
    if (!effective.ok) throw fail(CONFIG_JSON_PATH, whyUnavailable(effective));
    let listed: GatewayConfig['listed'];
    if (!target.apiKey) listed = { unavailable: 'no client API key given (PROVOPS_API_KEY)' };
    else {
      const models = await fetchModels(gateway, run);
      listed = models.ok
        ? new Set(models.value.owners.keys())
        : { unavailable: `GET /v1/models: ${whyUnavailable(models)}` };
    }
    return { rawYaml: raw.value, effective: effective.value, listed };
  } finally {
    await http.close();
  }
}
