// Input that cannot be linted: one line that says why (with the position where there is one), exit 3,
// and memory that does not grow with the input (the CLI runs here with a 64 MiB heap).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_EXPANDED_NODES, MAX_NESTING, parseConfigText, readConfigFile } from '../../src/lint/load.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'provops-lint-input-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** `a:` holding `depth` flow sequences inside each other (the mapping at the top is one level more). */
const nestedFlow = (depth: number) => `a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
const TOO_DEEP = `collections nested more than ${MAX_NESTING} deep, too deep to be a gateway config.yaml`;

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

  // Deep nesting is refused from yaml's syntax tree, before its recursive composer runs, so these stop
  // after MAX_NESTING levels whatever the input's depth (20,000 levels run below, in the spawned CLI).
  it('nesting up to the limit is read; one level more is refused where it starts', () => {
    expect(parseConfigText(nestedFlow(MAX_NESTING - 1), 'c.yaml').root.entries.map((e) => e.key)).toEqual(['a']);
    expect(() => parseConfigText(nestedFlow(MAX_NESTING), 'deep.yaml')).toThrow(
      `deep.yaml:1:${MAX_NESTING + 3}: ${TOO_DEEP}`,
    );
    expect(() => parseConfigText(`a:\n  ${'- '.repeat(MAX_NESTING)}x\n`, 'deep.yaml')).toThrow(
      `deep.yaml:2:${2 * MAX_NESTING + 1}: ${TOO_DEEP}`,
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
    [
      'an alias bomb',
      () => file('bomb.yaml', aliasBomb()),
      new RegExp(`bomb\\.yaml: its aliases expand to more than ${MAX_EXPANDED_NODES} nodes \\(an alias bomb\\?\\)`),
    ],
    // Each would overflow the stack of yaml's recursive composer; at worst inside V8's regexp compiler,
    // which then kills the process instead of throwing.
    [
      '20,000 nested brackets',
      () => file('deep.yaml', nestedFlow(20_000)),
      `deep.yaml:1:${MAX_NESTING + 3}: ${TOO_DEEP}`,
    ],
    [
      '200,000 nested block sequences',
      () => file('deep-block.yaml', `${'- '.repeat(200_000)}x\n`),
      `deep-block.yaml:1:${2 * MAX_NESTING + 1}: ${TOO_DEEP}`,
    ],
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

  it('deep nesting is the same one-line error whatever the stack already holds', async () => {
    // Before the nesting bound, yaml's composer ran out of stack somewhere in 20,000 levels; at some
    // starting depths that happened inside V8's regexp compiler, and the process died ("FATAL ERROR:
    // RegExpCompiler Allocation failed") instead of throwing. In its own process, so that would show here.
    const load = new URL('../../dist/src/lint/load.js', import.meta.url).href;
    const script = `
      const { parseConfigText } = await import(${JSON.stringify(load)});
      const text = \`a: \${'['.repeat(20000)}\${']'.repeat(20000)}\\n\`;
      const at = (depth) => { if (depth > 0) return at(depth - 1);
        try { parseConfigText(text, 'deep.yaml'); return 'parsed'; } catch (e) { return e.message; } };
      const said = new Set();
      for (let depth = 0; depth < 3000; depth += 7) said.add(at(depth));
      console.log(JSON.stringify([...said]));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual([`deep.yaml:1:${MAX_NESTING + 3}: ${TOO_DEEP}`]);
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
