// The model-routing playbooks: "Wrong Provider Selected", "Missing Models in /v1/models" and
// "502 unknown provider for model ...". Each reads where an id can come from: provider blocks
// (openai-compatibility), OAuth aliases, exclusions, force-model-prefix, the credentials, and whether
// the last config edit was reloaded.
import { excludedBy } from '../../gateway/settings.js';
import { cannotTell, type Evidence } from './evidence.js';
import { isFork, listedForKey, versionAtLeast } from './common.js';
import { ok, problem, unknown, type Finding } from './findings.js';

export const WRONG_PROVIDER_STEPS = [
  'Inspect force-model-prefix and the model names in the requests.',
  'Verify alias collisions across provider blocks: the same id in two blocks is one pool, the highest priority among ready credentials wins, a tie round-robins.',
  'Prefer explicit prefix/model calls for sensitive workloads.',
];
export const MISSING_MODEL_STEPS = [
  'Confirm the provider block is enabled and its auth loaded (GET /v0/management/auth-files).',
  'Check model filters (models, excluded-models) and prefix constraints.',
  'Verify the upstream provider currently serves the requested model.',
];
export const UNKNOWN_PROVIDER_STEPS = [
  'Ensure the requested model appears in /v1/models for the same client key.',
  'Verify oauth-model-alias entries are still present after config edits/reloads.',
  'Re-add missing alias bridge entries (for example the Antigravity Claude thinking aliases).',
  'Reload the config and re-run `provops check model-inventory antigravity-aliases` before retrying requests.',
];

/** The known bridges the runbook names: a client-facing alias and the channel entry that provides it. */
const BRIDGES: Record<string, { channel: string; name: string }> = {
  'gemini-claude-opus-4-6-thinking': { channel: 'antigravity', name: 'claude-opus-4-6-thinking' },
};

const split = (model: string) => {
  const i = model.indexOf('/');
  return i > 0 ? { prefix: model.slice(0, i), bare: model.slice(i + 1) } : { prefix: undefined, bare: model };
};
const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Where the configuration says the id comes from, and what hides it. */
async function sources(ev: Evidence, model: string): Promise<Finding[]> {
  const { bare } = split(model);
  const out: Finding[] = [];
  const [compat, aliases, excluded] = await Promise.all([ev.compat(), ev.aliases(), ev.excluded()]);
  const declared: string[] = [];
  if (!compat.ok) out.push(cannotTell('provider blocks', 'GET /v0/management/openai-compatibility', compat.why));
  else
    for (const b of compat.value) {
      const m = b.models.find((x) => same(x.alias ?? x.name, bare) || same(x.name, bare));
      if (!m) continue;
      declared.push(
        `openai-compatibility "${b.name}" (prefix ${b.prefix ?? 'none'}, priority ${b.priority}) lists ${m.name}${m.alias ? ` as ${m.alias}` : ''}`,
      );
      const hidden = excludedBy(b.excludedModels, m.alias ?? m.name) ?? excludedBy(b.excludedModels, m.name);
      if (hidden)
        out.push(
          problem(
            'excluded',
            'fail',
            `${bare} is hidden by provider block "${b.name}": excluded-models "${hidden}"`,
            ['excluded-models is applied before aliases and prefixes, case-insensitively, * matching anything'],
            [`Remove "${hidden}" from excluded-models of "${b.name}" (or narrow it), then re-run the inventory.`],
          ),
        );
    }
  if (!aliases.ok) out.push(cannotTell('oauth-model-alias', 'GET /v0/management/oauth-model-alias', aliases.why));
  else
    for (const [channel, list] of Object.entries(aliases.value))
      for (const e of list)
        if (same(e.alias, bare))
          declared.push(`oauth-model-alias.${channel}: ${e.name} → ${e.alias}${e.fork ? ' (fork: true)' : ''}`);
  if (!excluded.ok)
    out.push(cannotTell('oauth-excluded-models', 'GET /v0/management/oauth-excluded-models', excluded.why));
  else
    for (const [channel, patterns] of Object.entries(excluded.value)) {
      const hit = excludedBy(patterns, bare);
      if (hit)
        out.push(
          problem(
            'excluded',
            'fail',
            `${bare} matches oauth-excluded-models.${channel} "${hit}": ${channel} credentials do not serve it`,
            ['excluded-models is applied before aliases and prefixes, case-insensitively'],
            [
              `Remove or narrow "${hit}" in oauth-excluded-models.${channel} if ${bare} should be served; reload the config.`,
            ],
          ),
        );
    }
  if (compat.ok && aliases.ok)
    out.push(
      declared.length
        ? ok(
            'declared by',
            `${declared.length} config entr${declared.length === 1 ? 'y' : 'ies'} expose ${bare}`,
            declared,
          )
        : unknown(
            'declared by',
            `no provider block or OAuth alias names ${bare}: it can only come from a provider's own catalog`,
          ),
    );
  return out;
}

