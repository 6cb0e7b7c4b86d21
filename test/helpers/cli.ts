// Spawns the built CLI (bin/provops.js → dist/) the way an operator runs it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/provops.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; nodeArgs?: string[] } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: undefined,
      PROVOPS_URL: undefined,
      PROVOPS_API_KEY: undefined,
      PROVOPS_MANAGEMENT_KEY: undefined,
      PROVOPS_CONFIG: undefined,
      // A UTF-8 locale, as on an operator's terminal: without one the human formats fall back to ASCII.
      LC_ALL: undefined,
      LC_CTYPE: undefined,
      LANG: 'C.UTF-8',
      ...opts.env,
    };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
      env: env as NodeJS.ProcessEnv,
      cwd: opts.cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
