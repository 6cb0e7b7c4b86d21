// commander wiring and the only place that writes to the terminal. Heavy modules (undici, js-yaml,
// cli-table3, the simulator) are imported inside the actions that need them, so `--version`, `list`
// and `explain` start fast.
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CliFlags } from './config.js';
import { ConfigError, UsageError, messageOf } from './errors.js';
import { FAIL_ON, USAGE_EXIT_CODE } from './exit-code.js';
import { Redactor } from './redact.js';
import { FORMATS } from './reporters/index.js';
import { VERSION } from './version.js';

interface Terminal {
  out(text: string): void;
  err(text: string): void;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const RUN_EXAMPLES = `
Examples (the runbook's curl steps, translated):
  # Daily Checks 1-6 and the quota checks against the local gateway (keys from the environment)
  export PROVOPS_API_KEY=... PROVOPS_MANAGEMENT_KEY=...
  provops daily

  # curl -sS http://localhost:8317/health   (provops probes /healthz, /health, then /)
  provops check health

  # curl -sS .../v1/models -H "Authorization: Bearer <api-key>" | jq '.data | length'
  provops check model-inventory --url http://gw.internal:8317

  # CI smoke step after a config change: JSON report, fail the job on fail/error only
  provops daily --format json --output provops-report.json --fail-on fail

  # replay an incident as of a past instant
  provops daily --now 2026-11-25T09:30:00Z --no-state
`;

function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'gateway base URL (env PROVOPS_URL; default http://localhost:8317)')
    .option('--api-key <key>', 'client API key for /v1/* (prefer env PROVOPS_API_KEY: argv is visible to other users)')
    .option('--management-key <key>', 'management key for /v0/management/* (prefer env PROVOPS_MANAGEMENT_KEY)')
    .option('--config <file>', 'provops.yaml to read (env PROVOPS_CONFIG; default ./provops.yaml if present)')
    .option('--only <ids>', 'run only these checks (comma-separated ids)')
    .option('--skip <ids>', 'leave out these checks (comma-separated ids)')
    .addOption(new Option('--format <format>', 'report format (default table)').choices(FORMATS))
    .option('--output <file>', 'write the report to this file instead of stdout')
    .addOption(new Option('--fail-on <level>', 'lowest status that makes the exit code non-zero (default warn)').choices(FAIL_ON))
    .option('--timeout <ms>', 'per HTTP request (default 10000)', positiveInt)
    .option('--deadline <ms>', 'for the whole run (default 60000)', positiveInt)
    .option('--concurrency <n>', 'checks run at once (default 4)', positiveInt)
    .option('--now <iso>', 'evaluate as of this instant (windows are measured back from it)')
    .option('--log-file <path>', 'gateway log file to scan (repeatable; globs and .gz allowed)', collect)
    .option('--log-timezone <zone>', 'zone of the log timestamps: IANA name or offset (default: this machine\'s)')
    .option('--state-dir <dir>', 'where earlier runs are remembered (default $XDG_STATE_HOME/provops)')
    .option('--no-state', 'neither read nor write state')
    .option('--no-color', 'no colour (also NO_COLOR; FORCE_COLOR forces it)')
    .option('--verbose', "add each result's details to the table")
    .option('--debug', 'print stacks for internal errors');
}

