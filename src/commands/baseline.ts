// `provops baseline accept`: the operator acknowledges what a check now sees (the models that went
// away on purpose), so it stops warning. Only the state file changes; no gateway is contacted.
import type { Check } from '../check.js';
import { ConfigError, UsageError } from '../errors.js';
import { readState, stateFile, writeState } from '../state.js';

export interface BaselineTarget {
  target: { name: string; url: string };
  stateDir: string | undefined;
}

/** Accepts the baselines of `ids` (default: every check that keeps one); returns one line per check. */
export function acceptBaselines(
  config: BaselineTarget,
  registry: readonly Check[],
  ids: string[] | undefined,
  now: Date,
): { file: string; lines: string[] } {
  const keeping = registry.filter((c) => c.baseline);
  const names = keeping.map((c) => c.id);
  for (const id of ids ?? [])
    if (!names.includes(id))
      throw new UsageError(`--check: "${id}" keeps no baseline; checks with one: ${names.join(', ')}`);
  if (!config.stateDir)
    throw new UsageError('baseline accept: state is off (--no-state); baselines live in the state file');
  const file = stateFile(config.stateDir, config.target);
  const warnings: string[] = [];
  const stored = readState(file, config.target, (w) => warnings.push(w));
  if (warnings.length) throw new ConfigError(warnings.join('; '));
  const lines: string[] = [];
  let accepted = 0;
  const checks = { ...stored.checks };
  for (const check of keeping.filter((c) => !ids?.length || ids.includes(c.id))) {
    const entry = checks[check.id];
    if (!entry) {
      lines.push(`${check.id}: nothing remembered for ${config.target.url} in ${file}: run \`provops daily\` first`);
      continue;
    }
    const outcome = check.baseline?.accept(entry.data, now);
    if (outcome === undefined) continue;
    if (typeof outcome === 'string') {
      lines.push(`${check.id}: ${outcome}`);
      continue;
    }
    checks[check.id] = { at: entry.at, data: outcome.data };
    lines.push(outcome.message);
    accepted++;
  }
  if (!accepted) throw new ConfigError(`nothing accepted: ${lines.join('; ')}`);
  const writeWarnings: string[] = [];
  writeState(
    file,
    config.stateDir,
    { schemaVersion: 1, target: config.target, checks, managementRejection: stored.managementRejection },
    (w) => writeWarnings.push(w),
  );
  if (writeWarnings.length) throw new ConfigError(writeWarnings.join('; '));
  return { file, lines };
}
