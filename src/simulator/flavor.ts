// What differs between the gateway versions the simulator plays (reference §0-§7, gateway-v8.md).
import type { Flavor } from './names.js';

export interface FlavorProfile {
  /** X-CPA-VERSION / X-CPA-COMMIT / X-CPA-BUILD-DATE on management responses. */
  version: string;
  commit: string;
  buildDate: string;
  /** GET/HEAD /healthz (upstream since v6.9.10/v6.9.31). */
  healthz: boolean;
  bannerEndpoints: string[];
  /** GET /v1/metrics/providers, kiro-quota and usage: fork tags v6.8.17-0 ... v6.8.60-0 only. */
  metrics: boolean;
  kiroQuota: boolean;
  usage: boolean;
  /** logs answers with next-cursor and takes cursor=. */
  logsCursor: boolean;
  /** auth-files entries carry success/failed/recent_requests/... and take ?name= / ?auth_index=. */
  authFileDetails: boolean;
  /** Model owners and credential providers that exist only in the fork (Kiro, Copilot, ...). */
  hiddenOwners: string[];
  hiddenProviders: string[];
  /**
   * CLIProxyAPI v8: /v8/management/* beside /v0 (credentials, observability/logs, the destructive
   * observability/usage/queue), credentials with cooldowns/quota signals, no access line for a 2xx
   * /healthz, the newer model_cooldown body, and upstream-attempt lines (v7.3+) in main.log.
   */
  v8: boolean;
}

const BANNER = ['POST /v1/chat/completions', 'POST /v1/completions', 'GET /v1/models'];
const FORK_ONLY_OWNERS = ['aws', 'github-copilot', 'cursor', 'minimax', 'roo', 'kilo'];
const FORK_ONLY_PROVIDERS = ['kiro', 'github-copilot', 'cursor', 'minimax', 'roo', 'kilo'];

const V8: FlavorProfile = {
  version: 'v8.0.23',
  commit: 'b12c1579',
  buildDate: '2026-10-10T00:00:00Z',
  healthz: true,
  bannerEndpoints: BANNER,
  metrics: false,
  kiroQuota: false,
  usage: false,
  logsCursor: true,
  authFileDetails: true,
  hiddenOwners: FORK_ONLY_OWNERS,
  hiddenProviders: FORK_ONLY_PROVIDERS,
  v8: true,
};

export const PROFILES: Record<Flavor, FlavorProfile> = {
  plus: {
    version: 'v6.8.60-0',
    commit: '29352136',
    buildDate: '2026-02-23T00:00:00Z',
    healthz: false,
    bannerEndpoints: [...BANNER, 'GET /v1/metrics/providers', 'POST /v1/routing/select'],
    metrics: true,
    kiroQuota: true,
    usage: true,
    logsCursor: false,
    authFileDetails: false,
    hiddenOwners: [],
    hiddenProviders: [],
    v8: false,
  },
  // v7 serves what v8 serves, under its own name and without the /v8/management tree
  v7: { ...V8, version: 'v7.2.140', commit: 'a7e3596b', buildDate: '2026-08-22T00:00:00Z', v8: false },
  v8: V8,
  upstream: V8,
};
