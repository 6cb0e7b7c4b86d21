// Per-route faults: what a sick gateway, or a proxy in front of it, does to a request. A fault names a
// route (an exact path, a prefix such as "/v0/management/*", or "*") and a kind; faults come from a
// scenario, from startSimulator({faults}) or from `provops simulate --fault <route>=<kind>[:arg]`.

import { FAULT_KINDS, type FaultKind } from './names.js';

export { FAULT_KINDS, type FaultKind } from './names.js';

export interface FaultSpec {
  /** "/v1/models", "/v0/management/*" or "*". */
  route: string;
  kind: FaultKind;
  /** latency: added delay; slow-body: the time the body takes to trickle out. */
  ms?: number;
  /** oversized: the body size. */
  bytes?: number;
  /** cooldown: the Retry-After and reset_seconds value. */
  seconds?: number;
}

export const FAULT_DEFAULTS = {
  latencyMs: 1000,
  slowBodyMs: 5000,
  oversizedBytes: 32 * 1024 * 1024,
  cooldownSeconds: 37,
} as const;

/** "route=kind[:arg]" from the command line; throws an Error whose message says what is expected. */
export function parseFault(text: string): FaultSpec {
  const eq = text.lastIndexOf('=');
  const route = eq > 0 ? text.slice(0, eq).trim() : '';
  const [kind = '', arg] = (eq > 0 ? text.slice(eq + 1) : '').split(':');
  if (!route || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new Error(
      `--fault "${text}": expected <route>=<kind>[:arg], e.g. /v1/models=hang or /v0/management/*=html-502; kinds: ${FAULT_KINDS.join(', ')}`,
    );
  }
  if (route !== '*' && !route.startsWith('/'))
    throw new Error(`--fault "${text}": the route must be "*" or start with "/"`);
  const spec: FaultSpec = { route, kind: kind as FaultKind };
  if (arg === undefined || arg === '') return spec;
  const n = parseAmount(arg);
  if (n === undefined) throw new Error(`--fault "${text}": "${arg}" is not a positive number`);
  if (kind === 'latency' || kind === 'slow-body') spec.ms = n;
  else if (kind === 'oversized') spec.bytes = n;
  else if (kind === 'cooldown') spec.seconds = n;
  else throw new Error(`--fault "${text}": ${kind} takes no argument`);
  return spec;
}

function parseAmount(arg: string): number | undefined {
  const m = /^(\d+)([kKmM]?)$/.exec(arg);
  if (!m) return undefined;
  const scale = { '': 1, k: 1024, m: 1024 * 1024 }[(m[2] ?? '').toLowerCase()] ?? 1;
  const n = Number(m[1]) * scale;
  return n > 0 ? n : undefined;
}

/** "*" matches everything, "/x/*" matches /x and below, anything else matches exactly. */
export function routeMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('/*')) {
    const base = pattern.slice(0, -2);
    return path === base || path.startsWith(`${base}/`);
  }
  return pattern === path;
}

export function describeFault(f: FaultSpec): string {
  const arg = f.ms ?? f.bytes ?? f.seconds;
  return `${f.route}=${f.kind}${arg === undefined ? '' : `:${arg}`}`;
}
