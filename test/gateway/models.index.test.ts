// The owner index is a plain fold over the list: the same answer for a list of any length, with each
// owner once per id in listed order, whether an id has two owners or thousands (a hostile list).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelList, type ModelEntry } from '../../src/gateway/models.js';

/** The obvious quadratic definition, as the reference. */
function reference(entries: ModelEntry[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const e of entries) {
    const list = owners.get(e.id) ?? [];
    if (!list.includes(e.ownedBy)) list.push(e.ownedBy);
    owners.set(e.id, list);
  }
  return owners;
}

describe('modelList', () => {
  it('agrees with the obvious definition on lists with few and many owners per id', () => {
    const entry = fc.record({
      id: fc.constantFrom('a', 'b', 'gpt-5.3-codex'),
      ownedBy: fc.integer({ min: 0, max: 30 }).map((n) => `owner-${n}`),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 300 }), (entries) => {
        const list = modelList(entries);
        expect([...list.owners.keys()].map((id) => [id, list.owners.get(id)])).toEqual([...reference(entries)]);
        expect(list.entries).toBe(entries.length);
        const counts = new Map<string, number>();
        for (const e of entries) counts.set(e.ownedBy, (counts.get(e.ownedBy) ?? 0) + 1);
        expect([...list.entriesByOwner]).toEqual([...counts]);
      }),
    );
  });

  it('keeps one id listed by 240k owners as 240k owners, each once', () => {
    const entries = Array.from({ length: 240_000 }, (_, i) => ({ id: 'x', ownedBy: `o${i % 120_000}` }));
    const owners = modelList(entries).owners.get('x') ?? [];
    expect(owners).toHaveLength(120_000);
    expect(owners[0]).toBe('o0');
    expect(owners[119_999]).toBe('o119999');
  });
});
