import { defineCheck, result, type Result } from '../src/check.js';
import { GatewayError } from '../src/errors.js';
import { opt } from '../src/options.js';
import { describeBody, isRecord } from '../src/gateway/response.js';
import { HEALTH_HINT, fromStatus } from './support/verdicts.js';
import type { GatewayResponse, ObservedVersion } from '../src/gateway/client.js';

/** Probed in order; the runbook's /health is served by no gateway version, so it is not first. */
export const HEALTH_PATHS = ['/healthz', '/health', '/'] as const;

export type Probe = { path: string } & ({ response: GatewayResponse } | { error: GatewayError });

const options = {
  warnLatencyMs: opt.integer(1000, 'a health answer slower than this is a warn (ms)'),
};

export const UNREACHABLE = 'gateway unreachable (see health)';
export const NOT_ANSWERING = 'gateway not answering (see health)';
const HANG_HINT =
  'The gateway accepts connections but does not answer its liveness route: check the process (stuck, out of memory, CPU-starved), the host, or a proxy in front holding requests; then re-run `provops check health`.';
const PROXY_DOWN = [502, 503, 504];
const PROXY_HINT =
  'The proxy or load balancer in front of the gateway cannot reach it: check that the gateway process is up on its upstream address and port, then re-run `provops check health`.';

/** " · gateway v8.0.23 (X-CPA-VERSION on GET /healthz)" when an answer named the version. */
function versionNote(version: ObservedVersion | undefined): string {
  return version ? `; gateway ${version.version} (X-CPA-VERSION on ${version.from})` : '';
}

export function evaluate(
  probes: Probe[],
  thresholds: { warnLatencyMs: number },
  version?: ObservedVersion | undefined,
): Result {
  const details = probes.map((p) =>
    'error' in p
      ? `GET ${p.path}: ${p.error.message}`
      : `GET ${p.path} → ${p.response.status} ${describeBody(p.response)} in ${p.response.durationMs} ms`,
  );
  const last = probes.at(-1);
  if (!last) return result.error('no health probe was made');
  if ('error' in last) {
    const { kind, message } = last.error;
    if (kind === 'unreachable')
      return result.fail(`gateway unreachable: ${message}`, last.error.hint ?? HEALTH_HINT, {
        details,
        blocks: UNREACHABLE,
      });
    // The liveness route is the cheapest the gateway has: if it hangs or drops the connection, every
    // other request would too, so the other checks skip instead of each waiting out its own timeout.
    if (kind === 'timeout' || kind === 'reset')
      return result.fail(`gateway not answering: GET ${last.path}: ${message}`, HANG_HINT, {
        details,
        blocks: NOT_ANSWERING,
      });
    return {
      status: kind === 'aborted' ? 'error' : 'fail',
      summary: `GET ${last.path}: ${message}`,
      details,
      hint: HEALTH_HINT,
    };
  }
  const res = last.response;
  if (PROXY_DOWN.includes(res.status)) {
    // A liveness route answered by a proxy's 502/503/504 means the gateway behind it is down: every other
    // route would meet the same page, so the other checks skip instead of repeating it.
    return {
      ...fromStatus(res),
      summary: `gateway unreachable behind a proxy: GET ${res.path} → ${res.status} ${describeBody(res)}`,
      details,
      hint: PROXY_HINT,
      blocks: UNREACHABLE,
    };
  }
  if (res.status !== 200) {
    if (res.status === 404)
      return result.fail(
        `no health path answered: ${HEALTH_PATHS.map((p) => `GET ${p} → 404`).join(', ')}`,
        'Is --url the gateway itself? A CLIProxyAPI gateway answers GET / with its banner.',
        { details },
      );
    return { ...fromStatus(res), details };
  }

  const latency = res.durationMs;
  const limit = `warn > ${thresholds.warnLatencyMs} ms`;
  let summary: string;
  if (res.path === '/') {
    if (!isBanner(res)) {
      return result.warn(
        `GET / → 200 in ${latency} ms, but not with the CLIProxyAPI banner (${describeBody(res)})`,
        'Check that --url points at the gateway and not at another service on that port.',
        { details, metrics: { latencyMs: latency, path: res.path } },
      );
    }
    const which = version
      ? `${version.version} has no health route`
      : 'no health route: cliproxyapi++ v6.8.x, or CLIProxyAPI before v6.9.10';
    const notFound = probes
      .slice(0, -1)
      .map((p) => `${p.path} → ${'response' in p ? p.response.status : 'no answer'}`)
      .join(', ');
    summary = `GET / → 200 "${bannerOf(res)}" in ${latency} ms (${limit}); ${notFound} (${which}), so / stands in${versionNote(version)}`;
  } else {
    summary = `GET ${res.path} → 200 ${isOk(res) ? 'ok' : describeBody(res)} in ${latency} ms (${limit})${versionNote(version)}`;
  }
  const metrics = { latencyMs: latency, path: res.path, gatewayVersion: version?.version ?? null };
  if (latency > thresholds.warnLatencyMs) {
    return result.warn(
      summary,
      'The gateway answers slowly even without upstream work: check its CPU, memory and the host it runs on.',
      { details, metrics },
    );
  }
  return result.pass(summary, { details, metrics });
}