export async function main(argv: string[], term: Terminal, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const redactor = new Redactor();
  // Known before parsing, so that even commander's own error messages are redacted.
  for (const s of secretsOnArgv(argv)) redactor.add(s);
  redactor.add(env.PROVOPS_API_KEY);
  redactor.add(env.PROVOPS_MANAGEMENT_KEY);
  const safe: Terminal = { out: (t) => term.out(redactor.redact(t)), err: (t) => term.err(redactor.redact(t)) };
  const debug = argv.includes('--debug');
  let code = 0;

  const program = new Command('provops')
    .description('Run the provider operations runbook of a CLIProxyAPI / cliproxyapi++ gateway as checks.\nExit codes: 0 pass/skip, 1 warn, 2 fail, 3 error or bad usage.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    // commander echoes an unknown `--flag=value` whole; the value may be a key under a misspelt flag.
    .configureOutput({ writeOut: safe.out, writeErr: (t) => safe.err(t.replace(/(unknown option '[^'=]+=)[^']*'/g, "$1***'")) });

  const runAction = async (flags: CliFlags, checkIds?: string[]) => {
    code = await runCommand(flags, checkIds, safe, redactor, env);
  };

  addRunOptions(program.command('daily').description("run every daily check of the runbook against one gateway"))
    .addHelpText('after', RUN_EXAMPLES)
    .action((flags: CliFlags) => runAction(flags));

  addRunOptions(program.command('check').argument('<ids...>', 'check ids (see provops list)').description('run only the named checks'))
    .addHelpText('after', RUN_EXAMPLES)
    .action((ids: string[], flags: CliFlags) => runAction(flags, ids));

  program
    .command('list')
    .description('list the checks: id, title, runbook section, default thresholds')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .addHelpText('after', '\nExamples:\n  provops list\n  provops list --format json | jq -r \'.[].id\'\n')
    .action(async (flags: { format: string }) => {
      const [{ checks }, { listJson, listText }] = await Promise.all([import('../checks/index.js'), import('./describe.js')]);
      safe.out(flags.format === 'json' ? listJson(checks) : listText(checks));
    });

  program
    .command('explain')
    .argument('<id>', 'check id')
    .description('what a check does, what each status means, its thresholds and the runbook steps')
    .addHelpText('after', '\nExamples:\n  provops explain health\n  provops explain model-inventory\n')
    .action(async (id: string) => {
      const [{ checks, findCheck }, { describeList, explainText }] = await Promise.all([import('../checks/index.js'), import('./describe.js')]);
      const check = findCheck(id);
      if (!check) throw new UsageError(`unknown check "${id}"; valid ids: ${describeList(checks)}`);
      safe.out(explainText(check));
    });

  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    if (err instanceof UsageError || err instanceof ConfigError) {
      safe.err(`provops: ${err.message}\n`);
      return USAGE_EXIT_CODE;
    }
    safe.err(`provops: internal error: ${messageOf(err)}${debug ? '' : ' (run with --debug for the stack)'}\n`);
    if (debug && err instanceof Error && err.stack) safe.err(`${err.stack}\n`);
    return USAGE_EXIT_CODE;
  }
}

async function runCommand(flags: CliFlags, checkIds: string[] | undefined, term: Terminal, redactor: Redactor, env: NodeJS.ProcessEnv): Promise<number> {
  const [{ checks }, { resolveConfig }, { runDaily }, { loadReporter }] = await Promise.all([
    import('../checks/index.js'),
    import('./config.js'),
    import('./run.js'),
    import('./reporters/index.js'),
  ]);
  const config = resolveConfig({ flags, env, cwd: process.cwd(), registry: checks, checkIds });
  for (const s of config.secrets) redactor.add(s);
  for (const w of config.warnings) term.err(`${w}\n`);

  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    term.err('provops: interrupted; reporting what finished (Ctrl-C again to quit at once)\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  let outcome;
  try {
    outcome = await runDaily(config, interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }

  for (const w of outcome.warnings) term.err(`${w}\n`);
  if (flags.debug) for (const { id, cause } of outcome.causes) term.err(`[debug] ${id}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  const reporter = await loadReporter(config.format);
  const text = reporter(outcome.report, { color: useColor(flags, env, config.output), verbose: Boolean(flags.verbose), width: process.stdout.columns });
  if (config.output) {
    try {
      writeFileSync(config.output, redactor.redact(text), { mode: 0o600 });
    } catch (err) {
      throw new ConfigError(`--output: cannot write ${config.output} (${(err as NodeJS.ErrnoException).code ?? messageOf(err)})`);
    }
    term.err(`provops: ${outcome.report.status} (exit ${outcome.report.exitCode}); report written to ${config.output}\n`);
  } else {
    term.out(text);
  }
  return outcome.report.exitCode;
}

function useColor(flags: CliFlags, env: NodeJS.ProcessEnv, output: string | undefined): boolean {
  if (flags.color === false || output) return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(process.stdout.isTTY);
}

/** Values given to any key-like flag, misspelt ones included (`--api-kye=sk-...` is still a key). */
function secretsOnArgv(argv: string[]): string[] {
  const out: string[] = [];
  argv.forEach((arg, i) => {
    const m = /^--?([\w-]*(?:key|token|secret|pass)[\w-]*)(?:=(.*))?$/i.exec(arg);
    if (!m) return;
    const value = m[2] ?? argv[i + 1];
    if (value !== undefined && !value.startsWith('-')) out.push(value);
  });
  return out;
}
