// Report files are replaced whole (temp file + rename in the same directory), never seen half-written.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/atomic-write.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'provops-atomic-'));

describe('writeFileAtomic', () => {
  it('creates the file with the given mode and leaves nothing else in the directory', () => {
    const dir = tmp();
    writeFileAtomic(join(dir, 'a.prom'), 'x 1\n', 0o644);
    expect(readFileSync(join(dir, 'a.prom'), 'utf8')).toBe('x 1\n');
    expect(statSync(join(dir, 'a.prom')).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['a.prom']);
  });

  it('replaces an existing file by rename (a reader holding the old one keeps reading the old bytes)', () => {
    const dir = tmp();
    const file = join(dir, 'a.prom');
    writeFileSync(file, 'old\n', { mode: 0o640 });
    const before = statSync(file).ino;
    writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).ino).not.toBe(before);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('removes its temp file and throws when the rename fails', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'x'), '');
    expect(() => writeFileAtomic(join(dir, 'taken'), 'new\n')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
