// /v1/models is read as a stream: any list reads as JSON.parse would read it, cut anywhere, and the
// wrong shapes still get their one-line explanations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBodySink } from '../../src/gateway/json-body.js';
import { MODELS_PATH, ModelsReader, parseModels, type ModelList } from '../../src/gateway/models.js';

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

/** What a list says, as plain values. */
const plain = (list: ModelList) => ({
  entries: list.entries,
  owners: [...list.owners.keys()].map((id) => [id, list.owners.get(id)]),
  entriesByOwner: [...list.entriesByOwner],
});

const held = (text: string) =>
  parseModels({ path: MODELS_PATH, status: 200, headers: {}, body: Buffer.from(text), durationMs: 0 });

describe('/v1/models as a stream', () => {
  it('reads any list as JSON.parse would, cut anywhere', () => {
    const entry = fc.record(
      {
        // ASCII (kept as bytes), escaped, non-ASCII and lone surrogates (kept as strings, then bytes)
        id: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('a', '\ud800', 'a\udc00', 'é', '"')),
        object: fc.constant('model'),
        owned_by: fc.oneof(fc.string(), fc.constant(null)),
        extra: fc.jsonValue(),
      },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 6 }), (data, cuts) => {
        const text = JSON.stringify({ object: 'list', data });
        // The obvious fold over JSON.parse's reading, as the reference.
        const owners = new Map<string, string[]>();
        const counts = new Map<string, number>();
        for (const d of data) {
          const owner = typeof d.owned_by === 'string' ? d.owned_by : 'unknown';
          const list = owners.get(d.id) ?? [];
          if (!list.includes(owner)) list.push(owner);
          owners.set(d.id, list);
          counts.set(owner, (counts.get(owner) ?? 0) + 1);
        }
        const expected = { entries: data.length, owners: [...owners], entriesByOwner: [...counts] };
        expect(plain(streamed(text, cuts))).toEqual(expected);
      }),
    );
  });

  it('folds an id however it is written: escaped, raw UTF-8, or a lone surrogate', () => {
    const list = held(
      '{"data":[{"id":"a","owned_by":"x"},{"id":"\\u0061","owned_by":"y"},{"id":"\\u00e9"},{"id":"é"},' +
        '{"id":"\\ud800"},{"id":"\\udc00"},{"id":"\\ud800","owned_by":"z"}]}',
    );
    expect(plain(list)).toEqual({
      entries: 7,
      owners: [
        ['a', ['x', 'y']],
        ['é', ['unknown']],
        ['\ud800', ['unknown', 'z']],
        ['\udc00', ['unknown']],
      ],
      entriesByOwner: [
        ['x', 1],
        ['y', 1],
        ['unknown', 4],
        ['z', 1],
      ],
    });
    expect(list.owners.has('\u00e9')).toBe(true);
    expect(list.owners.get('\ud800\udc00')).toBeUndefined();
    expect(list.owners.find('\udc00').map((m) => m.id)).toEqual(['\udc00']);
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
