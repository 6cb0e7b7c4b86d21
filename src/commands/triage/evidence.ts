// What triage reads from the gateway, each fetched at most once and only when a symptom asks for it:
// the listing for this key, the alias/exclusion/compat settings, credentials, usage and the recent log.
import type { Gateway } from '../../gateway/client.js';
import { fetchAuthFiles, type AuthFile } from '../../gateway/auth-files.js';
import { fetchManagementLogs } from '../../gateway/logs.js';
import { fetchModels, type ModelList, type ModelOwners } from '../../gateway/models.js';
import { whyUnavailable, type Failed, type Outcome } from '../../gateway/read.js';
import {
  fetchAliasMap,
  fetchCompatBlocks,
  fetchExcludedModels,
  fetchForceModelPrefix,
  type AliasMap,
  type CompatBlock,
} from '../../gateway/settings.js';
import { fetchUsage, type UsageSnapshot } from '../../gateway/usage.js';
import { readLogEntries, type LogEntry } from '../../logs/entries.js';
import { messageOf } from '../../errors.js';
import type { Zone } from '../../timezone.js';
import { unknown, type Finding } from './findings.js';

export type Got<T> = { ok: true; value: T } | { ok: false; why: string };

function got<T>(outcome: Outcome<T>): Got<T> {
  return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, why: whyUnavailable(outcome as Failed<T>) };
}

export class Evidence {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly gateway: Gateway,
    readonly signal: AbortSignal,
    readonly now: Date,
    readonly zone: Zone,
    readonly windowMinutes: number,
  ) {}

  private once<T>(key: string, fetch: () => Promise<Outcome<T>>): Promise<Got<T>> {
    let p = this.memo.get(key) as Promise<Got<T>> | undefined;
    if (!p) {
      p = fetch().then(got);
      this.memo.set(key, p);
    }
    return p;
  }

  /** X-CPA-VERSION from any answer so far (the gateway client notes it on every answer). */
  get version(): string | undefined {
    return this.gateway.version()?.version;
  }

  models(): Promise<Got<ModelList>> {
    return this.once('models', () => fetchModels(this.gateway, this.signal));
  }
  async owners(): Promise<Got<ModelOwners>> {
    const m = await this.models();
    return m.ok ? { ok: true, value: m.value.owners } : m;
  }
  aliases(): Promise<Got<AliasMap>> {
    return this.once('aliases', () => fetchAliasMap(this.gateway, this.signal));
  }
  excluded(): Promise<Got<Record<string, string[]>>> {
    return this.once('excluded', () => fetchExcludedModels(this.gateway, this.signal));
  }
  compat(): Promise<Got<CompatBlock[]>> {
    return this.once('compat', () => fetchCompatBlocks(this.gateway, this.signal));
  }
  forcePrefix(): Promise<Got<boolean>> {
    return this.once('force', () => fetchForceModelPrefix(this.gateway, this.signal));
  }
  authFiles(): Promise<Got<AuthFile[]>> {
    return this.once('auth-files', () => fetchAuthFiles(this.gateway, this.signal));
  }
  usage(): Promise<Got<UsageSnapshot>> {
    return this.once('usage', () => fetchUsage(this.gateway, this.signal));
  }

  /** The log lines of the last `windowMinutes`, through GET /v0/management/logs?after=. */
  logs(): Promise<Got<LogEntry[]>> {
    let p = this.memo.get('logs') as Promise<Got<LogEntry[]>> | undefined;
    if (!p) {
      const from = this.now.getTime() - this.windowMinutes * 60_000;
      p = fetchManagementLogs(this.gateway, Math.floor(from / 1000), this.signal).then(
        (o): Got<LogEntry[]> => {
          if (o.kind === 'unavailable') return { ok: false, why: o.reason };
          if (o.kind === 'status') return { ok: false, why: whyUnavailable({ ok: false, response: o.response }) };
          const entries = readLogEntries(o.lines.strings(), this.zone).filter(
            (e) => e.at > from && e.at <= this.now.getTime(),
          );
          return { ok: true, value: entries };
        },
        (err: unknown): Got<LogEntry[]> => ({ ok: false, why: messageOf(err) }),
      );
      this.memo.set('logs', p);
    }
    return p;
  }
}

/** An unknown finding for evidence that could not be had. */
export function cannotTell(check: string, what: string, why: string): Finding {
  return unknown(check, `could not read ${what}`, [why]);
}
