import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSameKey, readState, rejectionOf, stateFile, writeState } from '../src/state.js';

const target = { name: 'prod gw', url: 'http://gw:8317' };
const tmp = () => mkdtempSync(join(tmpdir(), 'provops-state-'));

describe('state', () => {
  it('names one file per target and round-trips what checks remember', () => {
    const dir = tmp();
    const file = stateFile(dir, target);
    expect(file).toMatch(/prod_gw-[0-9a-f]{12}\.json$/);
    expect(stateFile(dir, { ...target, url: 'http://other:8317' })).not.toBe(file);
    const warnings: string[] = [];
    writeState(
      file,
      dir,
      {
        schemaVersion: 1,
        target,
        checks: { 'model-inventory': { at: '2026-11-26T00:00:00.000Z', data: { ids: ['a'] } } },
      },
      (m) => warnings.push(m),
    );
    expect(readState(file, target, (m) => warnings.push(m))).toEqual({
      checks: { 'model-inventory': { at: '2026-11-26T00:00:00.000Z', data: { ids: ['a'] } } },
      managementRejection: undefined,
    });
    expect(warnings).toEqual([]);
    expect(readdirSync(dir)).toEqual([file.split('/').at(-1)]); // no temp file left behind
  });

  it('a missing file is a first run, silently', () => {
    const warnings: string[] = [];
    expect(readState(join(tmp(), 'none.json'), target, (m) => warnings.push(m))).toEqual({ checks: {} });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['truncated', '{"schemaVersion":1,"checks":{'],
    ['another target', JSON.stringify({ schemaVersion: 1, target: { url: 'http://x' }, checks: {} })],
    ['garbage', '\u0000\u0001'],
  ])('a %s file is ignored with a warning, never a crash', (_name, text) => {
    const file = join(tmp(), 'state.json');
    writeFileSync(file, text);
    const warnings: string[] = [];
    expect(readState(file, target, (m) => warnings.push(m))).toEqual({ checks: {} });
    expect(warnings[0]).toMatch(/^warning: ignoring state file .*corrupt or from another target/);
  });

  it('an unwritable state dir is a warning', () => {
    const parent = tmp();
    writeFileSync(join(parent, 'blocker'), 'a file where a directory should be');
    const dir = join(parent, 'blocker', 'provops');
    const warnings: string[] = [];
    writeState(join(dir, 'x.json'), dir, { schemaVersion: 1, target, checks: {} }, (m) => warnings.push(m));
    expect(warnings[0]).toMatch(/^warning: cannot write state file/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    expect(readFileSync(join(parent, 'blocker'), 'utf8')).toMatch(/a file/);
  });
});

describe('a rejected management key', () => {
  it('is remembered as a salted fingerprint that matches the same key only', () => {
    const r = rejectionOf('mgmt-wrong-key-1', 401, new Date('2026-11-26T00:00:00Z'));
    expect(r).toMatchObject({ at: '2026-11-26T00:00:00.000Z', status: 401 });
    expect(r.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.stringify(r)).not.toContain('mgmt-wrong-key-1');
    expect(isSameKey(r, 'mgmt-wrong-key-1')).toBe(true);
    expect(isSameKey(r, 'mgmt-right-key-2')).toBe(false);
    expect(rejectionOf('mgmt-wrong-key-1', 401, new Date()).salt).not.toBe(r.salt);
  });
});
