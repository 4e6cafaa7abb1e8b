import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashOf, PersistentMap } from './persistent-map.ts';

/** Two distinct keys with one 32-bit hash, found by a birthday search (so the collision lists are exercised). */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const k = `k${i}`;
    const h = hashOf(k);
    const other = seen.get(h);
    if (other !== undefined) return [other, k];
    seen.set(h, k);
  }
}

/** Keys whose hashes agree with `h` in the low `bits` bits (the first trie levels) but differ from it. */
function neighbours(h: number, bits: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) if (((hashOf(`n${i}`) ^ h) & ((1 << bits) - 1)) === 0 && hashOf(`n${i}`) !== h) out.push(`n${i}`);
  return out;
}

const sortedEntries = (m: ReadonlyMap<string, number>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('PersistentMap', () => {
  const [c1, c2] = collidingPair();
  const near = [...neighbours(hashOf(c1), 5, 2), ...neighbours(hashOf(c1), 10, 2)];

  it('the birthday search found two keys with one hash', () => {
    expect(c1).not.toBe(c2);
    expect(hashOf(c1)).toBe(hashOf(c2));
  });

  it('every version reads as a Map given the same sets, and a set never changes an older version', () => {
    // A small pool makes overwrites common; the colliding pair and many
    // short keys make collision lists and deep branches.
    const key = fc.oneof(fc.constantFrom(c1, c2, ...near, 'a', 'b', ''), fc.string({ maxLength: 3 }), fc.nat(3000).map((n) => `k${n}`));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.nat(5)), { maxLength: 400 }), (sets) => {
        const versions: [PersistentMap<number>, Map<string, number>][] = [[PersistentMap.empty(), new Map()]];
        for (const [k, v] of sets) {
          const [m, model] = versions.at(-1)!;
          versions.push([m.set(k, v), new Map(model).set(k, v)]);
        }
        for (const [m, model] of versions) {
          expect(m.size).toBe(model.size);
          expect(sortedEntries(m)).toEqual(sortedEntries(model));
          for (const [k] of sets) {
            expect(m.get(k)).toBe(model.get(k));
            expect(m.has(k)).toBe(model.has(k));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps both keys of a collision, and replaces each on its own', () => {
    const m = PersistentMap.empty<number>().set(c1, 1).set(c2, 2).set(c1, 3);
    expect([m.get(c1), m.get(c2), m.size]).toEqual([3, 2, 2]);
    const other = m.set('x', 4);
    expect([other.get(c1), other.get(c2), other.get('x'), other.size]).toEqual([3, 2, 4, 3]);
  });

  it('splits a collision list when a key of another hash arrives at its place', () => {
    const m = PersistentMap.of([[c1, 1], [c2, 2], ...near.map((k, i) => [k, 10 + i] as const)]);
    expect([c1, c2, ...near].map((k) => m.get(k))).toEqual([1, 2, 10, 11, 12, 13]);
    expect(m.size).toBe(6);
  });

  it('returns itself when a set changes nothing', () => {
    const m = PersistentMap.of([['a', 1]]);
    expect(m.set('a', 1)).toBe(m);
  });

  it('a set copies one path, not the map: 100,000 keys, each set leaves older versions sharing all other nodes', () => {
    let m = PersistentMap.empty<number>();
    for (let i = 0; i < 100_000; i++) m = m.set(`key${i}`, i);
    const before = m;
    const after = m.set('key5', -1);
    expect(before.get('key5')).toBe(5);
    expect(after.get('key5')).toBe(-1);
    expect(after.size).toBe(100_000);
    // Structural sharing, observed: the roots differ in exactly one child.
    const children = (x: PersistentMap<number>) => (x as unknown as { root: { children: unknown[] } }).root.children;
    const differing = children(before).filter((c, i) => c !== children(after)[i]);
    expect(differing).toHaveLength(1);
  });
});
