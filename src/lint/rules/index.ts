// The ordered registry of lint rules: the only list of rule ids. Order: what the loader ignores or
// drops, then routing, then the runbook's production pattern, then operations, then --from-gateway.
import type { AnyRule } from '../rule.js';
import aliasEqualsName from './alias-equals-name.js';
import antigravityThinkingAlias from './antigravity-thinking-alias.js';
import compatWithoutModels from './compat-without-models.js';
import debugLogging from './debug-logging.js';
import droppedByGateway from './dropped-by-gateway.js';
import duplicateAlias from './duplicate-alias.js';
import excludedExpectedId from './excluded-expected-id.js';
import forceModelPrefix from './force-model-prefix.js';
import legacyKey from './legacy-key.js';
import loggingToFileOff from './logging-to-file-off.js';
import managementWithoutSecret from './management-without-secret.js';
import missingBaseUrl from './missing-base-url.js';
import missingFromModels from './missing-from-models.js';
import mixedPool from './mixed-pool.js';
import noClientApiKeys from './no-client-api-keys.js';
import noPrefixes from './no-prefixes.js';
import prefixSlash from './prefix-slash.js';
import requestLog from './request-log.js';
import routingStrategy from './routing-strategy.js';
import singleCredential from './single-credential.js';
import unknownKey from './unknown-key.js';
import usageStatisticsOff from './usage-statistics-off.js';
import workloadWithoutAlternate from './workload-without-alternate.js';

export const rules: readonly AnyRule[] = [
  unknownKey,
  legacyKey,
  missingBaseUrl,
  compatWithoutModels,
  prefixSlash,
  aliasEqualsName,
  duplicateAlias,
  routingStrategy,
  mixedPool,
  forceModelPrefix,
  excludedExpectedId,
  antigravityThinkingAlias,
  singleCredential,
  workloadWithoutAlternate,
  noPrefixes,
  managementWithoutSecret,
  debugLogging,
  requestLog,
  loggingToFileOff,
  usageStatisticsOff,
  noClientApiKeys,
  droppedByGateway,
  missingFromModels,
];

export function findRule(id: string): AnyRule | undefined {
  return rules.find((r) => r.id === id);
}