function json(res: GatewayResponse): unknown {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isOk(res: GatewayResponse): boolean {
  const body = json(res);
  return isRecord(body) && body.status === 'ok';
}

/** CLIProxyAPI's banner; a fork's v7-module build says "CPA Server" (gateway-v8.md §2). */
function isBanner(res: GatewayResponse): boolean {
  return bannerOf(res) !== undefined;
}

function bannerOf(res: GatewayResponse): string | undefined {
  const body = json(res);
  return isRecord(body) && typeof body.message === 'string' && /CLI Proxy API|CPA Server/i.test(body.message)
    ? body.message.slice(0, 40)
    : undefined;
}

export default defineCheck({
  id: 'health',
  title: 'Gateway health',
  description: 'The gateway process answers its liveness route quickly. Unreachable means every other check is moot.',
  runbook: 'Daily Checks 1',
  liveness: true,
  options,
  metricThresholds: { latencyMs: { warn: 'warnLatencyMs' } },
  explain: {
    statuses: {
      pass: 'a health route answered 200 within warnLatencyMs',
      warn: 'it answered, but slower than warnLatencyMs, or / answered without the gateway banner',
      fail: 'connection refused, DNS failure, no answer in time, a 5xx, a redirect, or 404 on every probed path',
      error: 'the run was interrupted or hit its deadline before the probe finished',
    },
    runbookSteps: ['curl -sS http://localhost:8317/health'],
    gatewayNotes: [
      'No gateway version serves GET /health: it falls through to a 404. CLIProxyAPI v6.9.10+ serves GET /healthz → {"status":"ok"}; cliproxyapi++ v6.8.x has no health route, only GET / with its banner.',
      'provops probes /healthz, then /health, then /; the first 200 wins and the summary names the path. A 404 moves on to the next path; anything else stops.',
      'The version comes from what the gateway says, not from guessing: every management answer carries X-CPA-VERSION (even a 401), and health and the JSON report (targets[].gatewayVersion) name it when an answer of the run carried it. A /healthz 404 alone does not tell cliproxyapi++ v6.8.x from CLIProxyAPI before v6.9.10, so the summary names both.',
      'CLIProxyAPI v8 serves /healthz as before but no longer writes an access line for a successful one, and has no /readyz, /livez or /metrics: their 404 is expected.',
      'When the gateway cannot be reached (connection refused, DNS failure, connect timeout, or a fronting proxy answering 502/503/504 for it), every other network check is skipped with "gateway unreachable (see health)" and the run exits 2.',
      'When it accepts connections but its liveness route times out or drops the connection, the other checks skip with "gateway not answering (see health)" rather than each waiting out its own timeout.',
    ],
  },
  async run(ctx) {
    // All paths at once: one round trip instead of three. They are read in order as before: the first
    // answer that is not a 404 (or the first failure) decides, and the later ones are not reported.
    const answers = await Promise.all(
      HEALTH_PATHS.map(async (path): Promise<Probe> => {
        try {
          return { path, response: await ctx.gateway.get(path, ctx.signal, { liveness: true }) };
        } catch (err) {
          if (!(err instanceof GatewayError)) throw err;
          return { path, error: err };
        }
      }),
    );
    const probes: Probe[] = [];
    for (const probe of answers) {
      probes.push(probe);
      if ('error' in probe || probe.response.status !== 404) break;
    }
    return evaluate(probes, ctx.options, ctx.gateway.version());
  },
});
