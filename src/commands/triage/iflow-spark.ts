// Runbook "iFlow glm-4.7 returns 406" and "Copilot Spark Mismatch".
import { evaluate as sparkRatio, SPARK_MODEL } from '../../../checks/spark-error-ratio.js';
import { describeBody } from '../../gateway/response.js';
import type { WritableGateway } from '../../gateway/client.js';
import { messageOf } from '../../errors.js';
import { cannotTell, type Evidence } from './evidence.js';
import { inference, isFork, listedForKey, versionAtLeast } from './common.js';
import { ok, problem, unknown, type Finding } from './findings.js';

export const IFLOW_STEPS = [
  'Reproduce with stream: false and capture the full upstream body (`provops triage iflow-406 --reproduce` sends one max_tokens: 1 request).',
  'Verify the exact model id and its alias route in /v1/models.',
  'Route temporarily to a known-good fallback alias while normalizing the request shape.',
];
export const SPARK_STEPS = [
  'Confirm gpt-5.3-codex-spark is in GET /v1/models for the exact client API key.',
  'If absent, route workloads to gpt-5.3-codex and keep Spark disabled for that segment.',
  'Above the critical threshold (Spark error ratio > 5% over 10 min), apply the fallback alias: `provops mitigate spark-fallback` shows the write, `--apply` makes it.',
];

export const FALLBACK_TARGET = 'gpt-5.3-codex';

export async function triageIflow(
  ev: Evidence,
  model: string,
  reproduce: { gateway: WritableGateway } | undefined,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const listed = await listedForKey(ev, model);
  findings.push(listed.finding);
  await ev.aliases(); // the version header comes with the first management answer
  const version = ev.version;
  if (!version) findings.push(unknown('iFlow in this version', 'gateway version unknown (needs the management key)'));
  else if (!isFork(version) && versionAtLeast(version, [6, 9, 28]))
    findings.push(
      problem(
        'iFlow in this version',
        'warn',
        `CLIProxyAPI ${version} has no iFlow provider (removed in v6.9.28): a 406 here comes from another provider`,
        [],
        ['Find which provider serves the model (X-CPA-TRACE-ID of a failing request names the credential).'],
      ),
    );
  else if (!versionAtLeast(version, [6, 8, 7]))
    findings.push(
      problem(
        'glm-4.7 fix',
        'fail',
        `${version} predates the glm-4.7 406 fix (v6.8.7)`,
        [],
        ['Upgrade the gateway to v6.8.7 or later.'],
      ),
    );
  else
    findings.push(
      ok(
        'glm-4.7 fix',
        `${version} includes the glm-4.7 406 fix (v6.8.7): a 406 now comes from the request shape or iFlow itself`,
      ),
    );

  const owners = await ev.owners();
  if (owners.ok && listed.listed && !(owners.value.get(model) ?? []).includes('iflow'))
    findings.push(
      unknown('served by iFlow', `${model} is listed, but not by iflow: ${(owners.value.get(model) ?? []).join(', ')}`),
    );
  const aliases = await ev.aliases();
  if (aliases.ok) {
    const route = (aliases.value.iflow ?? []).filter((e) => e.alias === model || e.name === model);
    findings.push(
      ok(
        'alias route',
        route.length
          ? `oauth-model-alias.iflow: ${route.map((e) => `${e.name} → ${e.alias}`).join(', ')}`
          : `no oauth-model-alias.iflow entry involves ${model}: it is served under its own id`,
      ),
    );
  }
  const logs = await ev.logs();
  if (!logs.ok) findings.push(cannotTell('406 in the log', `the last ${ev.windowMinutes} min of the log`, logs.why));
  else {
    const n = inference(logs.value).filter((e) => e.access.status === 406).length;
    findings.push(
      n
        ? problem(
            '406 in the log',
            'fail',
            `${n} inference request(s) answered 406 in the last ${ev.windowMinutes} min`,
          )
        : ok('406 in the log', `no 406 in the last ${ev.windowMinutes} min`),
    );
  }
  if (reproduce) findings.push(await reproduce406(reproduce.gateway, ev.signal, model));
  return findings;
}

async function reproduce406(gateway: WritableGateway, signal: AbortSignal, model: string): Promise<Finding> {
  const body = { model, messages: [{ role: 'user', content: 'Reply OK' }], max_tokens: 1, stream: false };
  try {
    const res = await gateway.send('POST', '/v1/chat/completions', body, signal);
    const text = res.body.toString('utf8').slice(0, 2000);
    if (res.status === 406)
      return problem(
        'reproduced',
        'fail',
        `POST /v1/chat/completions (stream: false, max_tokens: 1) → 406 ${describeBody(res)}`,
        [`full body: ${text}`],
        [
          'Compare the request shape with what iFlow accepts (stream, tools, response_format); route to a fallback alias meanwhile.',
        ],
      );
    return ok(
      'reproduced',
      `POST /v1/chat/completions (stream: false, max_tokens: 1) → ${res.status}: not a 406 with a minimal request`,
      [`body: ${text}`, 'spent at most one output token'],
    );
  } catch (err) {
    return unknown('reproduced', `the reproduction request failed: ${messageOf(err)}`);
  }
}

export async function triageSpark(ev: Evidence): Promise<Finding[]> {
  const findings: Finding[] = [];
  const listed = await listedForKey(ev, SPARK_MODEL);
  if (listed.listed === false)
    findings.push({
      ...listed.finding,
      steps: [
        `Route this key's Spark workloads to ${FALLBACK_TARGET} (\`provops mitigate spark-fallback\`), and keep Spark disabled for that segment: Spark needs a Codex Plus/Pro account.`,
      ],
    });
  else findings.push(listed.finding);

  const usage = await ev.usage();
  if (!usage.ok) findings.push(cannotTell('Spark error ratio', 'GET /v0/management/usage', usage.why));
  else {
    const r = sparkRatio(
      usage.value,
      { windowMinutes: 10, warnRatioPct: 2, failRatioPct: 5, minRequests: 20, models: [SPARK_MODEL] },
      ev.now,
    );
    if (r.status === 'fail')
      findings.push(
        problem('Spark error ratio', 'fail', r.summary, r.details ?? [], [
          'Apply the fallback alias now: `provops mitigate spark-fallback --apply` (it shows the write first and records how to revert it).',
        ]),
      );
    else if (r.status === 'warn') findings.push(problem('Spark error ratio', 'warn', r.summary, r.details ?? []));
    else if (r.status === 'skip') findings.push(unknown('Spark error ratio', r.summary, r.details ?? []));
    else findings.push(ok('Spark error ratio', r.summary));
  }

  const aliases = await ev.aliases();
  if (!aliases.ok) findings.push(cannotTell('fallback alias', 'GET /v0/management/oauth-model-alias', aliases.why));
  else {
    const active = Object.entries(aliases.value).flatMap(([channel, list]) =>
      list.filter((e) => e.alias === SPARK_MODEL).map((e) => `${channel}: ${e.name} → ${e.alias}`),
    );
    findings.push(
      ok(
        'fallback alias',
        active.length ? `fallback active: ${active.join('; ')}` : `no alias routes ${SPARK_MODEL} elsewhere`,
      ),
    );
  }
  return findings;
}
