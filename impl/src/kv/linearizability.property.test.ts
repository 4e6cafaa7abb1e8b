// Properties of the checker on generated histories.  The strongest: on
// every small history (linearizable by construction, then perhaps altered,
// or entirely random) its verdict is the brute-force definition's.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkLinearizable } from './linearizability.ts';
import { bruteForceLinearizable, linearizationError } from './brute-force.ts';
import { applyCommand, emptyKvState, type KvCommand, type KvResult, type KvState } from './commands.ts';
import type { History, Operation } from './history.ts';
import { randomHistory } from './random-history.ts';

/** One operation of a sequential run, with the interval drawn around its turn. */
interface Draft {
  readonly client: number;
  readonly key: string;
  readonly put: boolean;
  readonly value: string;
  /** How long before / after its linearization point it was called / returned. */
  readonly before: number;
  readonly after: number;
  readonly reply: 'returned' | 'lost, took effect' | 'lost, no effect';
}

const draft = (keys: readonly string[], values: readonly string[], maxSpread: number): fc.Arbitrary<Draft> =>
  fc.record({
    client: fc.integer({ min: 0, max: 3 }),
    key: fc.constantFrom(...keys),
    put: fc.boolean(),
    value: fc.constantFrom(...values),
    before: fc.integer({ min: 0, max: maxSpread }),
    after: fc.integer({ min: 0, max: maxSpread }),
    reply: fc.constantFrom('returned', 'returned', 'returned', 'returned', 'lost, took effect', 'lost, no effect'),
  });

/**
 * A sequential run of the store, the i-th operation taking effect at time
 * 4i, inside an interval spread around it: linearizable by construction.
 * Small spreads on a coarse grid make overlaps and equal times common.
 */
function fromDrafts(drafts: readonly Draft[]): Operation[] {
  let state: KvState = emptyKvState;
  return drafts.map((d, i) => {
    const command: KvCommand = d.put ? { op: 'put', key: d.key, value: d.value } : { op: 'get', key: d.key };
    const point = 4 * i;
    let result: KvResult | null = null;
    if (d.reply !== 'lost, no effect') {
      const step = applyCommand(state, command);
      state = step.state;
      result = step.result;
    }
    const returned = d.reply === 'returned';
    return { client: `c${d.client}`, id: i, command, call: point - d.before, ret: returned ? point + d.after : null, result: returned ? result : null };
  });
}

const linearizableHistory = (maxOps: number, keys: readonly string[], values: readonly string[], maxSpread = 8) =>
  fc.array(draft(keys, values, maxSpread), { maxLength: maxOps }).map(fromDrafts);

/** One completed get's result replaced by an arbitrary value (or null): often, not always, impossible. */
const alteredHistory = (maxOps: number) =>
  fc.tuple(linearizableHistory(maxOps, ['x', 'y'], ['a', 'b', 'c']), fc.nat(), fc.constantFrom<string | null>('a', 'b', 'c', 'd', null)).map(([h, pick, value]) => {
    const gets = h.flatMap((op, i) => (op.command.op === 'get' && op.ret !== null ? [i] : []));
    if (gets.length === 0) return h;
    const i = gets[pick % gets.length]!;
    return h.map((op, j) => (j === i ? { ...op, result: { op: 'get' as const, value } } : op));
  });

/** Intervals and results drawn at random: mostly not linearizable, and nothing like a real run. */
const randomOps = (maxOps: number) =>
  fc
    .array(
      fc.record({
        key: fc.constantFrom('x', 'y'),
        put: fc.boolean(),
        value: fc.constantFrom<string | null>('a', 'b', null),
        call: fc.integer({ min: 0, max: 12 }),
        length: fc.integer({ min: 0, max: 6 }),
        replied: fc.double({ min: 0, max: 1, noNaN: true }).map((p) => p < 0.8),
      }),
      { maxLength: maxOps },
    )
    .map((rs) =>
      rs.map(({ key, put, value, call, length, replied }, id): Operation => {
        const command: KvCommand = put ? { op: 'put', key, value: value ?? 'a' } : { op: 'get', key };
        const result: KvResult = put ? { op: 'put' } : { op: 'get', value };
        return { client: `c${id % 3}`, id, command, call, ret: replied ? call + length : null, result: replied ? result : null };
      }),
    );