export async function triageWrongProvider(ev: Evidence, model: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { prefix, bare } = split(model);
  const [owners, force] = await Promise.all([ev.owners(), ev.forcePrefix()]);
  findings.push(
    force.ok
      ? ok('force-model-prefix', `force-model-prefix is ${force.value}`, [
          force.value
            ? 'un-prefixed ids are not listed for prefixed credentials'
            : 'credentials with a prefix also serve the bare id',
        ])
      : cannotTell('force-model-prefix', 'GET /v0/management/force-model-prefix', force.why),
  );
  if (!owners.ok) findings.push(cannotTell('providers serving it', 'GET /v1/models', owners.why));
  else {
    const served = owners.value.get(model) ?? [];
    if (!served.length)
      findings.push(
        problem(
          'providers serving it',
          'fail',
          `${model} is not in GET /v1/models for this key at all`,
          [],
          ['Run `provops triage missing-model --model ' + model + '`.'],
        ),
      );
    else if (served.length > 1)
      findings.push(
        problem(
          'providers serving it',
          'warn',
          `${model} is served by ${served.length} providers: ${served.join(', ')} — one mixed pool`,
          [
            'the gateway picks the highest priority among ready credentials; on a tie it round-robins across providers, then credentials (not first-wins)',
          ],
          [
            prefix
              ? `Use a prefix only one provider carries for ${bare}.`
              : `Call ${bare} as <prefix>/${bare} for the provider you mean, or remove the duplicate alias from the other block.`,
          ],
        ),
      );
    else findings.push(ok('providers serving it', `${model} is served by one provider: ${served[0]}`));
  }
  const fromConfig = await sources(ev, model);
  const decl = fromConfig.find((f) => f.check === 'declared by');
  const blocks = decl?.evidence.filter((e) => e.startsWith('openai-compatibility')) ?? [];
  if (blocks.length && decl) {
    const priorities = blocks.map((b) => Number(/priority (-?\d+)/.exec(b)?.[1] ?? 0));
    if (Math.max(...priorities) > 0)
      findings.push(
        problem(
          'priority',
          'warn',
          `a provider block exposing ${bare} has priority ${Math.max(...priorities)}: it wins every request its credentials are ready for`,
          blocks,
          [`Lower the priority of the block that should not win ${bare}, or give it a prefix.`],
        ),
      );
  }
  return [...findings, ...fromConfig];
}

export async function triageMissingModel(ev: Evidence, model: string): Promise<Finding[]> {
  const listed = await listedForKey(ev, model);
  if (listed.listed) return [listed.finding];
  const findings: Finding[] = [listed.finding];
  const { prefix } = split(model);
  const force = await ev.forcePrefix();
  if (force.ok && force.value && !prefix)
    findings.push(
      problem(
        'force-model-prefix',
        'warn',
        'force-model-prefix is true: credentials with a prefix list only <prefix>/<id>',
        [],
        [`Ask for <prefix>/${model}.`],
      ),
    );
  findings.push(...(await sources(ev, model)));
  const files = await ev.authFiles();
  if (!files.ok) findings.push(cannotTell('credentials', 'GET /v0/management/auth-files', files.why));
  else {
    const down = files.value.filter((f) => f.unavailable || f.disabled);
    findings.push(
      down.length
        ? problem(
            'credentials',
            'warn',
            `${down.length} credential(s) suspended or disabled: a model only they serve leaves /v1/models until they recover`,
            down.map((f) => `${f.provider} ${f.label}: ${f.statusMessage ?? f.status ?? 'unavailable'}`),
          )
        : ok('credentials', `all ${files.value.length} credential(s) available`),
    );
  }
  return findings;
}

