// commander wiring and the only place that writes to the terminal. Heavy modules (undici, js-yaml,
// cli-table3, the simulator) are imported inside the actions that need them, so `--version`, `list`
// and `explain` start fast.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Check } from './check.js';
import type { CliFlags, ResolvedConfig } from './config.js';
import type { ReportFile } from './config/report-files.js';
import { ConfigError, UsageError, messageOf } from './errors.js';
import { FAIL_ON, USAGE_EXIT_CODE } from './exit-code.js';
import { Redactor } from './redact.js';
import { isUtf8Locale } from './reporters/glyphs.js';
import { FORMATS, type Format } from './reporters/index.js';
import type { LintFlags } from './commands/lint.js';
import type { FleetRunConfig } from './daily.js';
import { HELP_WIDTH } from './commands/quick.js';
import type { ServeFlags } from './commands/serve.js';
import type { Session } from './commands/session.js';
import { LINT_FAIL_ON, LINT_FORMATS } from './lint/names.js';
import { FAULT_HELP, FLAVORS, PLAYBOOK_SCENARIO_NAMES, SCENARIO_NAMES, type Flavor } from './simulator/names.js';
import { VERSION } from './version.js';

interface Terminal {
  out(text: string): void;
  err(text: string): void;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}

/** Node's timers hold at most 2^31-1 ms; a larger value fires after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function timerMs(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_TIMER_MS) throw new InvalidArgumentError(`expected at most ${MAX_TIMER_MS} ms (about 24.8 days).`);
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError('expected a port number (0-65535; 0 picks a free one).');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('expected a whole number of milliseconds.');
  return n;
}

interface SimulateFlags {
  port: number;
  host: string;
  flavor: Flavor;
  scenario: string;
  latency?: number;
  now?: string;
  timeZone?: string;
  fault?: string[];
}

interface DemoFlags {
  scenario: string;
  flavor: Flavor;
  format: Format;
  now?: string;
  color?: boolean;
  verbose?: boolean;
  debug?: boolean;
  report?: string[];
  quiet?: boolean;
  ascii?: boolean;
}

const SIMULATE_EXAMPLES = `
Examples:
  # a healthy cliproxyapi++ on the usual port; in another shell, run the printed export line, then daily
  provops simulate
  provops daily --no-state

  # rehearse the incident playbooks on current upstream CLIProxyAPI, as of a fixed instant
  provops simulate --flavor upstream --scenario incident --now 2026-11-26T12:00:00Z

  # a slow gateway whose management API sits behind a failing proxy
  provops simulate --latency 800 --fault '/v0/management/*=html-502'

Fault kinds (--fault <route>=<kind>[:arg]; route is a path, a prefix such as /v0/management/*, or *):
${Object.values(FAULT_HELP)
  .map((h) => `  ${h}`)
  .join('\n')}
`;

const DEMO_EXAMPLES = `
Examples:
  provops demo                                   # healthy cliproxyapi++: every check passes, exit 0
  provops demo --scenario incident               # the planted failures, each with the runbook's hint
  provops demo --scenario degraded --flavor upstream --format json
`;

const SERVE_EXAMPLES = `
Examples:
  # the targets of ./provops.yaml, for Prometheus to scrape (deploy/prometheus/ has its side)
  provops serve
  curl 'http://127.0.0.1:9317/probe?target=prod-eu'
  curl 'http://127.0.0.1:9317/probe?target=prod-eu&checks=health,kiro-quota'

  # reload provops.yaml without a restart (a bad file keeps the running configuration)
  kill -HUP <pid>
`;

const LINT_EXAMPLES = `
Examples:
  provops lint config.yaml                       # before it ships (CI: provops lint config.yaml && provops daily)
  provops lint config.yaml --format sarif --output lint.sarif
  provops lint --from-gateway                    # the gateway's own file, against what it loaded and lists
  provops lint config.yaml --gateway-version 8   # read it as a v8 gateway would
  provops lint --list-rules ; provops explain mixed-pool
Exit codes: 0 clean or info only, 1 warn, 2 error, 3 unreadable input or bad usage.
`;

const RUN_EXAMPLES = `
Examples (the runbook's curl steps, translated):
  # Daily Checks 1-6 and the quota checks against the local gateway (keys from the environment)
  export PROVOPS_API_KEY=... PROVOPS_MANAGEMENT_KEY=...
  provops daily

  # curl -sS http://localhost:8317/health   (provops probes /healthz, /health, then /)
  provops check health

  # curl -sS .../v1/models -H "Authorization: Bearer <api-key>" | jq '.data | length'
  provops check model-inventory --url http://gw.internal:8317

  # CI smoke step after a config change: the table in the log, JUnit, Markdown and JSON from one run
  provops daily --report junit=provops.xml --report markdown=provops.md --report json=provops.json --fail-on fail

  # node_exporter textfile collector (written atomically) and a quiet table for cron mail
  provops daily --quiet --report prometheus=/var/lib/node_exporter/textfile/provops.prom

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
    .option(
      '--output <file>',
      'write the report to this file (mode 0600; 0644 for prometheus) instead of stdout; - is stdout',
    )
    .option(
      '--report <format=file>',
      `also write this format to this file (repeatable; one run for all): ${FORMATS.join(', ')}`,
      collect,
    )
    .option('--quiet', 'table and markdown: only the rows that are not pass, and the totals line')
    .option('--ascii', 'ASCII instead of → · × ≥ (automatic when the locale is not UTF-8)')
    .addOption(
      new Option('--fail-on <level>', 'lowest status that makes the exit code non-zero (default warn)').choices(
        FAIL_ON,
      ),
    )
    .option('--require <ids>', 'checks that must run: a skip counts as fail (comma-separated ids, or all)')
    .option('--timeout <ms>', 'per HTTP request (default 10000)', timerMs)
    .option('--deadline <ms>', 'for the whole run (default 60000)', timerMs)
    .option('--concurrency <n>', 'checks run at once per target (default 4)', positiveInt)
    .option('--target <names>', 'only these targets of provops.yaml `targets:` (comma-separated)')
    .option('--target-concurrency <n>', 'targets checked at once (default 16)', positiveInt)
    .option('--now <iso>', 'evaluate as of this instant (windows are measured back from it)')
    .option('--log-file <path>', 'gateway log file to scan (repeatable; globs and .gz allowed)', collect)
    .option('--log-timezone <zone>', "zone of the log timestamps: IANA name or offset (default: this machine's)")
    .option('--state-dir <dir>', 'where earlier runs are remembered (default $XDG_STATE_HOME/provops)')
    .option('--no-state', 'neither read nor write state')
    .option('--ca-file <pem>', "trust this CA (PEM) for an https:// gateway, e.g. a private CA's certificate")
    .option('--insecure', 'do not verify the TLS certificate (warned about on every run; prefer --ca-file)')
    .option('--no-color', 'no colour (also NO_COLOR; FORCE_COLOR forces it)')
    .option('--verbose', "add each result's details to the table")
    .option('--debug', 'print stacks for internal errors')
    .option('--plugin <path>', 'load a check plugin (repeatable; also plugins: in provops.yaml)', collect);
}

const TRIAGE_SYMPTOMS = ['401', '403', '429', 'wrong-provider', 'missing-model', '502', 'iflow-406', 'spark'];

const TRIAGE_EXAMPLES = `
Examples:
  provops triage 502 --model gemini-claude-opus-4-6-thinking   # listed? alias bridge? excluded? reloaded?
  provops triage 429 --window 120                               # cooldowns, 429 share and trend, Qwen lines
  provops triage spark --format json                            # listed for this key, error ratio, fallback
  provops triage wrong-provider --model claude-sonnet-4-5       # who else serves the id, priorities, prefix
  provops triage iflow-406 --reproduce                          # one stream:false request, full upstream body

Exit codes: 0 nothing found, 1 a warn-level problem, 2 the cause found, 3 could not tell.
`;

/** The flags the runbook commands (triage, onboard, mitigate, watch) share with daily. */
interface RunbookFlags {
  url?: string;
  apiKey?: string;
  managementKey?: string;
  config?: string;
  timeout?: number;
  now?: string;
  stateDir?: string;
  state?: boolean;
  logTimezone?: string;
  format?: 'text' | 'json';
  debug?: boolean;
}

