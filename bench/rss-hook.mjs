// Preloaded into a measured provops process (node --import): on exit, writes the process's peak
// resident set size and CPU time to $PROVOPS_BENCH_RSS_FILE, since a parent cannot read a child's rusage.
import { writeFileSync } from 'node:fs';

const file = process.env.PROVOPS_BENCH_RSS_FILE;
if (file)
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
    writeFileSync(file, JSON.stringify({ rssBytes: usage.maxRSS * 1024, cpuMs }));
  });
