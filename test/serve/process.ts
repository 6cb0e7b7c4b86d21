// `provops serve` as an operator starts it: the built CLI in its own process, its stderr collected,
// and a way to wait for a line it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../helpers/cli.js';

export interface ServeProcess {
  child: ChildProcess;
  stderr(): string;
  /** Resolves when stderr has matched `pattern` (after what was already matched), rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startServe(args: string[], cwd: string): ServeProcess {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  for (const k of ['PROVOPS_URL', 'PROVOPS_API_KEY', 'PROVOPS_MANAGEMENT_KEY', 'PROVOPS_CONFIG']) delete env[k];
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  let seen = 0;
  const listeners = new Set<() => void>();
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
    for (const l of listeners) l();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stderr: () => text,
    waitFor(pattern, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(text.slice(seen));
          if (!m) return;
          seen += m.index + m[0].length;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`provops serve did not print ${pattern} within ${ms} ms; stderr:\n${text}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
