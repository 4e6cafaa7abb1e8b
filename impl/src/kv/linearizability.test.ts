// Hand-made histories with a known verdict: the classic shapes a
// linearizability checker must accept, and the classic anomalies it must
// reject, each with the key named in the explanation.
import { describe, expect, test } from 'vitest';
import { checkLinearizable, type LinearizabilityResult, type NotLinearizable } from './linearizability.ts';
import { bruteForceLinearizable, linearizationError } from './brute-force.ts';
import { InvalidHistoryError, type History } from './history.ts';
import { get, put } from './test-ops.ts';

function accepted(history: History): void {
  const r = checkLinearizable(history);
  if (!r.ok) throw new Error(`expected linearizable:\n${r.explanation}`);
  expect(linearizationError(history, r.order)).toBeNull();
  expect(bruteForceLinearizable(history)).toBe(true);
}

function rejected(history: History, key: string): NotLinearizable {
  const r: LinearizabilityResult = checkLinearizable(history);
  if (r.ok) throw new Error(`expected a violation, got the order ${r.order.map((op) => `${op.client}#${op.id}`).join(' ')}`);
  expect(r.key).toBe(key);
  expect(r.explanation).toContain(`key ${JSON.stringify(key)}`);
  expect(r.witness.core).toContain(r.witness.culprit);
  if (history.length <= 8) expect(bruteForceLinearizable(history)).toBe(false);
  return r;
}

describe('linearizable histories are accepted', () => {
  test('the empty history', () => {
    expect(checkLinearizable([])).toEqual({ ok: true, order: [] });
  });

  test('a sequential history, with a get before any put returning null', () => {
    accepted([get('c1', 'x', null, 0, 1), put('c1', 'x', 'a', 2, 3), get('c2', 'x', 'a', 4, 5), put('c2', 'x', 'b', 6, 7), get('c1', 'x', 'b', 8, 9)]);
  });

  test('two overlapping puts: a later get may see either', () => {
    for (const seen of ['a', 'b']) accepted([put('c1', 'x', 'a', 0, 10), put('c2', 'x', 'b', 2, 8), get('c3', 'x', seen, 11, 12)]);
  });

  test('a get overlapping a put may see the old or the new value', () => {
    for (const seen of ['a', 'b']) accepted([put('c1', 'x', 'a', 0, 1), put('c1', 'x', 'b', 2, 10), get('c2', 'x', seen, 3, 5)]);
  });

  test('a put with no reply that a later get observes took effect', () => {
    const pending = put('c1', 'x', 'b', 2, null);
    const history = [put('c1', 'x', 'a', 0, 1), pending, get('c2', 'x', 'b', 50, 51), get('c3', 'x', 'b', 60, 61)];
    accepted(history);
    const r = checkLinearizable(history);
    expect(r.ok && r.order.includes(pending)).toBe(true);
  });

  test('a put with no reply that nobody observes may never have taken effect', () => {
    const pending = put('c1', 'x', 'b', 2, null);
    const history = [put('c1', 'x', 'a', 0, 1), pending, get('c2', 'x', 'a', 50, 51)];
    accepted(history);
    const r = checkLinearizable(history);
    expect(r.ok && r.order.includes(pending)).toBe(false);
  });

  test('a get with no reply constrains nothing', () => {
    accepted([put('c1', 'x', 'a', 0, 1), get('c2', 'x', 'anything', 2, null), get('c3', 'x', 'a', 3, 4)]);
  });

  test('ties: an operation called at the instant another returned is concurrent with it', () => {
    // A coarse clock cannot say which came first, so the checker must not
    // flag the old value here.
    accepted([put('c1', 'x', 'a', 0, 1), put('c1', 'x', 'b', 2, 5), get('c2', 'x', 'a', 5, 6)]);
  });

  test('keys are independent registers', () => {
    accepted([put('c1', 'x', 'a', 0, 10), put('c2', 'y', 'a', 0, 1), get('c2', 'y', 'a', 2, 3), get('c2', 'x', null, 4, 5), get('c3', 'x', 'a', 11, 12)]);
  });

  test('the same value written twice: a get may see either write', () => {
    accepted([put('c1', 'x', 'a', 0, 1), put('c1', 'x', 'b', 2, 3), put('c2', 'x', 'a', 4, 9), get('c3', 'x', 'a', 5, 6)]);
  });
});

describe('non-linearizable histories are rejected, naming the key', () => {
  test('a stale read after a completed put', () => {
    const stale = get('c2', 'x', 'a', 4, 5);
    const r = rejected([put('c1', 'x', 'a', 0, 1), put('c1', 'x', 'b', 2, 3), stale], 'x');
    expect(r.witness.culprit).toBe(stale);
    expect(r.witness.core).toHaveLength(3);
    expect(r.explanation).toContain('stale');
  });

  test('the same, when a completed put and a stale read are one tick apart', () => {
    rejected([put('c1', 'x', 'a', 0, 1), put('c1', 'x', 'b', 2, 5), get('c2', 'x', 'a', 6, 7)], 'x');
  });

  test('a get returning a value never written', () => {
    const r = rejected([put('c1', 'x', 'a', 0, 1), get('c2', 'x', 'zz', 2, 3)], 'x');
    expect(r.explanation).toContain('No put on this key ever wrote "zz"');
  });

  test('a get returning null after a completed put', () => {
    const r = rejected([put('c1', 'x', 'a', 0, 1), get('c2', 'x', null, 2, 3)], 'x');
    expect(r.explanation).toContain('null means no put had taken effect');
  });

  test('new-old inversion: two clients see the new value, then the old one', () => {
    // put b is still running, so either value alone is fine; but once c2 has
    // seen b, c3 reading a afterwards would need b to be undone.
    const newer = get('c2', 'x', 'b', 3, 4);
    const older = get('c3', 'x', 'a', 5, 6);
    const r = rejected([put('c1', 'x', 'a', 0, 1), put('c1', 'x', 'b', 2, 10), newer, older], 'x');
    expect(r.witness.culprit).toBe(older);
    expect(r.witness.core).toEqual(expect.arrayContaining([newer, older]));
    expect(r.explanation).toContain('c1#');
  });

  test('new-old inversion seen by one client', () => {
    rejected([put('c1', 'x', 'a', 0, 1), put('c1', 'x', 'b', 2, 10), get('c2', 'x', 'b', 3, 4), get('c2', 'x', 'a', 5, 6)], 'x');
  });

  test('new-old inversion through a put with no reply', () => {
    rejected([put('c1', 'x', 'a', 0, 1), put('c1', 'x', 'b', 2, null), get('c2', 'x', 'b', 3, 4), get('c3', 'x', 'a', 5, 6)], 'x');
  });

  test('a get observing a put that was called after the get returned', () => {
    const r = rejected([get('c2', 'x', 'a', 0, 1), put('c1', 'x', 'a', 2, 3)], 'x');
    expect(r.explanation).toContain('called after this get returned');
  });

  test('one key broken among healthy ones', () => {
    rejected([put('c1', 'y', 'a', 0, 1), put('c1', 'x', 'a', 0, 1), get('c2', 'y', 'a', 2, 3), put('c1', 'x', 'b', 2, 3), get('c2', 'x', 'a', 4, 5)], 'x');
  });

  test('several broken keys: the one that failed first is reported, all are listed', () => {
    const history = [put('c1', 'y', 'a', 0, 1), get('c2', 'y', 'q', 20, 21), put('c1', 'x', 'a', 0, 1), get('c2', 'x', 'q', 10, 11)];
    const r = rejected(history, 'x');
    expect(r.failingKeys).toEqual(['y', 'x']);
    expect(r.explanation).toContain('Also not linearizable: "y"');
  });

  test('the witness: the smallest failing prefix and a small core that fails on its own', () => {
    const history: History = [
      put('c1', 'x', 'a', 0, 1),
      get('c2', 'x', 'a', 2, 3),
      put('c1', 'x', 'b', 4, 5),
      get('c3', 'x', 'b', 6, 40), // returns after the culprit: pending in the prefix
      get('c2', 'x', 'a', 7, 8), // the culprit: a was overwritten by b
      put('c1', 'x', 'c', 9, 10),
      get('c2', 'x', 'a', 11, 12), // fails too, but later
    ];
    const r = rejected(history, 'x');
    expect(r.witness.culprit).toBe(history[4]);
    expect(r.witness.prefix).toEqual(history.slice(0, 5));
    expect(r.witness.running).toEqual([history[3]]);
    expect(r.witness.core).toEqual([history[0], history[2], history[4]]);
    expect(bruteForceLinearizable(r.witness.core)).toBe(false);
    expect(r.explanation).toMatchInlineSnapshot(`
      "key "x": not linearizable.
      First impossible result: c2#${history[4]!.id} get("x") -> "a"  [7, 8]
        A stale or out-of-order read: in every order consistent with real time, "a" is not the latest value when this get takes effect.
      Just before this return, the 5 operations on "x" called so far had a linearization; with it, none has.
      These 3 of them alone cannot be put in any order consistent with real time (A before B when A returned before B was called)
      in which each get returns the value of the last put before it (null before any):
        c1#${history[0]!.id} put("x", "a") -> ok  [0, 1]
        c1#${history[2]!.id} put("x", "b") -> ok  [4, 5]
        c2#${history[4]!.id} get("x") -> "a"  [7, 8]"
    `);
  });

  test('without minimizing, the core is the whole prefix', () => {
    const history = [put('c1', 'x', 'a', 0, 1), get('c2', 'x', 'a', 2, 3), put('c1', 'x', 'b', 4, 5), get('c2', 'x', 'a', 7, 8)];
    const r = checkLinearizable(history, { minimize: false });
    expect(r.ok === false && r.witness.core).toEqual(history);
  });
});

describe('malformed histories are refused, not judged', () => {
  test('with every problem listed', () => {
    const bad: History = [
      { client: 'c1', id: 1, command: { op: 'get', key: 'x' }, call: 5, ret: 3, result: { op: 'get', value: null } },
      { client: 'c1', id: 1, command: { op: 'put', key: 'x', value: 'a' }, call: 0, ret: 1, result: { op: 'get', value: 'a' } },
    ];
    expect(() => checkLinearizable(bad)).toThrow(InvalidHistoryError);
    expect(() => checkLinearizable(bad)).toThrow(/returned at 3, before it was called at 5[\s\S]*same client and id[\s\S]*a put command with a get result/);
  });
});
