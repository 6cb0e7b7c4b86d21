// The simulator's flavour and scenario names, kept apart from the simulator itself so that the CLI can
// offer them as choices without loading it (`--version`, `list` and `explain` stay fast).

/** `upstream` is the newest upstream the simulator plays (v8); `v7` keeps CLIProxyAPI v7.2.140. */
export const FLAVORS = ['upstream', 'plus', 'v8', 'v7'] as const;
export type Flavor = (typeof FLAVORS)[number];

export const SCENARIO_NAMES = ['healthy', 'degraded', 'incident', 'outage'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** One story per runbook playbook, for triage, onboard and mitigate (src/simulator/scenarios/playbooks.ts). */
export const PLAYBOOK_SCENARIO_NAMES = [
  'onboarding',
  'expired-oauth',
  'quota-429',
  'wrong-provider',
  'iflow-406',
  'spark-errors',
] as const;
export type PlaybookScenarioName = (typeof PLAYBOOK_SCENARIO_NAMES)[number];

export const FLAVOR_LABELS: Record<Flavor, string> = {
  upstream: 'CLIProxyAPI v8.0.23 (upstream, the same as v8)',
  plus: 'cliproxyapi++ v6.8.60-0 (fork with metrics and kiro-quota)',
  v8: 'CLIProxyAPI v8.0.23 (upstream v8: /v8/management, credentials, logs cursor)',
  v7: 'CLIProxyAPI v7.2.140 (upstream v7)',
};

/** The simulator's own demo credentials: printed by `provops simulate`, never real secrets. */
export const DEMO_API_KEY = 'sk-provops-demo-7d1f2a';
export const DEMO_MANAGEMENT_KEY = 'mgmt-provops-demo-4c9e';

export const FAULT_KINDS = [
  'latency',
  'hang',
  'slow-body',
  'reset',
  'html-502',
  'truncated-json',
  'wrong-shape',
  'oversized',
  'cooldown',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** For `provops simulate --help`: each kind with its optional argument. */
export const FAULT_HELP: Record<FaultKind, string> = {
  latency: 'latency:<ms>    answer normally after <ms> (default 1000)',
  hang: 'hang            accept the request and never answer',
  'slow-body': 'slow-body:<ms>  send headers at once, then trickle the body out over <ms> (default 5000)',
  reset: 'reset           drop the connection (TCP reset) without answering',
  'html-502': 'html-502        502 with the HTML page of a fronting nginx',
  'truncated-json': 'truncated-json  the real JSON body cut in half',
  'wrong-shape': 'wrong-shape     200 JSON whose fields hold strings instead of what the route serves',
  oversized: 'oversized:<n>   a 200 JSON body of <n> bytes (k/m suffixes; default 32m)',
  cooldown: 'cooldown:<s>    429 with Retry-After: <s> and the model_cooldown body (default 37)',
};
