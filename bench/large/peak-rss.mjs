// node --import this file: at exit, writes the process's peak RSS (KiB) to $BENCH_RSS_FILE, so the
// bench can measure a spawned provops without a platform time(1).
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
