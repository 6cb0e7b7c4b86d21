// Run by `npm run build` after tsc: writes commander's own top-level help to dist/help.txt, which
// `provops --help` prints without loading commander (src/commands/quick.ts). Generated, never edited,
// so a new command or option shows up in both at once.
import { writeFileSync } from 'node:fs';
import { main } from '../dist/src/cli.js';

let help = '';
const code = await main(['node', 'provops', '--help'], { out: (t) => (help += t), err: (t) => (help += t) }, {});
if (code !== 0 || !help.startsWith('Usage: provops')) throw new Error(`provops --help exited ${code}: ${help}`);
writeFileSync(new URL('../dist/help.txt', import.meta.url), help);
