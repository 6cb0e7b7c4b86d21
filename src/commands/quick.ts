// `provops --version` and `provops --help` answered without loading the CLI framework: commander and
// its files cost about a third of a bare `node -e 0` start. HELP is what commander prints for the
// top-level program at HELP_WIDTH columns (cli.ts pins that width); test/cli.quick.test.ts holds the two equal.
import { VERSION } from '../version.js';

export const HELP_WIDTH = 80;

export const HELP = `Usage: provops [options] [command]

Run the provider operations runbook of a CLIProxyAPI / cliproxyapi++ gateway as
checks.
Exit codes: 0 pass/skip, 1 warn, 2 fail, 3 error or bad usage.

Options:
  -V, --version             output the version number
  -h, --help                display help for command

Commands:
  daily [options]           run every daily check of the runbook against one
                            gateway
  check [options] <ids...>  run only the named checks
  simulate [options]        run the gateway simulator in the foreground: try
                            provops or rehearse the runbook without a gateway
  demo [options]            run \`daily\` against the embedded simulator and exit
                            with its code (no gateway needed)
  list [options]            list the checks: id, title, runbook section, default
                            thresholds
  explain <id>              what a check does, what each status means, its
                            thresholds and the runbook steps
  help [command]            display help for command

Start here:
  provops demo                      # the daily checks against the embedded simulator
  provops list                      # the checks and their thresholds
  provops explain log-scan          # what one check does, and where the runbook is wrong
  PROVOPS_API_KEY=... PROVOPS_MANAGEMENT_KEY=... provops daily --url http://gw:8317

`;

/** The whole output for argv that only asks for the version or the top-level help, else undefined. */
export function quickAnswer(args: readonly string[]): string | undefined {
  if (args.length !== 1) return undefined;
  if (args[0] === '--version' || args[0] === '-V') return `${VERSION}\n`;
  if (args[0] === '--help' || args[0] === '-h') return HELP;
  return undefined;
}
