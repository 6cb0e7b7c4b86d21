// Whether a provider family is on this gateway at all, for the checks that only mean something where
// it is (Antigravity aliases, Codex Spark): the model list for the run's API key first, then, when that
// shows none, the credentials (which need the management key). A check then skips, naming why, rather
// than fail on a gateway that never had the provider.
import type { CheckContext } from '../../src/check.js';
import { describeCooldowns, type AuthFile } from '../../src/gateway/auth-files.js';
import type { ModelList } from '../../src/gateway/models.js';

export interface Family {
  /** For summaries: "Antigravity", "Codex/Copilot". */
  name: string;
  /** /v1/models owned_by values of the family. */
  owners: string[];
  /** auth-files provider values of the family. */
  providers: string[];
  /** Ids that belong to it whoever owns them (aliases, prefixed ids). */
  ids: (id: string) => boolean;
}

export type Presence =
  | { present: true; details: string[] }
  /** `reason`: the skip summary. */
  | { present: false; reason: string; details: string[] };

/** Whether any entry is owned by the family or has one of its ids. */
export function listsFamily(family: Family, list: ModelList): boolean {
  for (const owner of list.entriesByOwner.keys()) if (family.owners.includes(owner.toLowerCase())) return true;
  for (const id of list.owners.keys()) if (family.ids(id)) return true;
  return false;
}

export async function presence(ctx: CheckContext<unknown>, family: Family, list: ModelList): Promise<Presence> {
  if (listsFamily(family, list)) return { present: true, details: [] };
  const noModel = `no ${family.name} model is listed for this API key (owned_by ${family.owners.join('/')})`;
  if (!ctx.gateway.hasManagementKey)
    return {
      present: false,
      reason: `no ${family.name} provider seen on this gateway for this key: ${noModel}, and without a management key its credentials cannot be checked (set PROVOPS_MANAGEMENT_KEY, or require the check to make its absence a fail)`,
      details: [],
    };
  const outcome = await ctx.shared.credentials();
  if (!outcome.ok) {
    // Cannot tell whether the provider exists: judge as before (its absence from the list is the finding).
    return { present: true, details: [`credentials could not be read to tell whether ${family.name} is configured`] };
  }
  const ours = outcome.value.filter((f) => family.providers.includes(f.provider));
  if (ours.length) return { present: true, details: ours.map((f) => credentialLine(f)) };
  return {
    present: false,
    reason: `no ${family.name} provider on this gateway for this key: ${noModel}, and none of its ${outcome.value.length} credential(s) is ${family.providers.join('/')}`,
    details: [],
  };
}

/** "antigravity user@example.com: error, unavailable, cooling down (…)": a credential of the family. */
export function credentialLine(f: AuthFile): string {
  const state = [
    f.status,
    f.disabled ? 'disabled' : '',
    f.unavailable ? 'unavailable' : '',
    describeCooldowns(f) ?? '',
    Object.keys(f.quotaSignals).length
      ? `quota signals (advisory): ${Object.entries(f.quotaSignals)
          .slice(0, 3)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`
      : '',
  ].filter(Boolean);
  return `credential ${f.provider} ${f.label}: ${state.join(', ') || 'listed'}`;
}

export const ANTIGRAVITY: Family = {
  name: 'Antigravity',
  owners: ['antigravity'],
  providers: ['antigravity'],
  ids: (id) => /(^|\/)(gemini-)?claude-opus-4-6-thinking$/.test(id),
};

export const CODEX: Family = {
  name: 'Codex/Copilot',
  owners: ['openai', 'github-copilot', 'codex'],
  providers: ['codex', 'github-copilot'],
  ids: (id) => /codex/i.test(id),
};
