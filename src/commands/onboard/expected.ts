// Onboard step 4: each expected id is listed as <prefix>/<id> (and bare, unless force-model-prefix)
// for this API key; a missing one gets its likely cause from the config when the management key allows.
import { excludedBy, type CompatBlock } from '../../gateway/settings.js';
import type { Evidence } from '../triage/evidence.js';

export interface ExpectedId {
  id: string;
  /** <prefix>/<id>, what clients of the new prefix ask for. */
  model: string;
  listed: boolean;
  /** null when not judged (force-model-prefix on, or unknown). */
  bareListed: boolean | null;
  owners: readonly string[];
  status: 'pass' | 'warn' | 'fail';
  cause: string | undefined;
}

export interface ExpectedCheck {
  status: 'pass' | 'warn' | 'fail' | 'error';
  summary: string;
  ids: ExpectedId[];
  notes: string[];
}

const lower = (s: string | undefined) => s?.toLowerCase();

function causeFromConfig(blocks: CompatBlock[], prefix: string, id: string): string {
  const block = blocks.find((b) => lower(b.prefix) === lower(prefix));
  if (!block)
    return `no openai-compatibility block has prefix "${prefix}" in the running config (a block without base-url is dropped; a prefix with an inner "/" is discarded; or the config was not reloaded)`;
  const model = block.models.find((m) => lower(m.alias ?? m.name) === lower(id) || lower(m.name) === lower(id));
  if (!model) return `provider block "${block.name}" (prefix ${prefix}) does not list ${id} in its models`;
  const hidden =
    excludedBy(block.excludedModels, model.alias ?? model.name) ?? excludedBy(block.excludedModels, model.name);
  if (hidden) return `excluded by "${hidden}" in excluded-models of provider block "${block.name}"`;
  return `provider block "${block.name}" lists ${model.name}${model.alias ? ` as ${model.alias}` : ''}, yet it is not registered: are its api-key-entries loaded, does the upstream serve it?`;
}

export async function checkExpected(ev: Evidence, prefix: string, ids: string[]): Promise<ExpectedCheck> {
  const owners = await ev.owners();
  if (!owners.ok)
    return { status: 'error', summary: `could not read GET /v1/models: ${owners.why}`, ids: [], notes: [] };
  const [force, compat] = await Promise.all([ev.forcePrefix(), ev.compat()]);
  const notes: string[] = [];
  if (!force.ok) notes.push(`force-model-prefix unknown (${force.why}): bare ids not judged`);
  if (!compat.ok) notes.push(`provider blocks unreadable (${compat.why}): causes not named`);
  const result = ids.map((id): ExpectedId => {
    const model = `${prefix}/${id}`;
    const listedOwners = owners.value.get(model) ?? [];
    const listed = listedOwners.length > 0;
    const bareListed = force.ok && !force.value ? owners.value.has(id) : null;
    if (!listed)
      return {
        id,
        model,
        listed,
        bareListed,
        owners: [],
        status: 'fail',
        cause: compat.ok ? causeFromConfig(compat.value, prefix, id) : 'cause unknown without the management key',
      };
    if (bareListed === false)
      return {
        id,
        model,
        listed,
        bareListed,
        owners: listedOwners,
        status: 'warn',
        cause: `listed only as ${model}, although force-model-prefix is false (the gateway registers both)`,
      };
    return { id, model, listed, bareListed, owners: listedOwners, status: 'pass', cause: undefined };
  });
  const missing = result.filter((r) => r.status === 'fail');
  const status = missing.length ? 'fail' : result.some((r) => r.status === 'warn') ? 'warn' : 'pass';
  const summary = missing.length
    ? `${missing.length} of ${ids.length} expected id(s) missing from GET /v1/models for this key: ${missing.map((m) => m.model).join(', ')}`
    : `all ${ids.length} expected id(s) listed as ${prefix}/<id> for this key`;
  return { status, summary, ids: result, notes };
}
