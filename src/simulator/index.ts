// The embedded gateway simulator: a faithful stand-in for CLIProxyAPI v7 (`upstream`) or
// cliproxyapi++ v6.8.60 (`plus`) over real loopback HTTP, serving a named scenario's data. Used by
// the tests, by `provops demo` and by `provops simulate`. Node's own http only.
import type { AddressInfo } from 'node:net';
import { AliasStore } from './aliases.js';
import { GatewayData } from './data.js';
import { describeFault, type FaultSpec } from './faults.js';
import { LOG_SHAPES, type LogShape } from './access-log.js';
import { PROFILES } from './flavor.js';
import { Hits } from './hits.js';
import { DEMO_API_KEY, DEMO_MANAGEMENT_KEY, FLAVORS, FLAVOR_LABELS, type Flavor } from './names.js';
import { resolveScenario, type Scenario } from './scenarios/index.js';
import type { Reply } from './reply.js';
import { createSimServer } from './server.js';
import { Traffic } from './traffic.js';
import { parseZone } from '../timezone.js';

export type { Flavor } from './names.js';
export type { Credential, Hit, HitFilter, Hits, Outcome } from './hits.js';
export type { FaultKind, FaultSpec } from './faults.js';
export type { Scenario } from './scenarios/index.js';
export type { LogShape } from './access-log.js';
export { LOG_SHAPES } from './access-log.js';
export type { ScenarioName } from './names.js';
export { FAULT_KINDS, parseFault } from './faults.js';
export { PLAYBOOK_SCENARIOS, SCENARIOS } from './scenarios/index.js';
export { DEMO_API_KEY, DEMO_MANAGEMENT_KEY, FLAVORS, PLAYBOOK_SCENARIO_NAMES, SCENARIO_NAMES } from './names.js';

export type ManagementMode = 'enabled' | 'disabled' | 'remote-disabled' | 'key-not-set';

export interface SimulatorOptions {
  /** Default 'plus' (cliproxyapi++ v6.8.60: every runbook route exists). */
  flavor?: Flavor;
  /** 'healthy' (default), 'degraded', 'incident', 'outage', or a custom Scenario. */
  scenario?: string | Scenario;
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Added to every response (benchmarks). */
  latencyMs?: number | undefined;
  /** Pins the simulator clock; time-based data is generated back from it. */
  now?: Date | string | undefined;
  /** The zone the simulated host writes log timestamps in (IANA or ±HH:MM); default this machine's. */
  timeZone?: string | undefined;
  /** Per-route faults on top of the scenario's own. */
  faults?: FaultSpec[];
  /**
   * The access-line shape main.log is written in: 'current' (default), or that of an older gateway,
   * 'v6.6.51' (request id between pipes) or 'v6.6.49' ([GIN] prefix) (log-formats.md).
   */
  logShape?: LogShape;
  /** The management error table of reference §6.1; default 'enabled'. */
  management?: ManagementMode;
  /** Client keys besides the scenario's own; default the demo key. */
  apiKeys?: string[];
  managementKey?: string;
  /** 'ignore': management setters answer ok but keep nothing (a config file something else rewrites). */
  aliasWrites?: 'keep' | 'ignore';
  /** The simulator clock as a function (tests that compress time); wins over `now` once started. */
  clock?: () => number;
  /** Keep every credential value requests carry in `keysSeen` (tests that prove keys stay with their target). */
  recordKeys?: boolean;
  /** Shared by the gateways of startSimulatorFleet (see there); needs a pinned clock. */
  replyCache?: Map<string, Reply>;
}

export interface RunningSimulator {
  url: string;
  /** The simulator's own demo values (the first of apiKeys, and the management key). */
  keys: { apiKey: string; managementKey: string };
  hits: Hits;
  flavor: Flavor;
  scenario: Scenario;
  faults: FaultSpec[];
  /** With recordKeys: every credential value seen (Authorization, X-*-Key, ?key=); else empty. */
  keysSeen: ReadonlySet<string>;
  close(): Promise<void>;
}

