// Finds Prometheus's binaries (Debian's `prometheus` package brings prometheus and promtool; .ci/run
// installs it). Without them a test is skipped on a workstation but fails loudly in CI (CI set).
import { spawnSync } from 'node:child_process';

export function findTool(name: 'prometheus' | 'promtool'): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (path) return path;
  if (process.env.CI)
    throw new Error(`${name} is not installed, and CI is set: install Debian's prometheus package (.ci/run does)`);
  return undefined;
}
