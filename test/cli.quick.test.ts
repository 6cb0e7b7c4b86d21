// --version and --help answer before commander loads: the quick answers must be exactly what the
// CLI framework would have printed, and the processes that give them must not load it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { quickAnswer } from '../src/commands/quick.js';
import { VERSION } from '../src/version.js';
import { runCli } from './helpers/cli.js';

async function viaCommander(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['node', 'provops', ...args], { out: (t) => (out += t), err: (t) => (out += t) }, {});
  return { code, out };
}

describe('quick answers', () => {
  it.each([['--help'], ['-h']])(
    '%s from the built CLI is commander’s own top-level help, byte for byte',
    async (flag) => {
      const commander = await viaCommander([flag]);
      expect(commander.code).toBe(0);
      const r = await runCli([flag]);
      expect(r).toEqual({ code: 0, stdout: commander.out, stderr: '' });
      expect(quickAnswer([flag], () => 'the help file')).toBe('the help file');
    },
  );

  it('leaves --help to commander when no help file was built', () => {
    expect(
      quickAnswer(['--help'], () => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });

  it.each([['--version'], ['-V']])('%s is commander’s own answer', async (flag) => {
    expect(await viaCommander([flag])).toEqual({ code: 0, out: `${VERSION}\n` });
    expect(quickAnswer([flag])).toBe(`${VERSION}\n`);
  });

  it.each([[[]], [['daily', '--help']], [['--version', 'list']], [['help']], [['--helpx']]])(
    '%j is left to commander',
    (args) => {
      expect(quickAnswer(args)).toBeUndefined();
    },
  );

  it.each([['--version'], ['--help']])('provops %s loads neither commander nor the CLI module', async (flag) => {
    const file = join(mkdtempSync(join(tmpdir(), 'provops-quick-')), 'trace.txt');
    const trace = ['--import', new URL('./fixtures/trace-imports.mjs', import.meta.url).href];
    const r = await runCli([flag], { nodeArgs: trace, env: { PROVOPS_TRACE_FILE: file } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(flag === '--help' ? /^Usage: provops/ : new RegExp(`^${VERSION}\n$`));
    const loaded = readFileSync(file, 'utf8');
    expect(loaded).toContain('/dist/src/main.js'); // the trace works
    expect(loaded).not.toMatch(/node_modules\/commander\/|dist\/src\/cli\.js/);
  });
});
