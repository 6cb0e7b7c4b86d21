// /v1/models is read as a stream: any list reads as JSON.parse would read it, cut anywhere, and the
// wrong shapes still get their one-line explanations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBodySink } from '../../src/gateway/json-body.js';
import { MODELS_PATH, ModelsReader, parseModels } from '../../src/gateway/models.js';

function streamed(text: string, cuts: number[]) {
  const bytes = Buffer.from(text);
  const reader = new ModelsReader(MODELS_PATH, 200);
  const sink = jsonBodySink(MODELS_PATH, 200, {}, reader);
  let at = 0;
  for (const cut of cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b)) {
    sink.write(bytes.subarray(at, cut));
    at = cut;
  }
  sink.write(bytes.subarray(at));
  sink.end();
  return reader.result();
}

const held = (text: string) =>
  parseModels({ path: MODELS_PATH, status: 200, headers: {}, body: Buffer.from(text), durationMs: 0 });

describe('/v1/models as a stream', () => {
  it('reads any list as JSON.parse would, cut anywhere', () => {
    const entry = fc.record(
      {
        id: fc.string(),
        object: fc.constant('model'),
        owned_by: fc.oneof(fc.string(), fc.constant(null)),
        extra: fc.jsonValue(),
      },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 6 }), (data, cuts) => {
        const text = JSON.stringify({ object: 'list', data });
        const expected = data.map((d) => ({
          id: d.id,
          ownedBy: typeof d.owned_by === 'string' ? d.owned_by : 'unknown',
        }));
        expect(streamed(text, cuts)).toEqual(expected);
      }),
    );
  });

  it.each([
    ['{"models":[]}', 'but the body is not an OpenAI model list'],
    ['{"data":{}}', 'but the body is not an OpenAI model list ({"object":"list","data":[...]}): "{"data":{}}"'],
    ['[]', 'but the body is not an OpenAI model list'],
    ['{"data":[{"object":"model"}]}', 'but a model entry has no string "id"'],
    ['{"data":[1]}', 'but a model entry has no string "id"'],
    ['{"data":[{"id":1}]}', 'but a model entry has no string "id"'],
    ['{"data":[{"id":"a"}', 'with truncated JSON (19 bytes: "{"data":[{"id":"a"}")'],
  ])('explains %s', (text, said) => {
    expect(() => held(text)).toThrow(said);
  });
});
