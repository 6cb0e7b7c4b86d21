// `provops mitigate spark-fallback`: the runbook's Spark auto-mitigation ("fallback alias to
// gpt-5.3-codex when the critical threshold is crossed") as a reviewed management write. The gateway's
// PATCH /oauth-model-alias replaces a channel's whole list and answers ok even when its sanitizer drops
// entries, so the write is computed from the channel as read, shown as a diff, read back after writing,
// and recorded in the state dir so --revert restores exactly the list that was there before.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPARK_MODEL } from '../../checks/spark-error-ratio.js';
import { UsageError, messageOf } from '../errors.js';
import { fetchModels } from '../gateway/models.js';
import { whyUnavailable, type Failed } from '../gateway/read.js';
import { describeBody } from '../gateway/response.js';
import { fetchAliasMap, OAUTH_MODEL_ALIAS_PATH, type AliasEntry } from '../gateway/settings.js';
import { VERSION } from '../version.js';
import type { Session } from './session.js';

export interface MitigateInput {
  channel: string;
  target: string;
  apply: boolean;
  revert: boolean;
  yes: boolean;
  /** Asks the operator on a terminal; undefined when there is none (then --yes is required). */
  confirm: ((question: string) => Promise<boolean>) | undefined;
}

export type MitigateStatus = 'planned' | 'unchanged' | 'applied' | 'reverted' | 'declined' | 'failed' | 'error';

export interface MitigateReport {
  schemaVersion: 1;
  tool: 'provops';
  version: string;
  command: 'mitigate spark-fallback';
  action: 'plan' | 'apply' | 'revert';
  url: string;
  channel: string;
  status: MitigateStatus;
  exitCode: 0 | 1 | 2 | 3;
  summary: string;
  before: AliasEntry[] | null;
  after: AliasEntry[] | null;
  diff: string[];
  evidence: string[];
  /** Where the change is recorded for --revert. */
  record: string | undefined;
}

interface Recorded {
  schemaVersion: 1;
  target: { name: string; url: string };
  channel: string;
  /** null: the channel did not exist; --revert deletes it. */
  before: AliasEntry[] | null;
  after: AliasEntry[];
  appliedAt: string;
}

const show = (e: AliasEntry) => JSON.stringify(e);
const sameList = (a: AliasEntry[] | null, b: AliasEntry[] | null) =>
  JSON.stringify((a ?? []).map(canonical)) === JSON.stringify((b ?? []).map(canonical));
function canonical(e: AliasEntry): Record<string, unknown> {
  return Object.fromEntries(Object.entries(e).sort(([x], [y]) => x.localeCompare(y)));
}

/** `+`/`-`/` ` lines between two channel lists, in order. */
export function diffLists(before: AliasEntry[] | null, after: AliasEntry[] | null): string[] {
  const a = (before ?? []).map(show);
  const b = (after ?? []).map(show);
  return [
    ...a.map((l) => (b.includes(l) ? `  ${l}` : `- ${l}`)),
    ...b.filter((l) => !a.includes(l)).map((l) => `+ ${l}`),
  ];
}

/** The channel with Spark routed to `target`: other entries kept as they are, an older Spark alias replaced. */
export function withFallback(before: AliasEntry[] | null, target: string): AliasEntry[] {
  const kept = (before ?? []).filter((e) => e.alias !== SPARK_MODEL);
  // fork: true keeps `target` itself listed; without it the gateway would replace gpt-5.3-codex by the alias.
  return [...kept, { name: target, alias: SPARK_MODEL, fork: true }];
}

function recordFile(session: Session): string | undefined {
  const dir = session.config.stateDir;
  if (!dir) return undefined;
  const safe = session.config.target.name.replace(/[^\w.-]+/g, '_');
  return join(dir, 'mitigations', `${safe}.spark-fallback.json`);
}