/** The checker against the definition, and its answer's evidence checked either way. */
function agreesWithBruteForce(history: History): void {
  const r = checkLinearizable(history);
  expect(r.ok).toBe(bruteForceLinearizable(history));
  if (r.ok) {
    expect(linearizationError(history, r.order)).toBeNull();
    return;
  }
  const { culprit, prefix, core, running } = r.witness;
  const asInPrefix = (ops: readonly Operation[]) => ops.map((op) => (running.includes(op) ? { ...op, ret: null, result: null } : op));
  expect(r.failingKeys).toContain(r.key);
  expect(r.explanation).toContain(JSON.stringify(r.key));
  expect(core).toContain(culprit);
  expect(culprit.command.key).toBe(r.key);
  // The prefix fails, and would not without the culprit's return: it is the
  // smallest failing one.  The core fails on its own.
  expect(bruteForceLinearizable(asInPrefix(prefix))).toBe(false);
  expect(bruteForceLinearizable(asInPrefix(prefix).map((op) => (op === culprit ? { ...op, ret: null, result: null } : op)))).toBe(true);
  expect(bruteForceLinearizable(asInPrefix(core))).toBe(false);
}

describe('the checker agrees with the brute-force definition on every small history', () => {
  test('linearizable by construction (up to 7 operations, 2 keys)', () => {
    fc.assert(fc.property(linearizableHistory(7, ['x', 'y'], ['a', 'b']), agreesWithBruteForce), { numRuns: 1500 });
  });

  test('one key, three values, intervals wide enough that most operations overlap', () => {
    fc.assert(fc.property(linearizableHistory(7, ['x'], ['a', 'b', 'c'], 20), agreesWithBruteForce), { numRuns: 1500 });
  });

  test('with one get altered to an arbitrary value', () => {
    fc.assert(fc.property(alteredHistory(7), agreesWithBruteForce), { numRuns: 3000 });
  });

  test('entirely random intervals and results', () => {
    fc.assert(fc.property(randomOps(7), agreesWithBruteForce), { numRuns: 3000 });
  });
});

describe('larger histories', () => {
  test('a sequential run with intervals around each step always passes, and the order given is a linearization', () => {
    fc.assert(
      fc.property(linearizableHistory(300, ['x', 'y', 'z'], ['a', 'b', 'c', 'd'], 30), (h) => {
        const r = checkLinearizable(h);
        expect(r.ok).toBe(true);
        if (r.ok) expect(linearizationError(h, r.order)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  test('simulated clients with lost replies: always passes', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(undefined, 2, 5), (seed, keys, clients, values) => {
        const h = randomHistory({ seed, ops: 400, keys, clients, lostReplies: 0.05, ...(values === undefined ? {} : { values }) });
        const r = checkLinearizable(h);
        expect(r.ok).toBe(true);
        if (r.ok) expect(linearizationError(h, r.order)).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  test('a get altered to return a value overwritten before it was called fails, and that get is the culprit', () => {
    // Every put writes a value of its own.  Altered get g now returns the
    // value of put p, where p returned before some put w was called, and w
    // returned before g was called: p < w < g in every order, so g cannot
    // return p's value.  The history up to g's return was linearizable, so
    // g's return is the first impossible one.
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, pick) => {
        const h = randomHistory({ seed, ops: 300, keys: 3, clients: 5, lostReplies: 0.05 });
        const done = h.filter((op) => op.ret !== null);
        const candidates = done.flatMap((g) => {
          if (g.command.op !== 'get') return [];
          const key = g.command.key;
          const puts = done.filter((op) => op.command.op === 'put' && op.command.key === key);
          const w = puts.find((op) => op.ret! < g.call && puts.some((p) => p.ret! < op.call));
          const p = w && puts.find((q) => q.ret! < w.call);
          return p && p.command.op === 'put' ? [{ g, value: p.command.value }] : [];
        });
        fc.pre(candidates.length > 0);
        const { g, value } = candidates[pick % candidates.length]!;
        const altered = h.map((op) => (op === g ? { ...op, result: { op: 'get' as const, value } } : op));
        const r = checkLinearizable(altered);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.key).toBe(g.command.key);
          expect(r.witness.culprit).toEqual({ ...g, result: { op: 'get', value } });
          expect(r.explanation).toContain(`key ${JSON.stringify(g.command.key)}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a get altered to a value no put wrote fails at that get', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, pick) => {
        const h = randomHistory({ seed, ops: 500, keys: 4, clients: 6, values: 3 });
        const gets = h.filter((op) => op.command.op === 'get' && op.ret !== null);
        fc.pre(gets.length > 0);
        const g = gets[pick % gets.length]!;
        const r = checkLinearizable(h.map((op) => (op === g ? { ...op, result: { op: 'get' as const, value: 'never written' } } : op)));
        expect(r.ok === false && r.witness.culprit.id === g.id && r.witness.culprit.client === g.client).toBe(true);
        expect(r.ok === false && r.explanation).toContain('No put on this key ever wrote "never written"');
      }),
      { numRuns: 40 },
    );
  });

  test('hundreds of replies lost on one key cost little (pending puts nobody observes are dropped)', () => {
    const h = randomHistory({ seed: 5, ops: 2000, keys: 1, clients: 8, lostReplies: 0.3 });
    expect(h.filter((op) => op.ret === null).length).toBeGreaterThan(400);
    expect(checkLinearizable(h).ok).toBe(true);
  });
});
