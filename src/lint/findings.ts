// Runs the rules over one config and turns their reports into findings: the rule's own wording, the
// key path as an operator reads it, and positions. Also the run's verdict and exit code, as for daily.
import { detectLayout, describeLayout, type Layout, type PinnedVersion } from './layout.js';
import type { LoadedConfig } from './load.js';
import { SEVERITY_RANK, type AnyRule, type Expectations, type GatewayFacts, type Severity } from './rule.js';
import { rules as registry } from './rules/index.js';
import { formatPath } from './tree.js';
import { buildView } from './view.js';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** The fix. */
  hint: string;
  /** The key path, e.g. `openai-compatibility[0].base-url`. */
  path: string;
  line: number;
  column: number;
}

export interface FileResult {
  file: string;
  /** "flat layout (…): no v8 section"; absent when the file could not be read. */
  layout?: string;
  findings: Finding[];
  /** Why the file could not be linted at all (exit 3). */
  error?: string;
}

export type LintStatus = 'clean' | Severity | 'unreadable';

export interface LintReport {
  schemaVersion: 1;
  status: LintStatus;
  exitCode: 0 | 1 | 2 | 3;
  summary: Record<Severity, number>;
  files: FileResult[];
}

export interface LintOptions {
  pinned?: PinnedVersion | undefined;
  expect: Expectations;
  gateway?: GatewayFacts | undefined;
  rules?: readonly AnyRule[];
}

export function lintLoaded(loaded: LoadedConfig, options: LintOptions): FileResult & { layoutInfo: Layout } {
  const layout = detectLayout(loaded.root, options.pinned);
  const view = buildView(loaded.root, layout.name);
  const ctx = { root: loaded.root, view, layout, expect: options.expect, gateway: options.gateway };
  const findings: Finding[] = [];
  for (const rule of options.rules ?? registry) {
    if (rule.gateway && !options.gateway) continue;
    for (const r of rule.check(ctx))
      findings.push({
        rule: rule.id,
        severity: r.severity ?? rule.severity,
        message: rule.message(r.data),
        hint: rule.fix(r.data),
        path: formatPath(r.where.path),
        line: r.where.pos.line,
        column: r.where.pos.column,
      });
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { file: loaded.file, layout: describeLayout(layout), layoutInfo: layout, findings };
}

const CODE: Record<LintStatus, 0 | 1 | 2 | 3> = { clean: 0, info: 0, warn: 1, error: 2, unreadable: 3 };

/** The worst finding decides, as the worst check does for daily; --fail-on error lets warnings exit 0. */
export function buildLintReport(files: FileResult[], failOn: 'warn' | 'error' = 'warn'): LintReport {
  const summary: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  let worstSeverity: Severity | undefined;
  for (const f of files) {
    for (const x of f.findings) {
      summary[x.severity]++;
      if (!worstSeverity || SEVERITY_RANK[x.severity] > SEVERITY_RANK[worstSeverity]) worstSeverity = x.severity;
    }
  }
  const worst: LintStatus = files.some((f) => f.error) ? 'unreadable' : (worstSeverity ?? 'clean');
  const code = CODE[worst];
  const floor = failOn === 'error' ? 2 : 1;
  return { schemaVersion: 1, status: worst, exitCode: code >= floor || code === 3 ? code : 0, summary, files };
}
