// The lint rule contract: a plain typed object (identity defineRule) with its metadata and its wording
// next to its logic, ESLint-style. A rule reports data (where, and the facts of the case); the message
// and the fix are worded by the rule's own functions, and findings.ts turns both into a Finding.
import type { Layout } from './layout.js';
import type { Where, YMap } from './tree.js';
import type { ConfigView } from './view.js';

export const SEVERITIES = ['error', 'warn', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** The one severity ranking: higher is worse. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

/** What provops.yaml says the team expects of the gateway. */
export interface Expectations {
  /** Ids that must stay reachable (checks.antigravity-aliases.expectIds, and every workload's ids). */
  ids: string[];
  /** Critical workload classes → the model ids they run on (provops.yaml `workloads`). */
  workloads: Record<string, string[]>;
}

/** What the gateway itself answered, with --from-gateway. */
export interface GatewayFacts {
  /** GET /v0/management/config: the config after the gateway's sanitizers. */
  effective: ConfigView;
  /** GET /v1/models for the API key, or why it could not be read. */
  listed: Set<string> | { unavailable: string };
}

export interface LintContext {
  root: YMap;
  view: ConfigView;
  layout: Layout;
  expect: Expectations;
  gateway?: GatewayFacts | undefined;
}

export interface Report<D> {
  where: Where;
  data: D;
  /** A finding milder than the rule's severity (the rule says when). */
  severity?: Severity;
}

export interface Rule<D = never> {
  /** kebab-case and stable: a CLI value (`provops explain <id>`), a JSON/SARIF field and the file name. */
  id: string;
  severity: Severity;
  title: string;
  /** What the gateway does with such a config, and why that matters. */
  description: string;
  /** The runbook section this rule serves. */
  runbook: string;
  /** Needs --from-gateway (it compares with what the gateway loaded or lists). */
  gateway?: boolean;
  /** The finding's message: what the gateway will do with this config, from the reported facts. */
  message(data: D): string;
  /** The fix, in one line. */
  fix(data: D): string;
  check(ctx: LintContext): Array<Report<D>>;
}

export function defineRule<D>(rule: Rule<D>): Rule<D> {
  return rule;
}

/** A rule of any data shape, as the registry holds them: each rule's data only meets its own wording. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;
