import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runsOf, SlotMap } from './slot-map.ts';

// Runs of values set at once, some crossing chunk (64) and page (4,096) boundaries.
const run = fc.tuple(fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 4_000, max: 12_400 })), fc.array(fc.nat(4), { minLength: 1, maxLength: 150 }));

describe('SlotMap', () => {
  it('reads as a Map given the same runs; older versions are unchanged; changedSince names exactly the slots that differ', () => {
    fc.assert(
      fc.property(fc.array(run, { maxLength: 12 }), fc.integer({ min: 1, max: 12_500 }), (runs, from) => {
        const versions: [SlotMap<number>, Map<number, number>][] = [[SlotMap.empty(), new Map()]];
        for (const [first, values] of runs) {
          const [m, model] = versions.at(-1)!;
          const next = new Map(model);
          values.forEach((v, k) => next.set(first + k, v));
          versions.push([m.setRun(first, values), next]);
        }
        for (const [i, [m, model]] of versions.entries()) {
          const expected = [...model.entries()].sort(([a], [b]) => a - b);
          expect([...m.entries()]).toEqual(expected);
          expect([...m.entriesFrom(from)]).toEqual(expected.filter(([s]) => s >= from));
          expect(m.max).toBe(Math.max(0, ...model.keys()));
          for (const [slot, v] of model) expect(m.get(slot)).toBe(v);
          if (i > 0) {
            const [older, olderModel] = versions[i - 1]!;
            const differ = [...new Set([...model.keys(), ...olderModel.keys()])].filter((s) => model.get(s) !== olderModel.get(s)).sort((a, b) => a - b);
            expect(m.changedSince(older)).toEqual(differ);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('delete drops one slot: the older version keeps it, max stays, changedSince names it', () => {
    const m = SlotMap.of([[3, 'a'], [5_000, 'b']]);
    const d = m.delete(5_000);
    expect([d.get(5_000), d.has(5_000), d.get(3), d.max, m.get(5_000)]).toEqual([undefined, false, 'a', 5_000, 'b']);
    expect([...d.entries()]).toEqual([[3, 'a']]);
    expect(d.changedSince(m)).toEqual([5_000]);
    expect(d.delete(4)).toBe(d);
  });

  it('a set copies one chunk, one page and the page array, sharing every other page with the older version', () => {
    let m = SlotMap.empty<number>();
    for (let slot = 1; slot <= 100_000; slot += 64) m = m.setRun(slot, Array.from({ length: 64 }, (_, k) => slot + k));
    const after = m.set(50_000, -1);
    const pages = (x: SlotMap<number>) => (x as unknown as { pages: unknown[] }).pages;
    expect(pages(after).filter((p, i) => p !== pages(m)[i])).toHaveLength(1);
    expect([m.get(50_000), after.get(50_000), after.get(50_001)]).toEqual([50_000, -1, 50_001]);
  });
});

describe('SlotMap.forgetThrough', () => {
  it('reads as the Map without slots 1 .. upTo; later sets and changedSince work as before; pages below leave the array', () => {
    fc.assert(
      fc.property(fc.array(run, { maxLength: 8 }), fc.integer({ min: 0, max: 13_000 }), fc.array(run, { maxLength: 4 }), (runs, upTo, later) => {
        let m = SlotMap.empty<number>();
        const model = new Map<number, number>();
        for (const [first, values] of runs) {
          m = m.setRun(first, values);
          values.forEach((v, k) => model.set(first + k, v));
        }
        const before = m;
        const f = m.forgetThrough(upTo);
        for (const slot of [...model.keys()]) if (slot <= upTo) model.delete(slot);
        expect([...f.entries()]).toEqual([...model.entries()].sort(([a], [b]) => a - b));
        expect(f.max).toBe(before.max);
        expect(f.changedSince(before)).toEqual([...before.entries()].map(([s]) => s).filter((s) => s <= upTo));
        let g = f;
        for (const [first, values] of later) {
          const kept = values.map((v, k) => [first + k, v] as const).filter(([s]) => s > upTo);
          if (kept.length === 0) continue;
          g = g.setRun(kept[0]![0], kept.map(([, v]) => v));
          for (const [s, v] of kept) model.set(s, v);
        }
        expect([...g.entries()]).toEqual([...model.entries()].sort(([a], [b]) => a - b));
        expect(g.forgetThrough(upTo)).toBe(g);
      }),
      { numRuns: 200 },
    );
  });

  it('a map of 41,000 slots that forgot the first 40,000 keeps 2 of its 11 pages, and refuses a set below them', () => {
    let m = SlotMap.empty<number>();
    for (let slot = 1; slot <= 41_000; slot += 100) m = m.setRun(slot, Array.from({ length: 100 }, (_, k) => slot + k));
    const f = m.forgetThrough(40_000);
    const pages = (x: SlotMap<number>) => (x as unknown as { pages: unknown[] }).pages;
    expect([pages(m).length, pages(f).length]).toEqual([11, 2]);
    expect([f.get(40_000), f.get(40_001), [...f.entries()].length]).toEqual([undefined, 40_001, 1_000]);
    expect(() => f.set(5, 1)).toThrow(/below the pages/);
  });
});

describe('runsOf', () => {
  it('cuts at gaps, at max values, where joins says, and at the size budget (a value over it alone); the runs concatenate to the input', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.nat(50)), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 120 }), (steps, max, budget) => {
        let slot = 0;
        const pairs = steps.map(([gap, v]) => [(slot += gap), v] as const);
        const runs = runsOf(pairs, max, (a, b) => a % 2 === b % 2, (v) => v, budget);
        expect(runs.flatMap((r) => r.values.map((v, k) => [r.first + k, v]))).toEqual(pairs.map(([s, v]) => [s, v]));
        for (const r of runs) {
          expect(r.values.length).toBeLessThanOrEqual(max);
          if (r.values.length > 1) expect(r.values.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(budget);
          for (let k = 1; k < r.values.length; k++) expect(r.values[k]! % 2).toBe(r.values[k - 1]! % 2);
        }
      }),
      { numRuns: 300 },
    );
  });
});