function pinnedClock(now: Date | string | undefined): number | undefined {
  if (now === undefined) return undefined;
  const ms = (typeof now === 'string' ? new Date(now) : now).getTime();
  if (Number.isNaN(ms))
    throw new Error(`now: "${String(now)}" is not a date (expected an ISO-8601 instant such as 2026-11-26T08:00:00Z)`);
  return ms;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const flavor = options.flavor ?? 'plus';
  if (!(FLAVORS as readonly string[]).includes(flavor))
    throw new Error(`unknown flavor "${String(flavor)}"; valid: ${FLAVORS.join(', ')}`);
  const scenario = resolveScenario(options.scenario);
  const pinned = pinnedClock(options.now);
  const zone = parseZone(options.timeZone);
  const apiKeys = options.apiKeys?.length ? options.apiKeys : [DEMO_API_KEY];
  const managementKey = options.managementKey ?? DEMO_MANAGEMENT_KEY;
  const profile = PROFILES[flavor];
  const logShape = options.logShape ?? 'current';
  if (!(LOG_SHAPES as readonly string[]).includes(logShape))
    throw new Error(`unknown log shape "${String(logShape)}"; valid: ${LOG_SHAPES.join(', ')}`);
  const traffic = new Traffic(scenario, flavor, pinned ?? options.clock?.() ?? Date.now(), zone, {
    shape: logShape,
    attemptLines: profile.v8,
    healthzLogged: !profile.v8,
  });
  const faults = [...(options.faults ?? []), ...(scenario.faults ?? [])];
  const hits = new Hits();
  const ctx = {
    flavor,
    profile,
    data: new GatewayData(scenario, profile, traffic, zone),
    apiKeys: new Set([...apiKeys, ...scenario.clientKeys]),
    managementKey,
    management: options.management ?? 'enabled',
    aliases: new AliasStore(scenario.config['oauth-model-alias'], options.aliasWrites !== 'ignore'),
    now: () => options.clock?.() ?? pinned ?? Date.now(),
  };
  const closing = new AbortController();
  const keysSeen = new Set<string>();
  const server = createSimServer(
    {
      ctx,
      faults,
      latencyMs: options.latencyMs ?? 0,
      hits,
      keysSeen: options.recordKeys ? keysSeen : undefined,
      replyCache: pinned === undefined || options.clock ? undefined : options.replyCache,
    },
    closing.signal,
  );
  const host = options.host ?? '127.0.0.1';

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${host}:${options.port ?? 0}`;
      if (err.code === 'EADDRINUSE')
        reject(new Error(`cannot listen on ${where}: the port is in use (pick another with --port)`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(new Error(`cannot listen on ${where}: no such local address`));
      else if (err.code === 'EACCES')
        reject(new Error(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`));
      else reject(err);
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl(host)}:${port}`,
    keys: { apiKey: apiKeys[0] as string, managementKey },
    hits,
    flavor,
    scenario,
    faults,
    keysSeen,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/**
 * `count` gateways from this one process, each on its own port (free ones, or consecutive from `port`),
 * for fleet tests and benchmarks. With a pinned clock they serve the same data, so each distinct
 * successful GET is computed once and shared: the process then costs what the network does, not what
 * generating 24 h of logs per gateway would.
 */
export async function startSimulatorFleet(count: number, options: SimulatorOptions = {}): Promise<RunningSimulator[]> {
  const replyCache = new Map<string, Reply>();
  const sims: RunningSimulator[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const port = options.port ? options.port + i : 0;
      sims.push(await startSimulator({ ...options, port, replyCache }));
    }
  } catch (err) {
    await Promise.all(sims.map((s) => s.close()));
    throw err;
  }
  return sims;
}

/** What `provops simulate` prints: where it listens, the demo keys, and how to point provops at it. */
export function describeSimulator(sim: RunningSimulator, pinnedNow: string | undefined): string {
  const lines = [
    `provops simulator: ${FLAVOR_LABELS[sim.flavor]}, scenario "${sim.scenario.name}"`,
    `  ${sim.scenario.summary}`,
    '',
    `  URL             ${sim.url}`,
    `  API key         ${sim.keys.apiKey}`,
    `  management key  ${sim.keys.managementKey}`,
    "  (the simulator's own demo values, not secrets)",
  ];
  if (pinnedNow) lines.push(`  clock           pinned at ${pinnedNow}`);
  if (sim.faults.length) lines.push(`  faults          ${sim.faults.map(describeFault).join(', ')}`);
  lines.push(
    '',
    'Point provops at it:',
    `  export PROVOPS_URL=${sim.url} PROVOPS_API_KEY=${sim.keys.apiKey} PROVOPS_MANAGEMENT_KEY=${sim.keys.managementKey}`,
    `  provops daily${pinnedNow ? ` --now ${pinnedNow}` : ''} --no-state`,
    '',
    'Ctrl-C stops it.',
  );
  return `${lines.join('\n')}\n`;
}
