// Turning "key k has no linearization" into something a developer can act
// on: which result first made the key's history impossible, and a handful of
// operations that on their own already cannot be linearized.
import { formatResult } from './commands.ts';
import { formatOperation, opName, type Operation } from './history.ts';
import { searchRegister, type RegisterOp } from './register-search.ts';

export interface Witness {
  /**
   * The get whose return first makes the key's history non-linearizable:
   * the history up to just before its return has a linearization, up to
   * and including it has none.  (It is always a get: a put's return only
   * obliges the put to take effect, which it can do after everything else.)
   */
  readonly culprit: Operation;
  /**
   * The smallest failing prefix: the key's operations called by the
   * culprit's return, in call order.  Those that returned later count there
   * as still running (no reply yet).
   */
  readonly prefix: readonly Operation[];
  /**
   * A subset of the prefix, culprit included, that on its own cannot be
   * linearized, shrunk until removing any one more operation would make it
   * linearizable (with the `minimize` option off: the whole prefix).  Only
   * removals that cannot turn a linearizable history into a
   * non-linearizable one are tried — removing a get, or a put whose value
   * no remaining get returned — so the core is a proof on its own: no
   * ordering of the full history can satisfy it either.
   */
  readonly core: readonly Operation[];
  /** The operations of the prefix that had no reply yet at the culprit's return (whether or not one came later). */
  readonly running: readonly Operation[];
}

export function registerOp(op: Operation): RegisterOp {
  const write = op.command.op === 'put';
  const value = op.command.op === 'put' ? op.command.value : op.result?.op === 'get' ? op.result.value : null;
  return { write, value, call: op.call, ret: op.ret };
}

/** An operation as seen in a prefix: the return dropped if it comes after the prefix's end. */
interface PrefixOp {
  readonly op: Operation;
  readonly reg: RegisterOp;
}

/** For a key whose operations (`ops`) have no linearization. */
export function findWitness(ops: readonly Operation[], minimize: boolean, maxStates: number): Witness {
  // The return events in the order the search sorts them (by time; ties by
  // position, which only has to be fixed).
  const returns = ops
    .map((op, i) => ({ op, i }))
    .filter(({ op }) => op.ret !== null)
    .sort((a, b) => a.op.ret! - b.op.ret! || a.i - b.i);
  const rank = new Map<Operation, number>(returns.map(({ op }, r) => [op, r]));

  // The prefix ending at the r-th return: every operation called by then
  // (calls sort before returns at equal times), those not returned by then
  // pending.  Linearizability is prefix-closed (a linearization of the whole
  // restricted to a prefix's operations is one of the prefix), so failure is
  // monotone in r and a binary search finds the first failing prefix.
  const prefixAt = (r: number): PrefixOp[] => {
    const end = returns[r]!.op.ret!;
    return ops
      .filter((op) => op.call <= end)
      .map((op) => ({ op, reg: (rank.get(op) ?? Infinity) <= r ? registerOp(op) : { ...registerOp(op), ret: null } }));
  };
  const fails = (prefix: readonly PrefixOp[]) => searchRegister(prefix.map((p) => p.reg), maxStates) === null;
  let lo = 0;
  let hi = returns.length - 1; // the whole history fails
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fails(prefixAt(mid))) hi = mid;
    else lo = mid + 1;
  }
  const prefix = prefixAt(lo).sort((a, b) => a.op.call - b.op.call);
  const culprit = returns[lo]!.op;
  const core = minimize ? shrink(prefix, fails) : prefix;
  const running = prefix.filter((p) => p.reg.ret === null).map((p) => p.op);
  return { culprit, prefix: prefix.map((p) => p.op), core: core.map((p) => p.op), running };
}

/**
 * Remove operations while the rest still fails, in halves, then quarters,
 * … then one at a time, repeated until nothing more goes (removing a get
 * can make a put removable).  Cheap against the search itself: a failing
 * prefix usually loses most of its operations in the first few tries.
 */
