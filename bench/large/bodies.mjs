// Large gateway answers, generated as a stream of chunks so that the bench's own memory stays flat
// (the process under test is measured, not this one). Shapes follow what the gateway serves
// (/work/shared/reference): usage details keyed by client key and model, an OpenAI model list,
// auth-files {"files":[...]}, and the logs API {"lines":[...]}.

import { accessLine } from '../../dist/src/simulator/access-log.js';

const CHUNK_ITEMS = 2000;

function* chunked(head, count, item, tail) {
  yield head;
  for (let i = 0; i < count; i += CHUNK_ITEMS) {
    const parts = [];
    for (let j = i; j < Math.min(count, i + CHUNK_ITEMS); j++) parts.push((j ? ',' : '') + item(j));
    yield parts.join('');
  }
  yield tail;
}

const pad = (n, w) => String(n).padStart(w, '0');

/** Go's RFC 3339 nano with a +08:00 offset, one detail every `stepMs` back from `endMs`. */
function stamp(ms) {
  const local = new Date(ms + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}.${pad(local.getUTCMilliseconds(), 3)}${pad((ms * 7919) % 1000000, 6)}+08:00`;
}

/** /v0/management/usage with `details` request details over two client keys and three models. */
export function usage(details, endMs) {
  const models = ['gpt-5.3-codex-spark', 'gpt-5.3-codex', 'claude-opus-4-6-thinking'];
  const keys = ['sk-bench-client-key-one-0000000000', 'sk-bench-client-key-two-1111111111'];
  const groups = keys.flatMap((k) => models.map((m) => [k, m]));
  const per = Math.ceil(details / groups.length);
  const failedEvery = 37;
  function* body() {
    yield `{"usage":{"total_requests":${details},"success_count":${details - Math.floor(details / failedEvery)},"failure_count":${Math.floor(details / failedEvery)},"total_tokens":${details * 21},"apis":{`;
    let n = 0;
    for (const [ki, key] of keys.entries()) {
      yield `${ki ? ',' : ''}"${key}":{"total_requests":${per * models.length},"total_tokens":0,"models":{`;
      for (const [mi, model] of models.entries()) {
        const count = Math.min(per, details - n);
        const base = n;
        yield* chunked(
          `${mi ? ',' : ''}"${model}":{"total_requests":${count},"total_tokens":${count * 21},"details":[`,
          Math.max(0, count),
          (j) => {
            const i = base + j;
            return `{"timestamp":"${stamp(endMs - i * 250)}","source":"user${i % 40}@example.com","auth_index":"${pad((i % 40).toString(16), 16)}","tokens":{"input_tokens":12,"output_tokens":9,"reasoning_tokens":0,"cached_tokens":0,"total_tokens":21},"failed":${i % failedEvery === 0}}`;
          },
          ']}',
        );
        n += Math.max(0, count);
      }
      yield '}}';
    }
    yield `},"requests_by_day":{"2026-11-26":${details}},"requests_by_hour":{"11":${details}}},"failed_requests":${Math.floor(details / failedEvery)}}`;
  }
  return body();
}

/** /v1/models with `count` entries: distinct ids, or (`sameId`) one id listed by `count` owners. */
export function models(count, { sameId = false } = {}) {
  return chunked(
    '{"object":"list","data":[',
    count,
    (i) =>
      `{"id":"${sameId ? 'gpt-5.3-codex' : `model-${pad(i, 7)}`}","object":"model","created":1770307200,"owned_by":"${sameId ? `owner-${i}` : ['openai', 'anthropic', 'google'][i % 3]}"}`,
    ']}',
  );
}

/** /v0/management/auth-files with `count` credentials, every one Kiro, labels repeating in pairs. */
export function authFiles(count) {
  return chunked(
    '{"files":[',
    count,
    (i) =>
      `{"id":"kiro-${i}.json","name":"kiro-${i}.json","provider":"kiro","label":"account-${i >> 1}","auth_index":"${pad(i.toString(16), 16)}","status":"active","disabled":false}`,
    ']}',
  );
}

/** /v0/management/logs with `count` access lines (the simulator's exact format, UTC wall clock) up to `endMs`. */
export function logLines(count, endMs) {
  const statuses = [200, 200, 200, 200, 200, 200, 429, 500];
  return chunked(
    '{"lines":[',
    count,
    (i) => {
      const wallClock = new Date(endMs - (count - i) * 50).toISOString().slice(0, 19).replace('T', ' ');
      const line = accessLine('plus', {
        wallClock,
        requestId: pad(i.toString(16), 8),
        status: statuses[i % 8],
        latencyMs: 1234,
        clientIp: `10.0.0.${i % 200}`,
        method: 'POST',
        path: '/v1/chat/completions',
      });
      return JSON.stringify(line);
    },
    `],"line-count":${count},"latest-timestamp":${Math.floor(endMs / 1000)}}`,
  );
}
