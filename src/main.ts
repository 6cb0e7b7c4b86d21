// Entry point behind bin/provops.js: the real process streams and exit code.
import { quickAnswer } from './commands/quick.js';

export function start(): void {
  // A closed pipe (provops daily | head) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const quick = quickAnswer(process.argv.slice(2));
  if (quick !== undefined) {
    process.stdout.write(quick);
    return;
  }
  import('./cli.js')
    .then(({ main }) =>
      main(process.argv, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }),
    )
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err: unknown) => {
        process.stderr.write(`provops: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 3;
      },
    );
}
