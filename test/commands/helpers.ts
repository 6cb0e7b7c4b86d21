// A runbook-command session against a simulator, built the way the CLI builds it (flags + env).
import { checks } from '../../checks/index.js';
import { openSession, resolveConnection, type Session } from '../../src/commands/session.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

export const NOW = '2026-11-26T12:00:00Z';

export function sessionFor(
  sim: RunningSimulator,
  opts: { managementKey?: string | null | undefined; now?: string | undefined; stateDir?: string | undefined } = {},
): Session {
  const env: NodeJS.ProcessEnv = { PROVOPS_API_KEY: sim.keys.apiKey };
  if (opts.managementKey !== null) env.PROVOPS_MANAGEMENT_KEY = opts.managementKey ?? sim.keys.managementKey;
  const now = 'now' in opts ? opts.now : NOW;
  const config = resolveConnection(
    {
      url: sim.url,
      ...(now ? { now } : {}),
      ...(opts.stateDir ? { stateDir: opts.stateDir } : { state: false }),
    },
    env,
    checks,
  );
  return openSession(config);
}

export async function withSession<T>(
  sim: RunningSimulator,
  opts: Parameters<typeof sessionFor>[1] & object,
  fn: (s: Session) => Promise<T>,
): Promise<T> {
  const session = sessionFor(sim, opts);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
