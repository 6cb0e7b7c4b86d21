// What later runs compare against (the model inventory, metrics counters): one small JSON file per
// target, written atomically under a lock (see writeState). A file that cannot be read is ignored with a warning, never a crash.
// It holds only what checks remember (ids, counters), never a key: a management key the gateway
// rejected is remembered as a 32-bit salted fingerprint, which tells "same key again" apart from "a
// new key" and cannot be turned back into the key.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
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

/** State files hold ids and counters: far below this, unless something else sits at the path. */
const MAX_STATE_BYTES = 64 * 1024 * 1024;
/** A lock older than this was left by a run that died: taken over. */
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 5_000;

export interface ReadOutcome extends StoredState {
  /** false when the path is not a regular file (a directory, a symlink, a FIFO): state is off for this run. */
  usable?: false;
}

/** The file's text if it is a regular file, undefined if absent; throws an errno-coded Error otherwise. */
function readRegular(file: string): string | undefined {
  let fd: number;
  try {
    // O_NOFOLLOW: a symlink planted at the state path is refused, never read through.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    if (st.size > MAX_STATE_BYTES) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Whether the state path is usable: absent, or a regular file (not a symlink, directory, FIFO...). */
function notRegular(file: string): boolean {
  try {
    return !lstatSync(file).isFile();
  } catch {
    return false;
  }
}

export function readState(file: string, target: { url: string }, warn: (message: string) => void): ReadOutcome {
  if (notRegular(file)) {
    warn(
      `warning: state file ${file} is not a regular file (a symlink, directory or device?); state is off for this run`,
    );
    return { checks: {}, usable: false };
  }
  let text: string | undefined;
  try {
    text = readRegular(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTREG') {
      warn(
        `warning: state file ${file} is not a regular file (a symlink, directory or device?); state is off for this run`,
      );
      return { checks: {}, usable: false };
    }
    warn(`warning: cannot read state file ${file} (${code ?? 'error'}); comparing with no earlier run`);
    return { checks: {} };
  }
  if (text === undefined) return { checks: {} };
  const parsed = parseState(text, target);
  if (!parsed)
    warn(
      `warning: ignoring state file ${file}: it is corrupt or from another target; it will be rewritten after this run`,
    );
  return parsed ?? { checks: {} };
}

function parseState(text: string, target: { url: string }): StoredState | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<TargetState>;
    if (
      parsed.schemaVersion !== 1 ||
      !parsed.checks ||
      typeof parsed.checks !== 'object' ||
      parsed.target?.url !== target.url
    )
      return undefined;
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
    return undefined;
  }
}

/**
 * Writes the state atomically under a lock. `next` gets what is in the file at that moment (another
 * run may have written since this one read it) so that merging never drops an earlier run's
 * rejection. The temp file has an unpredictable name and is created exclusively (O_EXCL refuses a
 * planted file or symlink); nothing is left behind on any error.
 */
/** A whole state, or how to build it from what is stored at the moment of writing. */
export type StateUpdate = TargetState | { target: TargetState['target']; merge(current: StoredState): TargetState };

export function writeState(file: string, dir: string, next: StateUpdate, warn: (message: string) => void): void {
  let tmp: string | undefined;
  let unlock: (() => void) | undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    unlock = lock(`${file}.lock`);
    if (notRegular(file)) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    let state: TargetState;
    if ('merge' in next) {
      let current: StoredState = { checks: {} };
      try {
        const text = readRegular(file);
        current = (text !== undefined && parseState(text, next.target)) || current;
      } catch {
        // unreadable: nothing to merge with
      }
      state = next.merge(current);
    } else state = next;
    tmp = `${file}.${randomBytes(12).toString('hex')}.tmp`;
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      writeFileSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    tmp = undefined;
  } catch (err) {
    warn(
      `warning: cannot write state file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the next run will not compare with this one`,
    );
  } finally {
    if (tmp) rmSync(tmp, { force: true });
    unlock?.();
  }
}

/** An exclusive lock file; a stale one (its run died) is taken over; waits at most LOCK_WAIT_MS. */
function lock(path: string): () => void {
  const until = Date.now() + LOCK_WAIT_MS;
  const token = randomBytes(8).toString('hex');
  for (;;) {
    try {
      const fd = openSync(
        path,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o600,
      );
      writeFileSync(fd, token);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === token) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    try {
      if (Date.now() - lstatSync(path).mtimeMs > STALE_LOCK_MS) {
        unlinkSync(path);
        continue;
      }
    } catch {
      continue;
    }
    if (Date.now() > until) throw Object.assign(new Error('locked by another run'), { code: 'ELOCKED' });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}
