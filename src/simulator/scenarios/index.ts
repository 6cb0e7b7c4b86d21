// The named scenarios, in the order `provops demo --scenario` offers them.
import type { ScenarioName } from '../names.js';
import degraded from './degraded.js';
import healthy from './healthy.js';
import incident from './incident.js';
import outage from './outage.js';
import { PLAYBOOK_SCENARIOS } from './playbooks.js';
import type { Scenario } from './types.js';

export type {
  AttemptStream,
  AuthFileSpec,
  KiroQuotaSpec,
  LogNote,
  ModelSpec,
  Scenario,
  TrafficStream,
  Window,
} from './types.js';

export { PLAYBOOK_SCENARIOS } from './playbooks.js';

export const SCENARIOS: Record<ScenarioName, Scenario> = { healthy, degraded, incident, outage };

export function resolveScenario(scenario: string | Scenario | undefined): Scenario {
  if (scenario === undefined) return healthy;
  if (typeof scenario !== 'string') return scenario;
  const found =
    (SCENARIOS as Record<string, Scenario>)[scenario] ?? (PLAYBOOK_SCENARIOS as Record<string, Scenario>)[scenario];
  if (!found)
    throw new Error(
      `unknown scenario "${scenario}"; valid: ${[...Object.keys(SCENARIOS), ...Object.keys(PLAYBOOK_SCENARIOS)].join(', ')}`,
    );
  return found;
}
