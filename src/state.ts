// What later runs compare against (the model inventory, metrics counters): one small JSON file per
// target, written atomically. A file that cannot be read is ignored with a warning, never a crash.
// It holds only what checks remember (ids, counters), never a key: a management key the gateway
// rejected is remembered as a 32-bit salted fingerprint, which tells "same key again" apart from "a
// new key" and cannot be turned back into the key.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StateEntry {
  at: string;
  data: unknown;
}

/** The gateway refused this management key (401, or a ban): later runs do not send the same key again. */
export interface ManagementRejection {
  at: string;
  status: number;
  salt: string;
  fingerprint: string;
}

export interface TargetState {
  schemaVersion: 1;
  target: { name: string; url: string };
  checks: Record<string, StateEntry>;
  managementRejection?: ManagementRejection | undefined;
}

export type StoredState = Pick<TargetState, 'checks' | 'managementRejection'>;

export function rejectionOf(key: string, status: number, at: Date): ManagementRejection {
  const salt = randomBytes(8).toString('hex');
  return { at: at.toISOString(), status, salt, fingerprint: fingerprint(key, salt) };
}

export function isSameKey(rejection: ManagementRejection, key: string): boolean {
  return fingerprint(key, rejection.salt) === rejection.fingerprint;
}

function fingerprint(key: string, salt: string): string {
  return createHmac('sha256', salt).update(key).digest('hex').slice(0, 8);
}

export function stateFile(dir: string, target: { name: string; url: string }): string {
  const hash = createHash('sha256').update(target.url).digest('hex').slice(0, 12);
  const name = target.name.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40) || 'target';
  return join(dir, `${name}-${hash}.json`);
}

export function readState(file: string, target: { url: string }, warn: (message: string) => void): StoredState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(
        `warning: cannot read state file ${file} (${(err as NodeJS.ErrnoException).code}); comparing with no earlier run`,
      );
    return { checks: {} };
  }
  try {
    const parsed = JSON.parse(text) as Partial<TargetState>;
    if (
      parsed.schemaVersion !== 1 ||
      !parsed.checks ||
      typeof parsed.checks !== 'object' ||
      parsed.target?.url !== target.url
    )
      throw new Error('unexpected shape');
    const r = parsed.managementRejection;
    const rejection =
      r &&
      typeof r.salt === 'string' &&
      typeof r.fingerprint === 'string' &&
      typeof r.at === 'string' &&
      typeof r.status === 'number'
        ? r
        : undefined;
    return { checks: parsed.checks, managementRejection: rejection };
  } catch {
    warn(
      `warning: ignoring state file ${file}: it is corrupt or from another target; it will be rewritten after this run`,
    );
    return { checks: {} };
  }
}

export function writeState(file: string, dir: string, state: TargetState, warn: (message: string) => void): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    warn(
      `warning: cannot write state file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the next run will not compare with this one`,
    );
  }
}
