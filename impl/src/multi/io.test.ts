import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_DISK, foldRecord, recordsOf, type DurableRecord, type DurableState } from './io.ts';
import { NOOP, type Entry } from './messages.ts';

const entry: fc.Arbitrary<Entry> = fc.oneof(fc.constant(NOOP), fc.record({ kind: fc.constant('request' as const), client: fc.constantFrom('c1', 'c2'), id: fc.nat(5), cmd: fc.constant({ op: 'get' as const, key: 'k' }) }));
const slot = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 2_000 }));
const record: fc.Arbitrary<DurableRecord> = fc.oneof(
  fc.record({ rec: fc.constant('promise' as const), maxBal: fc.nat(9) }),
  fc.record({ rec: fc.constant('ballot' as const), lBal: fc.nat(9) }),
  fc.record({ rec: fc.constant('applied' as const), upTo: fc.nat(50) }),
  fc.record({ rec: fc.constant('votes' as const), bal: fc.nat(9), first: slot, entries: fc.array(entry, { minLength: 1, maxLength: 300 }) }),
  fc.record({ rec: fc.constant('decisions' as const), first: slot, decisions: fc.array(fc.record({ bal: fc.nat(9), entry }), { minLength: 1, maxLength: 300 }) }),
);

const fold = (records: readonly DurableRecord[]): DurableState => records.reduce(foldRecord, EMPTY_DISK);
const plain = (d: DurableState) => ({ maxBal: d.maxBal, lBal: d.lBal, applied: d.applied, votes: [...d.votes.entries()], decided: [...d.decided.entries()] });

describe('recordsOf (what a compaction writes)', () => {
  it('folds back to the state it was made from, in runs of at most 256 slots', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 25 }), (log) => {
        const d = fold(log);
        const snapshot = recordsOf(d);
        expect(plain(fold(snapshot))).toEqual(plain(d));
        for (const r of snapshot) if (r.rec === 'votes' || r.rec === 'decisions') expect((r.rec === 'votes' ? r.entries : r.decisions).length).toBeLessThanOrEqual(256);
      }),
      { numRuns: 300 },
    );
  });

  it('collapses re-cast votes and raised promises', () => {
    const d = fold([
      { rec: 'promise', maxBal: 1 },
      { rec: 'votes', bal: 1, first: 1, entries: [NOOP, NOOP] },
      { rec: 'promise', maxBal: 4 },
      { rec: 'votes', bal: 4, first: 2, entries: [NOOP] },
    ]);
    expect(recordsOf(d)).toEqual([
      { rec: 'promise', maxBal: 4 },
      { rec: 'votes', bal: 1, first: 1, entries: [NOOP] },
      { rec: 'votes', bal: 4, first: 2, entries: [NOOP] },
    ]);
  });
});
