// Report files are read by other programs while provops may be writing them (node_exporter's textfile
// collector reads its directory on every scrape): write a temp file in the same directory and rename it
// over the target, so a reader sees the old file or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `path` atomically. A file already there keeps its permission bits (an operator's
 * chmod survives the next run) unless `forceMode`; a new one gets `mode`. The temp name is
 * unpredictable and created exclusively, so nobody can plant a file or symlink at it beforehand.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o600, forceMode = false): void {
  let keep: number | undefined;
  try {
    keep = forceMode ? undefined : statSync(path).mode & 0o777;
  } catch {
    keep = undefined;
  }
  // A leading dot keeps collectors that read *.prom from picking up the half-written file.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', keep ?? mode);
  try {
    try {
      fchmodSync(fd, keep ?? mode); // exact, whatever the umask
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw err;
  }
}