function shrink(prefix: readonly PrefixOp[], fails: (ops: readonly PrefixOp[]) => boolean): PrefixOp[] {
  // Operations that can matter to no search (see relevantOps) go first.
  let core = prefix.filter((p) => p.reg.ret !== null || (p.reg.write && readValues(prefix).has(p.reg.value)));
  let chunk = Math.ceil(core.length / 2);
  for (;;) {
    let changed = false;
    for (let start = 0; start < core.length; ) {
      const candidate = withoutSoundly(core, start, start + chunk);
      if (candidate.length < core.length && fails(candidate)) {
        core = candidate;
        changed = true;
      } else start += chunk;
    }
    if (chunk > 1) chunk = Math.ceil(chunk / 2);
    else if (!changed) break;
  }
  return core;
}

/**
 * `core` without those of core[from, to) whose removal keeps a linearizable
 * history linearizable: every get, and then every put whose value none of
 * the remaining gets returned (any linearization with such a put, minus the
 * put, is still one: the gets it was followed by before the next put would
 * have returned its value).
 */
function withoutSoundly(core: readonly PrefixOp[], from: number, to: number): PrefixOp[] {
  const inChunk = (i: number) => i >= from && i < to;
  const afterGets = core.filter((p, i) => p.reg.write || !inChunk(i));
  const read = readValues(afterGets);
  return core.filter((p, i) => !inChunk(i) || (p.reg.write && read.has(p.reg.value)));
}

/** The values the completed gets returned. */
function readValues(ops: readonly PrefixOp[]): Set<string | null> {
  return new Set(ops.filter((p) => !p.reg.write && p.reg.ret !== null).map((p) => p.reg.value));
}

/** The report: the key, the culprit and why it is impossible, the core. */
export function explainViolation(key: string, keyOps: readonly Operation[], witness: Witness, otherKeys: readonly string[]): string {
  const { culprit, prefix, core } = witness;
  const running = new Set(witness.running);
  const k = JSON.stringify(key);
  const lines = [
    `key ${k}: not linearizable.`,
    `First impossible result: ${formatOperation(culprit)}`,
    `  ${hint(keyOps, culprit)}`,
    `Just before this return, the ${count(prefix.length, 'operation')} on ${k} called so far had a linearization; with it, none has.`,
    `${core.length === 1 ? 'This operation' : `These ${core.length} of them`} alone cannot be put in any order consistent with real time (A before B when A returned before B was called)`,
    `in which each get returns the value of the last put before it (null before any):`,
    ...core.map((op) => `  ${formatOperation(op)}${op.ret !== null && running.has(op) ? `  (no reply yet when ${opName(culprit)} returned)` : ''}`),
  ];
  if (otherKeys.length > 0) lines.push(`Also not linearizable: ${otherKeys.map((o) => JSON.stringify(o)).join(', ')}.`);
  return lines.join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Why the culprit's result is impossible, when a simple reason is at hand. */
function hint(keyOps: readonly Operation[], culprit: Operation): string {
  // Always a get (see Witness.culprit); the fallback only keeps this total.
  if (culprit.result?.op !== 'get') return 'No order of these operations allows this return.';
  const returned = culprit.result.value;
  const shown = formatResult(culprit.result);
  const puts = keyOps.filter((op) => op.command.op === 'put');
  if (returned === null) {
    const before = puts.filter((op) => op.ret !== null && op.ret < culprit.call).sort((a, b) => a.ret! - b.ret!)[0];
    if (before !== undefined) {
      return `null means no put had taken effect, but ${formatOperation(before)} returned before this get was called at ${culprit.call}.`;
    }
    return 'null means no put had taken effect, and no order of the concurrent puts allows it.';
  }
  const writers = puts.filter((op) => op.command.op === 'put' && op.command.value === returned);
  if (writers.length === 0) return `No put on this key ever wrote ${shown}.`;
  const early = writers.filter((op) => op.call <= culprit.ret!);
  if (early.length === 0) {
    const first = writers.reduce((a, b) => (b.call < a.call ? b : a));
    return `Every put of ${shown} was called after this get returned at ${culprit.ret} (the first: ${formatOperation(first)}).`;
  }
  return `A stale or out-of-order read: in every order consistent with real time, ${shown} is not the latest value when this get takes effect.`;
}
