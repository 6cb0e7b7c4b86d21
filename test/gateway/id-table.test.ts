// The id table is a Map<string, number> in flat memory: any strings (ASCII, UTF-8, lone surrogates),
// added as strings or as bytes, find and decode as a Map would, in the order added, past many rehashes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable, idQuery } from '../../src/gateway/id-table.js';

const FREE = -1;
const anyId = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', 'a', '\ud800', '\udc00', 'é'));

describe('IdTable', () => {
  it('agrees with a Map on any strings', () => {
    fc.assert(
      fc.property(fc.array(anyId, { maxLength: 200 }), fc.array(anyId, { maxLength: 20 }), (added, probes) => {
        const table = new IdTable();
        const map = new Map<string, number>();
        added.forEach((id, i) => {
          const slot = table.add(id, i);
          if (map.has(id)) expect(table.value(slot)).toBe(map.get(id));
          else {
            expect(slot).toBe(FREE);
            map.set(id, i);
          }
        });
        expect(table.size).toBe(map.size);
        expect(Array.from({ length: table.size }, (_, s) => table.id(s))).toEqual([...map.keys()]);
        for (const id of [...added, ...probes]) {
          const slot = table.find(id);
          expect(slot >= 0 ? table.value(slot) : undefined).toBe(map.get(id));
        }
      }),
    );
  });

  it('matches an id exactly or by its end, as strings do', () => {
    fc.assert(
      fc.property(fc.array(anyId, { maxLength: 30 }), anyId, (ids, text) => {
        const table = new IdTable();
        for (const id of ids) table.add(id, 0);
        const query = idQuery(text);
        for (let s = 0; s < table.size; s++) {
          const id = table.id(s);
          expect(table.matches(s, query, false)).toBe(id === text);
          expect(table.matches(s, query, true)).toBe(id.endsWith(text));
        }
      }),
    );
  });

  it('takes ASCII bytes as the same ids as their strings, across 300k ids and many rehashes', () => {
    const table = new IdTable();
    let added = 0;
    for (let i = 0; i < 300_000; i++) {
      const bytes = Buffer.from(`model-${i}`);
      if (table.addBytes(bytes, 0, bytes.length, i) === FREE) added++;
    }
    expect(added).toBe(300_000);
    expect(table.add('model-123', 0)).toBe(123);
    expect(table.find('model-299999')).toBe(299_999);
    expect(table.find('model-300000')).toBe(FREE);
    expect(table.id(42)).toBe('model-42');
    expect(table.size).toBe(300_000);
  });
});