type RunbookWork = (
  session: Session,
  signal: AbortSignal,
) => Promise<{ report: { exitCode: number }; text: string; lines?: boolean }>;

function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'gateway base URL (env PROVOPS_URL; default http://localhost:8317)')
    .option('--api-key <key>', 'client API key for /v1/* (prefer env PROVOPS_API_KEY)')
    .option('--management-key <key>', 'management key for /v0/management/* (prefer env PROVOPS_MANAGEMENT_KEY)')
    .option('--config <file>', 'provops.yaml to read (env PROVOPS_CONFIG)')
    .option('--timeout <ms>', 'per HTTP request (default 10000)', positiveInt)
    .option('--now <iso>', 'evaluate as of this instant')
    .option('--log-timezone <zone>', "zone of the gateway's log timestamps (default: this machine's)")
    .option('--state-dir <dir>', "where the management key's memory and mitigations are kept")
    .option('--no-state', 'neither read nor write state')
    .addOption(new Option('--format <format>', 'output format (default text)').choices(['text', 'json']))
    .option('--debug', 'print stacks for internal errors');
}

/** Resolve the target, open one session, run the command's work, print text or JSON, return its exit code. */
async function runbookCommand(
  flags: RunbookFlags,
  work: RunbookWork,
  term: Terminal,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const [{ checks }, { openSession, resolveConnection }] = await Promise.all([
    import('../checks/index.js'),
    import('./commands/session.js'),
  ]);
  const config = resolveConnection(flags, env, checks);
  for (const s of config.secrets) redactor.add(s);
  for (const w of config.warnings) term.err(`${w}\n`);
  const session = openSession(config);
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    term.err('provops: interrupted; reporting what is known so far (Ctrl-C again to quit at once)\n');
    interrupt.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  let outcome;
  try {
    outcome = await work(session, interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
    await session.close();
    for (const w of session.warnings) term.err(`${w}\n`);
  }
  // A watch's JSON is one object per line (its polls, then the report), so the report is one line too.
  const json = outcome.lines ? JSON.stringify(outcome.report) : JSON.stringify(outcome.report, null, 2);
  term.out(flags.format === 'json' ? `${json}\n` : outcome.text);
  return outcome.report.exitCode;
}

const MITIGATE_EXAMPLES = `
Examples:
  provops mitigate spark-fallback                 # show the write as a diff (nothing is written)
  provops mitigate spark-fallback --apply         # write it after a y/N question, read it back, check /v1/models
  provops mitigate spark-fallback --apply --yes   # the same from a script
  provops mitigate spark-fallback --revert --yes  # restore the exact list that was there before

The change is recorded (alias entries only, never a key) in <state dir>/mitigations/.
Exit codes: 0 planned/applied/reverted/unchanged, 1 declined, 2 the gateway did not keep it, 3 could not tell.
`;

/** A y/N question on the terminal (stderr, so stdout stays the report); no answer is no. */
async function askYesNo(question: string, signal: AbortSignal): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

const ONBOARD_EXAMPLES = `
Examples (runbook "Onboard a New Provider", steps 4-6, after the config edit):
  provops onboard --prefix nim --expect kimi-k2-instruct,llama-3.3-70b          # ids, token-free canary, 15 min watch
  provops onboard --prefix nim --expect kimi-k2-instruct --watch 0             # no watch: ids and canary only
  provops onboard --prefix nim --expect kimi-k2-instruct --canary completion   # one max_tokens:1 request (spends tokens)
  provops onboard --prefix nim --expect kimi-k2-instruct --format json | tail -1 | jq .status

On a terminal the watch shows a live status line; piped, one line per poll. Ctrl-C ends the watch early
with the verdict so far. Exit codes: 0 pass, 1 warn, 2 fail (e.g. an expected id missing), 3 could not tell.
`;

/**
 * How a watch shows its polls: on a terminal one status line rewritten in place (stderr, so the report
 * on stdout stays clean); piped or --format json, one line per poll on stdout.
 */
function liveDisplay(format: string | undefined, term: Terminal) {
  const json = format === 'json';
  const tty = Boolean(process.stdout.isTTY) && !json;
  let drawn = false;
  return {
    lines: json,
    sample(sample: object, line: string) {
      if (json) term.out(`${JSON.stringify({ sample })}\n`);
      else if (tty) {
        term.err(`\r\x1b[2K${line}`);
        drawn = true;
      } else term.out(`${line}\n`);
    },
    end() {
      if (drawn) term.err('\n');
    },
  };
}

const WATCH_EXAMPLES = `
Examples:
  provops watch                                   # daily every 60 s for 15 min; changes as they happen
  provops watch --interval 5m --for 2h --exit last
  provops watch --only log-scan,quota-pressure --interval 2m --format json > watch.ndjson

On a terminal a live status line; piped, one line per run (--format json: one JSON object per run, then
the report). Ctrl-C ends the watch early with what was seen. Exit: the worst status seen (--exit last: the
last run's), mapped like daily's.
`;

async function watchCommand(
  flags: CliFlags & { interval: string; for: string; exit: 'worst' | 'last' },
  term: Terminal,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const [{ checks }, { resolveConfig }, { parseDuration }, { runWatch, runLine, watchText }] = await Promise.all([
    import('../checks/index.js'),
    import('./config.js'),
    import('./commands/poll.js'),
    import('./commands/watch.js'),
  ]);
  const config = resolveConfig({ flags, env, cwd: process.cwd(), registry: checks, checkIds: undefined, redactor });
  for (const s of config.secrets) redactor.add(s);
  for (const w of config.warnings) term.err(`${w}\n`);
  if (config.now) throw new UsageError('--now pins the clock, but a watch needs it to move: drop --now');
  const input = {
    intervalMs: Math.max(1000, parseDuration(flags.interval, '--interval')),
    forMs: parseDuration(flags.for, '--for'),
    exitBy: flags.exit,
  };
  const live = liveDisplay(config.format, term);
  const history: Parameters<typeof runLine>[1][number][] = [];
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    term.err('\nprovops: interrupted; reporting what was seen so far (Ctrl-C again to quit at once)\n');
    interrupt.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  let report;
  try {
    report = await runWatch(
      config,
      { ...input, onRun: (run) => (history.push(run), live.sample(run, runLine(run, history))) },
      interrupt.signal,
    );
  } finally {
    process.off('SIGINT', onSigint);
    live.end();
  }
  term.out(config.format === 'json' ? `${JSON.stringify(report)}\n` : watchText(report));
  return report.exitCode;
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
    .description(
      'Run the provider operations runbook of a CLIProxyAPI / cliproxyapi++ gateway as checks.\nExit codes: 0 pass/skip, 1 warn, 2 fail, 3 error or bad usage.',
    )
    .version(VERSION, '-V, --version')
    .exitOverride()
    .addHelpText(
      'after',
      '\nStart here:\n  provops demo                      # the daily checks against the embedded simulator\n  provops list                      # the checks and their thresholds\n  provops explain log-scan          # what one check does, and where the runbook is wrong\n  PROVOPS_API_KEY=... PROVOPS_MANAGEMENT_KEY=... provops daily --url http://gw:8317\n',
    )
    // commander's own errors in provops's one-line form. It echoes an unknown `--flag=value` whole; the
    // value may be a key under a misspelt flag.
    .configureOutput({
      writeOut: safe.out,
      writeErr: safe.err,
      outputError: (text, write) => write(`${commanderLine(text)}\n`),
    });

  const runAction = async (flags: CliFlags, checkIds?: string[]) => {
    code = await runCommand(flags, checkIds, safe, redactor, env);
  };

  addRunOptions(program.command('daily').description('run every daily check of the runbook against one gateway'))
    .addHelpText('after', RUN_EXAMPLES)
    .action((flags: CliFlags) => runAction(flags));

  addRunOptions(
    program
      .command('check')
      .argument('<ids...>', 'check ids (see provops list)')
      .description('run only the named checks'),
  )
    .addHelpText('after', RUN_EXAMPLES)
    .action((ids: string[], flags: CliFlags) => runAction(flags, ids));

  program
    .command('simulate')
    .description('run the gateway simulator in the foreground: try provops or rehearse the runbook without a gateway')
    .option('--port <port>', 'port to listen on (0 picks a free one)', port, 8317)
    .option('--host <host>', 'address to bind (loopback unless you say otherwise)', '127.0.0.1')
    .addOption(new Option('--flavor <flavor>', 'gateway version to play').choices(FLAVORS).default('plus'))
    .addOption(
      new Option('--scenario <name>', 'data set to serve (the playbook ones rehearse triage, onboard, mitigate)')
        .choices([...SCENARIO_NAMES, ...PLAYBOOK_SCENARIO_NAMES])
        .default('healthy'),
    )
    .option('--latency <ms>', 'added to every response', nonNegativeInt)
    .option('--now <iso>', "pin the simulator's clock; its data is generated back from it")
    .option('--time-zone <zone>', "zone the simulated host writes log timestamps in (default: this machine's)")
    .option('--fault <route=kind>', 'inject a fault on a route (repeatable; kinds below)', collect)
    .addHelpText('after', SIMULATE_EXAMPLES)
    .action(async (flags: SimulateFlags) => {
      // The simulator's keys are its own public demo values: printed as they are, not redacted.
      code = await simulateCommand(flags, term, safe);
    });

  program
    .command('demo')
    .description('run `daily` against the embedded simulator and exit with its code (no gateway needed)')
    .addOption(
      new Option('--scenario <name>', 'data set the simulator serves').choices(SCENARIO_NAMES).default('healthy'),
    )
    .addOption(new Option('--flavor <flavor>', 'gateway version it plays').choices(FLAVORS).default('plus'))
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('table'))
    .option('--now <iso>', 'pin the clock of both the simulator and the run')
    .option('--report <format=file>', 'also write this format to this file (repeatable)', collect)
    .option('--quiet', 'table and markdown: only the rows that are not pass, and the totals line')
    .option('--ascii', 'ASCII instead of → · × ≥ (automatic when the locale is not UTF-8)')
    .option('--no-color', 'no colour (also NO_COLOR; FORCE_COLOR forces it)')
    .option('--verbose', "add each result's details to the table")
    .option('--debug', 'print stacks for internal errors')
    .addHelpText('after', DEMO_EXAMPLES)
    .action(async (flags: DemoFlags) => {
      code = await demoCommand(flags, safe, redactor, env);
    });

  program
    .command('serve')
    .description("a Prometheus exporter: GET /probe?target=<name> runs one configured target's checks")
    .option('--listen <host:port>', 'address to listen on (default serve.listen, else 127.0.0.1:9317)')
    .option('--config <file>', 'provops.yaml to read (env PROVOPS_CONFIG; default ./provops.yaml if present)')
    .option('--timeout <ms>', 'per HTTP request (default 10000)', positiveInt)
    .option('--deadline <ms>', "for one target's run (default 60000; a scrape's own timeout lowers it)", positiveInt)
    .option('--concurrency <n>', 'checks run at once per target (default 4)', positiveInt)
    .option('--state-dir <dir>', 'where earlier runs are remembered (default $XDG_STATE_HOME/provops)')
    .option('--no-state', 'keep state in memory only (a rejected key is still not sent again)')
    .option('--plugin <path>', 'load a check plugin (repeatable; also plugins: in provops.yaml)', collect)
    .option('--debug', 'print stacks for internal errors')
    .addHelpText('after', SERVE_EXAMPLES)
    .action(async (flags: ServeFlags) => {
      const { serve } = await import('./commands/serve.js');
      code = await serve(flags, env, (line) => safe.err(`${line}\n`));
    });

  program
    .command('baseline')
    .description('what drift is held against (model-inventory keeps the model list it expects)')
    .command('accept')
    .description(
      'accept what the last run saw as the new baseline (e.g. models removed on purpose) so it stops warning',
    )
    .option('--check <ids>', 'only these checks (comma-separated; default every check that keeps a baseline)')
    .option('--url <url>', 'gateway base URL, to find its state (env PROVOPS_URL)')
    .option('--config <file>', 'provops.yaml to read (env PROVOPS_CONFIG)')
    .option('--state-dir <dir>', 'where earlier runs are remembered (default $XDG_STATE_HOME/provops)')
    .addHelpText(
      'after',
      '\nExamples:\n  provops baseline accept\n  provops baseline accept --check model-inventory --url http://gw:8317\n',
    )
    .action(async (flags: CliFlags & { check?: string }) => {
      const [{ checks }, { resolveConfig }, { acceptBaselines }] = await Promise.all([
        import('../checks/index.js'),
        import('./config.js'),
        import('./commands/baseline.js'),
      ]);
      const { check, ...rest } = flags;
      const config = resolveConfig({ flags: rest, env, cwd: process.cwd(), registry: checks });
      const ids = check
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const { file, lines } = acceptBaselines(config, checks, ids, new Date());
      safe.out(`${lines.join('\n')}\n(state: ${file})\n`);
    });

  program
    .command('list')
    .description('list the checks: id, title, runbook section, default thresholds')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--config <file>', 'provops.yaml whose plugins to list too (default ./provops.yaml if present)')
    .option('--plugin <path>', 'list a check plugin too (repeatable)', collect)
    .addHelpText('after', "\nExamples:\n  provops list\n  provops list --format json | jq -r '.[].id'\n")
    .action(async (flags: RegistryFlags & { format: string }) => {
      const [registry, { listJson, listText }] = await Promise.all([
        registryFor(flags, env),
        import('./commands/describe.js'),
      ]);
      safe.out(flags.format === 'json' ? listJson(registry) : listText(registry));
    });

  program
    .command('explain')
    .argument('<id>', 'check id or lint rule id')
    .description('what a check (or lint rule) does, what each status means, its thresholds and the runbook steps')
    .option('--config <file>', 'provops.yaml whose plugins to look in too (default ./provops.yaml if present)')
    .option('--plugin <path>', 'look in a check plugin too (repeatable)', collect)
    .addHelpText(
      'after',
      '\nExamples:\n  provops explain health\n  provops explain model-inventory\n  provops explain mixed-pool\n',
    )
    .action(async (id: string, flags: RegistryFlags) => {
      const [registry, { describeList, explainText }, { rules, findRule }, { explainRuleText }] = await Promise.all([
        registryFor(flags, env),
        import('./commands/describe.js'),
        import('./lint/rules/index.js'),
        import('./lint/explain.js'),
      ]);
      const check = registry.find((c) => c.id === id);
      const rule = check ? undefined : findRule(id);
      if (rule) return safe.out(explainRuleText(rule));
      if (!check)
        throw new UsageError(
          `unknown check "${id}"; valid ids: ${describeList(registry)}; lint rules: ${rules.map((r) => r.id).join(', ')}`,
        );
      safe.out(explainText(check));
    });

  const runbook = (flags: RunbookFlags, work: RunbookWork) => runbookCommand(flags, work, safe, redactor, env);

  addConnectionOptions(
    program
      .command('triage')
      .argument('<symptom>', `the playbook: ${TRIAGE_SYMPTOMS.join(', ')}`)
      .description("run an incident playbook's checks: findings with evidence, then the next steps")
      .option('--model <id>', 'the model the failing requests ask for (needed for wrong-provider, missing-model, 502)')
      .option('--window <minutes>', 'how far back the log and usage are read (default 60)', positiveInt)
      .option('--reproduce', 'iflow-406: send one minimal completion (stream: false, max_tokens: 1; spends a token)'),
  )
    .addHelpText('after', TRIAGE_EXAMPLES)
    .action(async (symptom: string, flags: RunbookFlags & { model?: string; window?: number; reproduce?: boolean }) => {
      code = await runbook(flags, async (session, signal) => {
        const { runTriage, triageText } = await import('./commands/triage.js');
        const report = await runTriage(
          session,
          { symptom, model: flags.model, windowMinutes: flags.window ?? 60, reproduce: Boolean(flags.reproduce) },
          signal,
        );
        return { report, text: triageText(report) };
      });
    });

  addConnectionOptions(
    program
      .command('mitigate')
      .argument('<mitigation>', 'the mitigation: spark-fallback')
      .description('compute, apply or revert a runbook mitigation as a reviewed management write')
      .option('--apply', 'write it (asks on a terminal unless --yes), read it back, confirm /v1/models')
      .option('--revert', 'restore exactly the list recorded when it was applied')
      .option('--yes', 'do not ask (needed when not on a terminal)')
      .option('--channel <name>', 'oauth-model-alias channel of the affected credentials', 'codex')
      .option('--target <id>', 'the model Spark falls back to', 'gpt-5.3-codex'),
  )
    .addHelpText('after', MITIGATE_EXAMPLES)
    .action(
      async (
        mitigation: string,
        flags: RunbookFlags & { apply?: boolean; revert?: boolean; yes?: boolean; channel: string; target: string },
      ) => {
        if (mitigation !== 'spark-fallback')
          throw new UsageError(`unknown mitigation "${mitigation}"; valid: spark-fallback`);
        code = await runbook(flags, async (session, signal) => {
          const { runMitigate, mitigateText } = await import('./commands/mitigate.js');
          const report = await runMitigate(
            session,
            {
              channel: flags.channel,
              target: flags.target,
              apply: Boolean(flags.apply),
              revert: Boolean(flags.revert),
              yes: Boolean(flags.yes),
              confirm: process.stdin.isTTY ? (q) => askYesNo(q, signal) : undefined,
            },
            signal,
          );
          return { report, text: mitigateText(report) };
        });
      },
    );

  addConnectionOptions(
    program
      .command('onboard')
      .description('after adding a provider block: expected ids listed, a canary through the prefix, then a watch')
      .requiredOption('--prefix <prefix>', "the new block's prefix (clients call <prefix>/<id>)")
      .requiredOption('--expect <ids>', 'model ids the block should serve (comma-separated, without the prefix)')
      .addOption(
        new Option('--canary <kind>', 'count-tokens: token-free; completion: max_tokens 1, spends tokens')
          .choices(['count-tokens', 'completion', 'none'])
          .default('count-tokens'),
      )
      .option('--watch <duration>', 'how long to watch the prefix before production traffic (0 skips)', '15m')
      .option('--interval <duration>', 'time between polls during the watch', '60s'),
  )
    .addHelpText('after', ONBOARD_EXAMPLES)
    .action(
      async (
        flags: RunbookFlags & { prefix: string; expect: string; canary: string; watch: string; interval: string },
      ) => {
        const { parseDuration } = await import('./commands/poll.js');
        const { runOnboard, onboardText, parseExpect, parsePrefix, sampleLine } = await import('./commands/onboard.js');
        const input = {
          prefix: parsePrefix(flags.prefix),
          expect: parseExpect(flags.expect),
          canary: flags.canary as 'count-tokens' | 'completion' | 'none',
          watchMs: parseDuration(flags.watch, '--watch'),
          intervalMs: Math.max(1000, parseDuration(flags.interval, '--interval')),
        };
        const live = liveDisplay(flags.format, safe);
        code = await runbook(flags, async (session, signal) => {
          const report = await runOnboard(
            session,
            { ...input, onSample: (s) => live.sample(s, sampleLine(s)) },
            signal,
          );
          live.end();
          return { report, text: onboardText(report), lines: live.lines };
        });
      },
    );

  addRunOptions(
    program
      .command('watch')
      .description('run daily every interval for a while and show what changed between runs')
      .option('--interval <duration>', 'time between runs', '60s')
      .option('--for <duration>', 'how long to watch', '15m')
      .addOption(
        new Option('--exit <which>', "exit with the worst status seen or the last run's")
          .choices(['worst', 'last'])
          .default('worst'),
      ),
  )
    .addHelpText('after', WATCH_EXAMPLES)
    .action(async (flags: CliFlags & { interval: string; for: string; exit: 'worst' | 'last' }) => {
      code = await watchCommand(flags, safe, redactor, env);
    });

  program
    .command('lint')
    .argument('[files...]', 'gateway config.yaml files (flat or v8 layout)')
    .description('check a gateway config.yaml before it ships: what the gateway will ignore, drop or route oddly')
    .option('--from-gateway', "lint the gateway's own config.yaml and report entries it dropped (management key)")
    .addOption(new Option('--format <format>', 'report format (default table)').choices(LINT_FORMATS))
    .addOption(
      new Option('--fail-on <level>', 'lowest severity that makes the exit code non-zero (default warn)').choices(
        LINT_FAIL_ON,
      ),
    )
    .option('--gateway-version <version>', 'read the file as this gateway version would (8, 7.2.140, 6.8.60-0, plus)')
    .option('--list-rules', 'list the rules and exit')
    .option('--output <file>', 'write the report to this file instead of stdout')
    .option('--config <file>', 'provops.yaml (expectIds, workloads, url and keys for --from-gateway)')
    .option('--url <url>', 'gateway base URL for --from-gateway (env PROVOPS_URL)')
    .option('--api-key <key>', 'client API key, to compare with /v1/models (prefer env PROVOPS_API_KEY)')
    .option('--management-key <key>', 'management key for --from-gateway (prefer env PROVOPS_MANAGEMENT_KEY)')
    .option('--timeout <ms>', 'per HTTP request (default 10000)', positiveInt)
    .option('--deadline <ms>', 'for the whole run (default 60000)', positiveInt)
    .option('--debug', 'print stacks for internal errors')
    .addHelpText('after', LINT_EXAMPLES)
    .action(async (files: string[], flags: LintCliFlags) => {
      code = await lintAction(files, flags, safe, redactor, env);
    });

  // Pinned after the subcommands are added (they keep the terminal's width), so that the top-level help
  // is the text main.ts prints for --help without loading commander.
  program.configureOutput({ getOutHelpWidth: () => HELP_WIDTH, getErrHelpWidth: () => HELP_WIDTH });

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

interface RegistryFlags {
  config?: string;
  plugin?: string[];
}

/**
 * The built-in checks, plus the plugins of provops.yaml and --plugin. Without a config file or a
 * plugin, neither the YAML parser nor any plugin is loaded (list and explain stay fast).
 */
async function registryFor(flags: RegistryFlags, env: NodeJS.ProcessEnv): Promise<readonly Check[]> {
  const [{ checks }, { locateConfigFile }] = await Promise.all([
    import('../checks/index.js'),
    import('./config-file.js'),
  ]);
  const cwd = process.cwd();
  if (
    !flags.plugin?.length &&
    !locateConfigFile(flags.config ?? (env.PROVOPS_CONFIG?.trim() ? env.PROVOPS_CONFIG : undefined), cwd)
  )
    return checks;
  const [{ pluginRefsOf, readConfigSource }, { loadPlugins }] = await Promise.all([
    import('./config.js'),
    import('./plugins.js'),
  ]);
  const refs = pluginRefsOf(readConfigSource(flags, env, cwd), flags.plugin, cwd);
  return [...checks, ...(await loadPlugins(refs, checks))];
}

async function runCommand(
  flags: CliFlags,
  checkIds: string[] | undefined,
  term: Terminal,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const [{ checks }, { pluginRefsOf, readConfigSource }, { resolveFleetConfig }, { loadPlugins }] = await Promise.all([
    import('../checks/index.js'),
    import('./config.js'),
    import('./config/targets.js'),
    import('./plugins.js'),
  ]);
  const cwd = process.cwd();
  // The redactor learns each secret as config reads it, before anything is validated or reported.
  const source = readConfigSource(flags, env, cwd, redactor);
  const plugins = await loadPlugins(pluginRefsOf(source, flags.plugin, cwd), checks);
  const config = resolveFleetConfig({ flags, env, cwd, registry: [...checks, ...plugins], checkIds, source, redactor });
  for (const s of config.secrets) redactor.add(s);
  for (const w of config.warnings) term.err(`${w}\n`);
  return executeRun({ ...config, redactor }, flags, term, redactor, env);
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

type Executable = FleetRunConfig & Pick<ResolvedConfig, 'format' | 'output'> & { reports?: ReportFile[] };

/** The daily path shared by daily, check and demo: run, report, and return the report's exit code. */
async function executeRun(
  config: Executable,
  flags: Pick<CliFlags, 'color' | 'verbose' | 'debug' | 'quiet' | 'ascii'>,
  term: Terminal,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const [{ runFleet }, reports] = await Promise.all([import('./daily.js'), import('./commands/reports.js')]);
  const interrupt = new AbortController();
  // SIGTERM (kill, systemd, a CI timeout) and SIGHUP (a closed terminal) end a run as Ctrl-C does:
  // what finished is reported, the rest is `interrupted`, state is written, exit 3.
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 2));
    term.err(
      signal === 'SIGINT'
        ? 'provops: interrupted; reporting what finished (Ctrl-C again to quit at once)\n'
        : `provops: got ${signal}; reporting what finished (send it again to quit at once)\n`,
    );
    interrupt.abort();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  let outcome;
  try {
    // performance.now() counts from process start: Node's start-up and module loading are part of the
    // run an operator or cron measures against --deadline.
    outcome = await runFleet({ ...config, spentMs: performance.now() }, interrupt.signal);
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }

  for (const w of outcome.warnings) term.err(`${w}\n`);
  if (flags.debug)
    for (const { target, id, cause } of outcome.causes)
      term.err(`[debug] ${target} ${id}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  const options = {
    color: useColor(flags, env, config.output),
    verbose: Boolean(flags.verbose),
    // Piped or written to a file, rows are not wrapped to any width.
    width: config.output || !process.stdout.isTTY ? undefined : process.stdout.columns,
    quiet: Boolean(flags.quiet),
    ascii: Boolean(flags.ascii) || !isUtf8Locale(env),
    failOn: config.failOn,
  };
  const failures = await reports.writeReportFiles(outcome.report, config.reports ?? [], options, (t) =>
    redactor.redact(t),
  );
  const text = await reports.render(outcome.report, config.format, options);
  if (config.output) {
    try {
      reports.writeOutput(config.output, config.format, redactor.redact(text));
    } catch (err) {
      failures.push(
        `--output: cannot write ${config.output} (${(err as NodeJS.ErrnoException).code ?? messageOf(err)})`,
      );
    }
    if (failures.length) throw new ConfigError(failures.join('; '));
    term.err(
      `provops: ${outcome.report.status} (exit ${outcome.report.exitCode}); report written to ${config.output}\n`,
    );
  } else {
    term.out(text);
  }
  if (failures.length) throw new ConfigError(failures.join('; '));
  return outcome.report.exitCode;
}

type LintCliFlags = LintFlags & { listRules?: boolean; output?: string };

async function lintAction(
  files: string[],
  flags: LintCliFlags,
  term: Terminal,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (flags.listRules) {
    const [{ rules }, { ruleListJson, ruleListText }] = await Promise.all([
      import('./lint/rules/index.js'),
      import('./lint/explain.js'),
    ]);
    term.out(flags.format === 'json' ? ruleListJson(rules) : ruleListText(rules));
    return 0;
  }
  const { lintCommand } = await import('./commands/lint.js');
  const run = await lintCommand(files, flags, env, process.cwd());
  for (const s of run.secrets) redactor.add(s);
  for (const w of run.warnings) term.err(`${w}\n`);
  if (!flags.output) {
    term.out(run.text);
    return run.exitCode;
  }
  const { writeFileAtomic } = await import('./atomic-write.js');
  try {
    writeFileAtomic(flags.output, redactor.redact(run.text), 0o600);
  } catch (err) {
    throw new ConfigError(
      `--output: cannot write ${flags.output} (${(err as NodeJS.ErrnoException).code ?? messageOf(err)})`,
    );
  }
  term.err(`provops lint: exit ${run.exitCode}; report written to ${flags.output}\n`);
  return run.exitCode;
}

async function simulateCommand(flags: SimulateFlags, term: Terminal, safe: Terminal): Promise<number> {
  const [sim, { parseNow }, { parseZone }] = await Promise.all([
    import('./simulator/index.js'),
    import('./config.js'),
    import('./timezone.js'),
  ]);
  const faults = (flags.fault ?? []).map((f) => {
    try {
      return sim.parseFault(f);
    } catch (err) {
      throw new UsageError(messageOf(err));
    }
  });
  if (flags.now !== undefined) parseNow(flags.now);
  try {
    parseZone(flags.timeZone);
  } catch (err) {
    throw new UsageError(`--time-zone: ${messageOf(err)}`);
  }
  let running;
  try {
    running = await sim.startSimulator({
      flavor: flags.flavor,
      scenario: flags.scenario,
      host: flags.host,
      port: flags.port,
      latencyMs: flags.latency,
      now: flags.now,
      timeZone: flags.timeZone,
      faults,
    });
  } catch (err) {
    throw new UsageError(`simulate: ${messageOf(err)}`);
  }
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(flags.host)) {
    safe.err(
      `provops simulate: warning: listening on ${flags.host}, not loopback: anyone who can reach it can use the demo keys\n`,
    );
  }
  term.out(sim.describeSimulator(running, flags.now));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  safe.err(`provops simulate: stopped after ${running.hits.count()} request(s)\n`);
  return 0;
}

async function demoCommand(
  flags: DemoFlags,
  term: Terminal,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const [sim, { parseNow }, { demoRunConfig }, { checks }, { parseReportFiles }, { asFleet }] = await Promise.all([
    import('./simulator/index.js'),
    import('./config.js'),
    import('./commands/demo.js'),
    import('../checks/index.js'),
    import('./config/report-files.js'),
    import('./daily.js'),
  ]);
  const now = flags.now === undefined ? undefined : parseNow(flags.now);
  const reports = parseReportFiles(flags.report ?? [], process.cwd(), undefined);
  const running = await sim.startSimulator({ flavor: flags.flavor, scenario: flags.scenario, now });
  try {
    redactor.add(running.keys.apiKey);
    redactor.add(running.keys.managementKey);
    term.err(
      `provops demo: scenario "${running.scenario.name}" on the embedded ${flags.flavor} simulator at ${running.url}\n`,
    );
    // The demo keys go to the run directly: as --api-key flags they would draw the argv warning.
    const config = demoRunConfig(checks, { url: running.url, ...running.keys }, now, flags.format);
    return await executeRun({ ...config, ...asFleet(config), reports, redactor }, flags, term, redactor, env);
  } finally {
    await running.close();
  }
}

function useColor(flags: Pick<CliFlags, 'color'>, env: NodeJS.ProcessEnv, output: string | undefined): boolean {
  if (flags.color === false || output) return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(process.stdout.isTTY);
}

/** "error: unknown option '--x=secret'\n" → "provops: unknown option '--x=***' (see provops --help)". */
export function commanderLine(text: string): string {
  const said = text
    .replace(/^error:\s*/i, '')
    .replace(/(unknown option '[^'=]+=)[^']*'/g, "$1***'")
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `provops: ${said} (see provops --help)`;
}

/** Values given to any key-like flag (`--apikey=sk-...` is still a key). */
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
