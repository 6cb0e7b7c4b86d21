// What the simulator served: one entry per request, with the credential it carried judged but never
// stored, so tests can assert "exactly one GET /v1/models per run" or "at most one rejected
// management call".
import { routeMatches } from './faults.js';

/** api: a valid client key; management: a valid management key; bad-management: a wrong one; none: no recognised credential. */
export type Credential = 'api' | 'management' | 'bad-management' | 'none';
/** ok: 2xx/3xx; rejected: 401/403; error: another 4xx/5xx; fault: an injected fault answered instead. */
export type Outcome = 'ok' | 'rejected' | 'error' | 'fault';

export interface Hit {
  method: string;
  /** Without the query string. */
  path: string;
  /** 0 when no response was sent (hang, reset). */
  status: number;
  credential: Credential;
  outcome: Outcome;
  /** The request body of a management write (PUT/PATCH/POST/DELETE), so tests can assert what was written. */
  body?: string;
}

/** A hit with when the request arrived and when its answer started (ms, performance.now). */
export interface TimedHit extends Hit {
  receivedMs: number;
  answeredMs: number;
}

export interface HitFilter {
  method?: string;
  /** An exact path, a prefix such as "/v0/management/*", or "*". */
  route?: string;
  status?: number;
  credential?: Credential;
  outcome?: Outcome;
}

export function outcomeOf(status: number): Outcome {
  if (status === 401 || status === 403) return 'rejected';
  return status >= 400 ? 'error' : 'ok';
}

/** "GET /v1/models" or "/v1/models" as a filter. */
function toFilter(filter: string | HitFilter | undefined): HitFilter {
  if (filter === undefined) return {};
  if (typeof filter !== 'string') return filter;
  const m = /^([A-Z]+)\s+(\S+)$/.exec(filter.trim());
  return m ? { method: m[1] as string, route: m[2] as string } : { route: filter.trim() };
}

export class Hits {
  private readonly entries: TimedHit[] = [];

  record(hit: Hit, at: { receivedMs: number; answeredMs: number } = { receivedMs: 0, answeredMs: 0 }): void {
    this.entries.push({ ...hit, ...at });
  }

  list(filter?: string | HitFilter): Hit[] {
    return this.timeline(filter).map(({ receivedMs: _r, answeredMs: _a, ...hit }) => hit);
  }

  /** The matching hits with their arrival and answer times: the client's round trips, as the gateway saw them. */
  timeline(filter?: string | HitFilter): TimedHit[] {
    const f = toFilter(filter);
    return this.entries
      .filter(
        (h) =>
          (f.method === undefined || h.method === f.method) &&
          (f.route === undefined || routeMatches(f.route, h.path)) &&
          (f.status === undefined || h.status === f.status) &&
          (f.credential === undefined || h.credential === f.credential) &&
          (f.outcome === undefined || h.outcome === f.outcome),
      )
      .map((h) => ({ ...h }));
  }

  count(filter?: string | HitFilter): number {
    return this.list(filter).length;
  }

  /** Requests per "METHOD /path". */
  byRoute(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const h of this.entries) out[`${h.method} ${h.path}`] = (out[`${h.method} ${h.path}`] ?? 0) + 1;
    return out;
  }

  /**
   * The longest chain of requests where each was received only after the one before it was answered:
   * the round trips a client made in sequence (a request sent alongside another does not add one).
   */
  sequentialRoundTrips(filter?: string | HitFilter): number {
    const hits = this.timeline(filter).sort((a, b) => a.receivedMs - b.receivedMs);
    const depth: number[] = [];
    let longest = 0;
    hits.forEach((hit, i) => {
      let d = 1;
      for (let j = 0; j < i; j++) {
        const before = hits[j] as TimedHit;
        if (before.answeredMs <= hit.receivedMs) d = Math.max(d, (depth[j] as number) + 1);
      }
      depth[i] = d;
      longest = Math.max(longest, d);
    });
    return longest;
  }

  byCredential(): Record<Credential, number> {
    const out: Record<Credential, number> = { api: 0, management: 0, 'bad-management': 0, none: 0 };
    for (const h of this.entries) out[h.credential]++;
    return out;
  }

  reset(): void {
    this.entries.length = 0;
  }
}
