// No client api-keys: every request is allowed (or, with template keys, refused).
import { defineRule } from '../rule.js';

interface Data {
  state: 'none' | 'template';
  key: string;
}

const TEMPLATE = /^your-api-key(-\d+)?$/i;

export default defineRule<Data>({
  id: 'no-client-api-keys',
  severity: 'error',
  title: 'No usable client api-keys',
  description:
    "With no client api-keys the gateway registers no access provider and allows every request from anyone who can reach it. With the example's template keys (your-api-key-1 …) upstream refuses every /v1 call with 403 unsafe_example_api_key (safe mode).",
  runbook: 'Onboard a New Provider',
  message: (d) =>
    d.state === 'none'
      ? `${d.key} is empty or missing: the gateway lets every request through without a key`
      : `${d.key} still holds the example's template keys: upstream answers every /v1 call 403 (safe mode), and anyone knowing the example can call the fork`,
  fix: () => 'Set your own client keys under api-keys (v8: access.api-keys).',
  check(ctx) {
    const ck = ctx.view.clientKeys;
    // In v8 the client keys live under access (a top-level api-keys list is the legacy spelling).
    const key = ctx.view.layout === 'v8' && ck.where?.path[0] !== 'api-keys' ? 'access.api-keys' : 'api-keys';
    const where = ck.where ?? { path: key.split('.'), pos: { line: 1, column: 1 } };
    if (!ck.values.some((v) => v.value.trim())) return [{ where, data: { state: 'none', key } }];
    const template = ck.values.find((v) => TEMPLATE.test(v.value.trim()));
    return template ? [{ where: template.where, data: { state: 'template', key } }] : [];
  },
});