function readRecord(file: string): Recorded | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Recorded;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${file}: ${messageOf(err)}`);
  }
}

function writeRecord(file: string, record: Recorded): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export async function runMitigate(
  session: Session,
  input: MitigateInput,
  signal: AbortSignal,
): Promise<MitigateReport> {
  if (input.apply && input.revert) throw new UsageError('--apply and --revert exclude each other');
  const action = input.revert ? 'revert' : input.apply ? 'apply' : 'plan';
  const file = recordFile(session);
  const report = (
    status: MitigateStatus,
    summary: string,
    rest: Partial<Pick<MitigateReport, 'before' | 'after' | 'evidence'>> = {},
  ): MitigateReport => {
    const before = rest.before ?? null;
    const after = rest.after ?? null;
    const exitCode = ({ planned: 0, unchanged: 0, applied: 0, reverted: 0, declined: 1, failed: 2, error: 3 } as const)[
      status
    ];
    return {
      schemaVersion: 1,
      tool: 'provops',
      version: VERSION,
      command: 'mitigate spark-fallback',
      action,
      url: session.gateway.url,
      channel: input.channel,
      status,
      exitCode,
      summary,
      before,
      after,
      diff: status === 'error' ? [] : diffLists(before, after),
      evidence: rest.evidence ?? [],
      record: file,
    };
  };
  if (action !== 'plan' && !file)
    throw new UsageError(
      `--${action} needs the state dir (it records the previous list for --revert); drop --no-state`,
    );
  if (action !== 'plan' && !input.yes && !input.confirm)
    throw new UsageError(`--${action} writes to the gateway: confirm on a terminal, or pass --yes`);

  const read = async () => {
    const outcome = await fetchAliasMap(session.gateway, signal);
    if (!outcome.ok) return { error: whyUnavailable(outcome as Failed<unknown>) };
    const map = outcome.value;
    return { list: input.channel in map ? (map[input.channel] as AliasEntry[]) : null };
  };
  const current = await read();
  if ('error' in current) return report('error', `could not read the ${input.channel} channel: ${current.error}`);

  if (action === 'revert') {
    const rec = file ? readRecord(file) : undefined;
    if (!rec || rec.channel !== input.channel)
      return report('error', `nothing recorded to revert for channel ${input.channel}${file ? ` (${file})` : ''}`);
    if (!sameList(current.list, rec.after))
      return report(
        'failed',
        `the ${input.channel} channel changed since the fallback was applied at ${rec.appliedAt}; not reverting over someone else's edit`,
        {
          before: current.list,
          after: rec.before,
          evidence: [
            'the channel now differs from what provops wrote; compare and edit by hand, or re-apply and revert',
          ],
        },
      );
    if (
      !(await approve(
        input,
        `Restore oauth-model-alias.${input.channel} to its ${rec.before?.length ?? 0} previous entr(ies)?`,
      ))
    )
      return report('declined', 'nothing written', { before: current.list, after: rec.before });
    const written = await write(session, input.channel, rec.before, signal);
    if (written) return report('failed', written, { before: current.list, after: rec.before });
    const back = await read();
    if ('error' in back)
      return report('error', `reverted, but the read-back failed: ${back.error}`, {
        before: current.list,
        after: rec.before,
      });
    if (!sameList(back.list, rec.before))
      return report('failed', 'the gateway acknowledged the revert but did not keep it', {
        before: current.list,
        after: rec.before,
        evidence: [`read back: ${JSON.stringify(back.list)}`],
      });
    rmSync(file as string, { force: true });
    return report('reverted', `oauth-model-alias.${input.channel} is back to the list recorded at ${rec.appliedAt}`, {
      before: current.list,
      after: back.list,
    });
  }

  const after = withFallback(current.list, input.target);
  if (sameList(current.list, after))
    return report('unchanged', `oauth-model-alias.${input.channel} already routes ${SPARK_MODEL} to ${input.target}`, {
      before: current.list,
      after,
    });
  if (action === 'plan')
    return report(
      'planned',
      `would route ${SPARK_MODEL} to ${input.target} in oauth-model-alias.${input.channel}; run with --apply to write it`,
      {
        before: current.list,
        after,
        evidence: [
          `PATCH ${OAUTH_MODEL_ALIAS_PATH} {"channel":"${input.channel}","aliases":[...${after.length} entries]} (the gateway replaces the whole channel)`,
        ],
      },
    );

  if (
    !(await approve(
      input,
      `Write oauth-model-alias.${input.channel} (${after.length} entries) to ${session.gateway.url}?`,
    ))
  )
    return report('declined', 'nothing written', { before: current.list, after });
  const written = await write(session, input.channel, after, signal);
  if (written) return report('failed', written, { before: current.list, after });
  // Recorded before the read-back: whatever the gateway kept, --revert knows the list to go back to.
  writeRecord(file as string, {
    schemaVersion: 1,
    target: session.config.target,
    channel: input.channel,
    before: current.list,
    after,
    appliedAt: new Date().toISOString(),
  });
  const back = await read();
  if ('error' in back)
    return report('error', `written, but the read-back failed: ${back.error}`, { before: current.list, after });
  if (!sameList(back.list, after))
    return report('failed', 'the gateway acknowledged the write but did not keep it', {
      before: current.list,
      after,
      evidence: [
        `read back: ${JSON.stringify(back.list)}`,
        'the setter answers ok even when its sanitizer drops entries or the file is rewritten behind it',
      ],
    });
  const models = await fetchModels(session.gateway, signal);
  if (!models.ok)
    return report(
      'applied',
      `written and read back; /v1/models could not be checked: ${whyUnavailable(models as Failed<unknown>)}`,
      { before: current.list, after },
    );
  const listed = models.value.owners.has(SPARK_MODEL);
  if (!listed)
    return report('failed', `written and kept, but ${SPARK_MODEL} is still not in /v1/models for this key`, {
      before: current.list,
      after,
      evidence: [`no ${input.channel} credential serving ${input.target} is available to this key?`],
    });
  return report(
    'applied',
    `${SPARK_MODEL} now routes to ${input.target} through oauth-model-alias.${input.channel}; listed in /v1/models for this key`,
    {
      before: current.list,
      after,
      evidence: [
        `recorded in ${file as string}: \`provops mitigate spark-fallback --revert\` restores the previous list`,
      ],
    },
  );
}

