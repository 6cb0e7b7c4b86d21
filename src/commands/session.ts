// One connection for the runbook commands (triage, onboard, mitigate, watch): the target and keys from
// flags, environment and provops.yaml as for `daily`, the HTTP client, a gateway that can also write,
// and the management key's memory in the state dir, so a key the gateway rejected in an earlier run is
// not sent again and a rejection now is remembered (the gateway bans an IP after 5 failures).
import type { Check } from '../check.js';
import { resolveConfig, type CliFlags, type ResolvedConfig } from '../config.js';
import { nextRejection, refusal } from '../daily.js';
import { createGateway, type WritableGateway } from '../gateway/client.js';
import { createHttpClient } from '../gateway/http.js';
import { isSameKey, readState, stateFile, writeState, type ReadOutcome } from '../state.js';
import { Redactor } from '../redact.js';
import { VERSION } from '../version.js';

/** The flags every runbook command shares with daily (a subset: no check selection, no report options). */
export type ConnectionFlags = Pick<
  CliFlags,
  'url' | 'apiKey' | 'managementKey' | 'config' | 'timeout' | 'now' | 'stateDir' | 'state' | 'logTimezone'
>;

export interface Session {
  config: ResolvedConfig;
  gateway: WritableGateway;
  now: () => Date;
  warnings: string[];
  /** Closes the HTTP client and records how the management key fared. */
  close(): Promise<void>;
}

export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv, registry: readonly Check[]) {
  return resolveConfig({ flags, env, cwd: process.cwd(), registry: [...registry], checkIds: undefined });
}

export function openSession(config: ResolvedConfig): Session {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const file = config.stateDir ? stateFile(config.stateDir, config.target) : undefined;
  const stored: ReadOutcome = file ? readState(file, config.target, warn) : { checks: {} };
  const refused =
    stored.managementRejection && config.managementKey && isSameKey(stored.managementRejection, config.managementKey)
      ? stored.managementRejection
      : undefined;
  const http = createHttpClient({ timeoutMs: config.timeoutMs, maxBytes: config.maxResponseBytes, connections: 4 });
  const gateway = createGateway(http, {
    url: config.target.url,
    apiKey: config.apiKey,
    managementKey: config.managementKey,
    userAgent: `provops/${VERSION}`,
    refuseManagement: refused && file ? refusal(refused, file) : undefined,
    // Bodies scrubbed as they arrive, as in daily: nothing these commands quote can hold a key.
    scrub: scrubberFor(config.secrets),
  });
  const pinned = config.now;
  return {
    config,
    gateway,
    now: () => pinned ?? new Date(),
    warnings,
    async close() {
      await http.close();
      if (!file || !config.stateDir || refused || stored.usable === false) return;
      const outcome = gateway.management();
      const changes =
        (outcome.outcome === 'rejected' && outcome.countsTowardBan) ||
        (outcome.outcome === 'accepted' && stored.managementRejection !== undefined);
      if (!changes) return;
      const target = config.target;
      // Merged with the file as it is now, under its lock: an overlapping run's state and rejection are kept.
      writeState(
        file,
        config.stateDir,
        {
          target,
          merge: (current) => ({
            schemaVersion: 1,
            target,
            checks: current.checks,
            managementRejection: nextRejection(
              outcome,
              config.managementKey,
              stored,
              current.managementRejection,
              new Date(),
            ),
          }),
        },
        warn,
      );
    },
  };
}

function scrubberFor(secrets: string[]): ((text: string) => string) | undefined {
  const redactor = new Redactor();
  for (const s of secrets) redactor.add(s);
  return redactor.empty ? undefined : (text) => redactor.scrub(text);
}
