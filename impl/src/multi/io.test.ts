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

describe('decided-votes records', () => {
  const put = (id: number): Entry => ({ kind: 'request', client: 'c1', id, cmd: { op: 'get', key: 'k' } });

  it('decide slots as the votes on disk before them, in that ballot; a vote re-cast later does not change them', () => {
    const d = fold([
      { rec: 'votes', bal: 2, first: 1, entries: [put(1), NOOP, put(3)] },
      { rec: 'decided-votes', bal: 2, first: 1, last: 3 },
      { rec: 'votes', bal: 5, first: 3, entries: [put(3)] },
    ]);
    expect([...d.decided.entries()]).toEqual([
      [1, { bal: 2, entry: put(1) }],
      [2, { bal: 2, entry: NOOP }],
      [3, { bal: 2, entry: put(3) }],
    ]);
  });

  it('name the slot whose vote is missing or in another ballot: a log that says so is not one this code wrote', () => {
    expect(() => fold([{ rec: 'votes', bal: 2, first: 1, entries: [NOOP] }, { rec: 'decided-votes', bal: 2, first: 1, last: 2 }])).toThrow(/slots 1\.\.2 in ballot 2, but the vote in slot 2 is missing/);
    expect(() => fold([{ rec: 'votes', bal: 1, first: 1, entries: [NOOP] }, { rec: 'decided-votes', bal: 2, first: 1, last: 1 }])).toThrow(/the vote in slot 1 is in ballot 1/);
  });
});
