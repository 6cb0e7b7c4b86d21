// `provops --version` and `provops --help` answered without loading the CLI framework: commander and
// its files cost about a third of a bare `node -e 0` start. The help is commander's own text, written
// to dist/help.txt by `npm run build` (scripts/write-help.mjs) at HELP_WIDTH columns, which cli.ts pins.
import { readFileSync } from 'node:fs';
import { VERSION } from '../version.js';

export const HELP_WIDTH = 80;
/** dist/help.txt, seen from dist/src/commands/quick.js. */
export const HELP_FILE = new URL('../../help.txt', import.meta.url);

/** The whole output for argv that only asks for the version or the top-level help, else undefined. */
export function quickAnswer(
  args: readonly string[],
  readHelp = () => readFileSync(HELP_FILE, 'utf8'),
): string | undefined {
  if (args.length !== 1) return undefined;
  if (args[0] === '--version' || args[0] === '-V') return `${VERSION}\n`;
  if (args[0] !== '--help' && args[0] !== '-h') return undefined;
  try {
    return readHelp();
  } catch {
    return undefined; // not built by npm run build: commander answers
  }
}
