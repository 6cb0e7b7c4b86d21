// What later runs compare against (the model inventory, metrics counters): one small JSON file per
// target, written atomically. A file that cannot be read is ignored with a warning, never a crash.
// It holds only what checks remember (ids, counters), never a key.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StateEntry {
  at: string;
  data: unknown;
}

export interface TargetState {
  schemaVersion: 1;
  target: { name: string; url: string };
  checks: Record<string, StateEntry>;
}

export function stateFile(dir: string, target: { name: string; url: string }): string {
  const hash = createHash('sha256').update(target.url).digest('hex').slice(0, 12);
  const name = target.name.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40) || 'target';
  return join(dir, `${name}-${hash}.json`);
}

export function readState(file: string, target: { url: string }, warn: (message: string) => void): TargetState['checks'] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`warning: cannot read state file ${file} (${(err as NodeJS.ErrnoException).code}); comparing with no earlier run`);
    return {};
  }
  try {
    const parsed = JSON.parse(text) as Partial<TargetState>;
    if (parsed.schemaVersion !== 1 || !parsed.checks || typeof parsed.checks !== 'object' || parsed.target?.url !== target.url) throw new Error('unexpected shape');
    return parsed.checks;
  } catch {
    warn(`warning: ignoring state file ${file}: it is corrupt or from another target; it will be rewritten after this run`);
    return {};
  }
}

export function writeState(file: string, dir: string, state: TargetState, warn: (message: string) => void): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    warn(`warning: cannot write state file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the next run will not compare with this one`);
  }
}
