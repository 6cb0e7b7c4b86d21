// Input that cannot be linted: one line that says why (with the position where there is one), exit 3,
// and memory that does not grow with the input (the CLI runs here with a 64 MiB heap).
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_EXPANDED_NODES, parseConfigText, readConfigFile } from '../../src/lint/load.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'provops-lint-input-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Nine aliases per level, nine levels: 9^9 (387 million) nodes once expanded. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1] as string;
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('unreadable input', () => {
  it('a YAML syntax error names its line and column', () => {
    expect(() => parseConfigText('api-keys: ["a"\ndebug: true\n', 'c.yaml')).toThrow(/^c\.yaml:\d+:\d+: YAML error: /);
    expect(() => parseConfigText('debug: true\nport: : 8317\n', 'c.yaml')).toThrow(
      /^c\.yaml:2:7: YAML error: Nested mappings are not allowed/,
    );
  });

  it('a duplicate key is refused, as the gateway refuses it', () => {
    expect(() => parseConfigText('debug: true\ndebug: false\n', 'c.yaml')).toThrow(
      /^c\.yaml:2:1: YAML error: .*unique.*the gateway would refuse this file too/,
    );
  });

  it('an empty file, a comment-only file, a list at the top', () => {
    expect(() => parseConfigText('', 'c.yaml')).toThrow(/^c\.yaml: empty/);
    expect(() => parseConfigText('# nothing here\n', 'c.yaml')).toThrow(/^c\.yaml: empty/);
    expect(() => parseConfigText('- a\n- b\n', 'c.yaml')).toThrow(/^c\.yaml:1:1: expected a mapping/);
  });

  it('a directory and a missing file', () => {
    const sub = join(dir, 'conf.d');
    mkdirSync(sub, { recursive: true });
    expect(() => readConfigFile(sub)).toThrow(/is a directory/);
    expect(() => readConfigFile(join(dir, 'nope.yaml'))).toThrow(/no such file/);
  });

  it('an alias bomb stops at the expansion budget', () => {
    expect(() => parseConfigText(aliasBomb(), 'bomb.yaml')).toThrow(
      new RegExp(`^bomb\\.yaml: its aliases expand to more than ${MAX_EXPANDED_NODES} nodes`),
    );
  });

  it('aliases within the budget are linted through (shared, not copied)', () => {
    const yaml = `base: &k { api-key: sk-ant-0001, prefix: team/a }
claude-api-key: [*k]
api-keys: ["sk-client-0001"]
`;
    expect(parseConfigText(yaml, 'c.yaml').root.entries.map((e) => e.key)).toEqual([
      'base',
      'claude-api-key',
      'api-keys',
    ]);
  });

  it('deep nesting is refused, not a stack overflow', () => {
    expect(() => parseConfigText(`a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, 'deep.yaml')).toThrow(
      /^deep\.yaml(:\d+:\d+)?: /,
    );
  });
});

describe('provops lint on unreadable input (exit 3, one line, bounded memory)', () => {
  const heap = { nodeArgs: ['--max-old-space-size=64'] };
  const big = join(dir, 'big.yaml');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 50 * 1024 * 1024);
  closeSync(fd);

  it.each([
    ['a syntax error', () => file('bad.yaml', 'api-keys: [\n  "a"\ndebug: : true\n'), /bad\.yaml:\d+:\d+: YAML error/],
    ['an empty file', () => file('empty.yaml', ''), /empty\.yaml: empty/],
    ['a directory', () => dir, /is a directory/],
    ['a 50 MB file', () => big, /big\.yaml: 50\.0 MiB, too large for a gateway config\.yaml \(limit 1\.0 MiB\)/],
    ['an alias bomb', () => file('bomb.yaml', aliasBomb()), /alias bomb/],
  ])('%s', async (_name, path, message) => {
    const r = await runCli(
      ['lint', path(), '--no-color'].filter((a) => a !== '--no-color'),
      heap,
    );
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(message);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\n\s+at /); // no stack
  });

  it('a usage error: no file and no --from-gateway, a bad version, a bad format', async () => {
    for (const args of [
      ['lint'],
      ['lint', 'x.yaml', '--gateway-version', 'nine'],
      ['lint', 'x.yaml', '--format', 'xml'],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(3);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^(provops: |error: )/);
    }
  });
});
