// The search's parts on their own: the set encoding and the memo must stay
// exact even when hashes collide (which the histories in the other tests
// almost never make happen), and the search's order indexes its input.
import { describe, expect, test } from 'vitest';
import { LinearizedSet, Memo, SearchLimitError, searchRegister, zobrist, type RegisterOp } from './register-search.ts';
import { checkLinearizable } from './linearizability.ts';
import { randomHistory } from './random-history.ts';

const put = (value: string, call: number, ret: number | null): RegisterOp => ({ write: true, value, call, ret });
const get = (value: string | null, call: number, ret: number | null): RegisterOp => ({ write: false, value, call, ret });

/** A nonempty set of numbers from `candidates` whose hashes xor to 0 (Gaussian elimination over GF(2)). */
function zeroHashSet(candidates: readonly number[]): number[] {
  const basis: { hash: number; members: number[] }[] = [];
  for (const k of candidates) {
    let hash = zobrist(k);
    let members = [k];
    for (const b of basis) {
      if (((hash ^ b.hash) >>> 0) < hash) {
        hash = (hash ^ b.hash) >>> 0;
        members = members.filter((m) => !b.members.includes(m)).concat(b.members.filter((m) => !members.includes(m)));
      }
    }
    if (hash === 0) return members.sort((a, b) => a - b);
    basis.push({ hash, members });
    basis.sort((a, b) => b.hash - a.hash);
  }
  throw new Error('no collision among these');
}

function setOf(n: number, members: readonly number[]): LinearizedSet {
  const s = new LinearizedSet(n);
  for (const k of members) s.add(k);
  return s;
}

describe('the memo tells sets apart by content, not by hash', () => {
  test('two sets with equal hashes, lows and highs are both new', () => {
    // Both hold 0..63 and 127; one also a set of operations from 65..126
    // whose hashes cancel out.
    const base = [...Array.from({ length: 64 }, (_, k) => k), 127];
    const zero = zeroHashSet(Array.from({ length: 62 }, (_, i) => 65 + i));
    const a = setOf(128, base);
    const b = setOf(128, [...base, ...zero]);
    expect(zero.length).toBeGreaterThan(0);
    expect([a.hash, a.low, a.high]).toEqual([b.hash, b.low, b.high]);
    const memo = new Memo(100);
    expect(memo.add(a, 1)).toBe(true);
    expect(memo.add(b, 1)).toBe(true);
    expect(memo.add(a, 1)).toBe(false);
    expect(memo.add(b, 1)).toBe(false);
    expect(memo.add(b, 2)).toBe(true);
  });

  test('the set keeps its lowest non-member and highest member through additions and removals', () => {
    const s = new LinearizedSet(100);
    expect([s.low, s.high]).toEqual([0, -1]);
    for (const k of [0, 1, 5, 2]) s.add(k);
    expect([s.low, s.high]).toEqual([3, 5]);
    s.remove(2);
    expect([s.low, s.high]).toEqual([2, 5]);
    s.remove(5);
    s.remove(1);
    expect([s.low, s.high]).toEqual([1, 0]);
    for (let k = 1; k < 70; k++) s.add(k);
    expect([s.low, s.high]).toEqual([70, 69]);
  });

  test('a memo of one limit throws past it', () => {
    const memo = new Memo(1);
    const s = new LinearizedSet(4);
    expect(memo.add(s, 0)).toBe(true);
    expect(() => memo.add(s, 1)).toThrow(SearchLimitError);
  });
});

describe('searchRegister', () => {
  test('the order indexes the input, whatever its order', () => {
    // Given out of call order; the pending put nobody reads is left out.
    const ops = [get('b', 10, 11), put('z', 1, null), put('b', 5, 6), put('a', 0, 1), get('a', 2, 3)];
    expect(searchRegister(ops)).toEqual([3, 4, 2, 0]);
  });

  test('a get of a value no put wrote fails at once', () => {
    expect(searchRegister([put('a', 0, 1), get('b', 2, 3)])).toBeNull();
  });

  test('gives up past maxStates, and the checker names the key', () => {
    const history = randomHistory({ seed: 1, ops: 500, keys: 1, clients: 8 });
    expect(() => checkLinearizable(history, { maxStates: 50 })).toThrow(/gave up on key "k0" after 50 states/);
  });
});
