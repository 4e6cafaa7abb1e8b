// Is a client history of the key-value store linearizable?  That is: is
// there one total order of its operations that (1) respects real time — if
// A returned before B was called, A comes first — and (2) is a legal
// sequential run of the store (`applyCommand`), giving every operation the
// result it returned?  Operations with no reply may take effect at any time
// after their call, or never.
//
// Linearizability is compositional (Herlihy & Wing's locality): a history is
// linearizable iff its restriction to each object is.  Each key of the store
// is an object of its own — a register, touched by no command on another
// key (`applyToRegister`) — so the history is split by key and each key
// searched on its own (register-search.ts).  That turns one search over
// everything into many small ones, which is what makes tens of thousands of
// operations cheap.
import { assertValidHistory, type History, type Operation } from './history.ts';
import { DEFAULT_MAX_STATES, SearchLimitError, searchRegister } from './register-search.ts';
import { explainViolation, findWitness, registerOp, type Witness } from './violation.ts';

export type { Witness } from './violation.ts';
export { DEFAULT_MAX_STATES, SearchLimitError } from './register-search.ts';

export interface CheckOptions {
  /**
   * On failure, shrink the witness to a small core of operations (default
   * true).  Costs some more searches of the failing key, on failure only.
   */
  readonly minimize?: boolean;
  /**
   * Give up (SearchLimitError) on a key after meeting this many distinct
   * (linearized set, value) pairs; default DEFAULT_MAX_STATES (10 million,
   * some hundreds of megabytes).  Only keys with many operations in flight
   * at once come near it.
   */
  readonly maxStates?: number;
}

export interface Linearizable {
  readonly ok: true;
  /**
   * A linearization of the whole history: every completed operation, and
   * the pending operations that took effect in it (those left out never
   * took effect, or did so after everything else, unobserved).  Real-time
   * consistent, and replaying it with `applyCommand` gives every completed
   * operation its recorded result.
   */
  readonly order: readonly Operation[];
}

export interface NotLinearizable {
  readonly ok: false;
  /** The key reported: of the failing keys, the one whose culprit returned first. */
  readonly key: string;
  /** Every key whose history is not linearizable, in first-appearance order. */
  readonly failingKeys: readonly string[];
  readonly witness: Witness;
  /** For people: the key, the impossible result and why, the core operations. */
  readonly explanation: string;
}

export type LinearizabilityResult = Linearizable | NotLinearizable;

/**
 * Throws InvalidHistoryError on a malformed history (see validateHistory),
 * SearchLimitError when a key's search exceeds `maxStates`.
 */
export function checkLinearizable(history: History, opts: CheckOptions = {}): LinearizabilityResult {
  assertValidHistory(history);
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const byKey = new Map<string, Operation[]>();
  for (const op of history) {
    const ops = byKey.get(op.command.key);
    if (ops === undefined) byKey.set(op.command.key, [op]);
    else ops.push(op);
  }

  const orders: Operation[][] = [];
  const failingKeys: string[] = [];
  for (const [key, ops] of byKey) {
    const order = withKey(key, () => searchRegister(ops.map(registerOp), maxStates));
    if (order === null) failingKeys.push(key);
    else orders.push(order.map((i) => ops[i]!));
  }
  if (failingKeys.length === 0) return { ok: true, order: mergeOrders(orders) };

  // Report the violation that happened first: the earliest culprit is the
  // nearest to its cause, and what follows it may be only a consequence.
  // Culprits first, unshrunk; then the reported one shrunk.
  const found = failingKeys.map((key) => ({ key, witness: withKey(key, () => findWitness(byKey.get(key)!, false, maxStates)) }));
  const first = found.reduce((a, b) => (b.witness.culprit.ret! < a.witness.culprit.ret! ? b : a));
  const keyOps = byKey.get(first.key)!;
  const witness = opts.minimize === false ? first.witness : withKey(first.key, () => findWitness(keyOps, true, maxStates));
  const others = failingKeys.filter((k) => k !== first.key);
  return { ok: false, key: first.key, failingKeys, witness, explanation: explainViolation(first.key, keyOps, witness, others) };
}

/** Runs a key's search, naming the key in a SearchLimitError. */
function withKey<T>(key: string, search: () => T): T {
  try {
    return search();
  } catch (e) {
    if (e instanceof SearchLimitError && e.key === undefined) throw new SearchLimitError(e.limit, key);
    throw e;
  }
}

/**
 * One order for all keys from an order per key, as the locality theorem
 * promises.  Each operation gets a linearization point: its call time, or
 * the previous point of its key's order if that is later.  The point is
 * within the operation's interval (an earlier operation of the order was
 * called no later than this one returned, or real time would be broken),
 * so sorting by point (ties within a key by the key's order) keeps every
 * real-time precedence: A.ret < B.call puts A's point before B's.
 */
function mergeOrders(orders: readonly (readonly Operation[])[]): Operation[] {
  const placed: { op: Operation; point: number; key: number; rank: number }[] = [];
  orders.forEach((order, key) => {
    let point = -Infinity;
    order.forEach((op, rank) => {
      point = Math.max(point, op.call);
      placed.push({ op, point, key, rank });
    });
  });
  placed.sort((a, b) => a.point - b.point || a.key - b.key || a.rank - b.rank);
  return placed.map((p) => p.op);
}
