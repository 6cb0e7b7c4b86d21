// The simulator's flavour and scenario names, kept apart from the simulator itself so that the CLI can
// offer them as choices without loading it (`--version`, `list` and `explain` stay fast).

export const FLAVORS = ['upstream', 'plus'] as const;
export type Flavor = (typeof FLAVORS)[number];

export const SCENARIO_NAMES = ['healthy', 'degraded', 'incident', 'outage'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export const FLAVOR_LABELS: Record<Flavor, string> = {
  upstream: 'CLIProxyAPI v7.2.140 (upstream)',
  plus: 'cliproxyapi++ v6.8.60-0 (fork with metrics and kiro-quota)',
};

/** The simulator's own demo credentials: printed by `provops simulate`, never real secrets. */
export const DEMO_API_KEY = 'sk-provops-demo-7d1f2a';
export const DEMO_MANAGEMENT_KEY = 'mgmt-provops-demo-4c9e';