export async function triageUnknownProvider(ev: Evidence, model: string): Promise<Finding[]> {
  const listed = await listedForKey(ev, model);
  const findings: Finding[] = [listed.finding];
  const { bare } = split(model);
  const bridge = BRIDGES[bare];
  const aliases = await ev.aliases();
  if (bridge && aliases.ok) {
    const entry = (aliases.value[bridge.channel] ?? []).find((e) => same(e.alias, bare) && same(e.name, bridge.name));
    findings.push(
      entry
        ? ok(
            'alias bridge',
            `oauth-model-alias.${bridge.channel} has ${bridge.name} → ${bare}${entry.fork ? ' (fork: true)' : ''}`,
          )
        : problem(
            'alias bridge',
            'fail',
            `oauth-model-alias.${bridge.channel} has no ${bridge.name} → ${bare} entry`,
            [
              `current ${bridge.channel} entries: ${(aliases.value[bridge.channel] ?? []).map((e) => `${e.name} → ${e.alias}`).join(', ') || 'none'}`,
            ],
            [
              `Re-add the bridge: oauth-model-alias.${bridge.channel}: [{name: ${bridge.name}, alias: ${bare}, fork: true}] (fork keeps both ids listed), reload, re-run the inventory.`,
            ],
          ),
    );
  }
  if (listed.listed === false || listed.listed === undefined) findings.push(...(await sources(ev, model)));
  findings.push(await reloadFinding(ev));
  findings.push(versionFinding(ev.version));
  return findings;
}

/** Was the last config edit reloaded? "config file changed, reloading" followed by "...successfully reloaded". */
async function reloadFinding(ev: Evidence): Promise<Finding> {
  const logs = await ev.logs();
  if (!logs.ok) return cannotTell('config reload', `the last ${ev.windowMinutes} min of the log`, logs.why);
  const events = logs.value.filter((e) =>
    /config file changed|config successfully reloaded|failed to reload config/i.test(e.message),
  );
  const last = events.at(-1);
  if (!last) return ok('config reload', `no config change in the last ${ev.windowMinutes} min of the log`);
  const at = new Date(last.at).toISOString();
  if (/failed to reload/i.test(last.message))
    return problem(
      'config reload',
      'fail',
      `the last reload failed at ${at}: the gateway still runs the previous config`,
      [last.message],
      ['Fix the config error the log names, then save again (the gateway reloads on change).'],
    );
  if (/changed/i.test(last.message))
    return problem(
      'config reload',
      'warn',
      `a config change at ${at} has no "config successfully reloaded" after it`,
      events.map((e) => `${new Date(e.at).toISOString()} ${e.message}`),
      ['Check the log for a reload error after the last edit; save the file again if the reload never happened.'],
    );
  return ok(
    'config reload',
    `config reloaded at ${at}`,
    events.map((e) => `${new Date(e.at).toISOString()} ${e.message}`),
  );
}

function versionFinding(version: string | undefined): Finding {
  if (!version)
    return unknown(
      'error shape',
      'gateway version unknown (needs a management answer): an unknown model is 502 or 400 depending on it',
    );
  const code =
    isFork(version) || !versionAtLeast(version, [7, 2, 121])
      ? versionAtLeast(version, [6, 7, 40]) || isFork(version)
        ? '502 "unknown provider for model X"'
        : '400 invalid_request_error'
      : '400 model_not_found ("unknown provider for model X")';
  return ok('error shape', `${version} answers an unroutable model with ${code}`, [
    '502 on v6.7.40–v7.2.120 and cliproxyapi++; 400 model_not_found from v7.2.121; 400 invalid_request_error up to v6.7.39',
  ]);
}