async function approve(input: MitigateInput, question: string): Promise<boolean> {
  if (input.yes) return true;
  return (input.confirm as (q: string) => Promise<boolean>)(question);
}

/** PATCH one channel (or DELETE it when it did not exist before); a failure's one-line reason, or undefined. */
async function write(
  session: Session,
  channel: string,
  list: AliasEntry[] | null,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    const res =
      list === null
        ? await session.gateway.send(
            'DELETE',
            `${OAUTH_MODEL_ALIAS_PATH}?channel=${encodeURIComponent(channel)}`,
            undefined,
            signal,
          )
        : await session.gateway.send('PATCH', OAUTH_MODEL_ALIAS_PATH, { channel, aliases: list }, signal);
    return res.status === 200
      ? undefined
      : `${list === null ? 'DELETE' : 'PATCH'} ${OAUTH_MODEL_ALIAS_PATH} → ${res.status} ${describeBody(res)}`;
  } catch (err) {
    return `the write failed: ${messageOf(err)}`;
  }
}

export function mitigateText(r: MitigateReport): string {
  const lines = [`provops mitigate spark-fallback (${r.action}) — ${r.url}, channel ${r.channel}`, ''];
  if (r.diff.length) {
    lines.push(`oauth-model-alias.${r.channel}:`);
    for (const d of r.diff) lines.push(`  ${d}`);
    lines.push('');
  }
  for (const e of r.evidence) lines.push(`  ${e}`);
  lines.push(`${r.status}: ${r.summary} (exit ${r.exitCode})`);
  return `${lines.join('\n')}\n`;
}
