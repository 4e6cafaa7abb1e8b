// The search at the heart of the linearizability checker, for one key: is
// there an order of the key's operations, consistent with real time, in
// which a read/write register gives every completed get the value it
// returned?
//
// Wing & Gong's depth-first search with Lowe's memoization (as in Knossos
// and Porcupine; written afresh here).  The operations' call and return
// events form one list sorted by time.  The search repeatedly takes an
// operation whose call comes before the first return still in the list —
// exactly the operations that may be linearized next, because an operation
// whose return is first in the list must be linearized before any operation
// called after that return — applies it to the register, and lifts its two
// events out of the list.  Reaching a return event means every candidate
// before it failed, and its operation cannot be left for later: backtrack.
// Memoization: the rest of the search depends only on which operations are
// linearized and the register's value, so a (set, value) pair met before is
// not explored again.  Without it the search is factorial in the number of
// concurrent operations; with it, it is bounded by the number of such pairs.
//
// Three additions, each cutting the search without losing a linearization:
// operations without a reply that cannot matter are dropped up front
// (relevantOps); a get that can read the current value is taken at once,
// with no alternative tried beside it (see the loop); and a get of a value
// no put wrote fails the key before any search.  The cost still grows
// exponentially with the number of puts in flight at once on one key (which
// subsets of them have taken effect); impl/README.md gives figures.
//
// Real time: A precedes B iff A.ret < B.call.  At equal times call events
// sort before return events, so an operation called at the very moment
// another returned counts as concurrent with it and may be linearized
// before it.  That is the conservative reading of a coarse clock (a
// simulator tick, a millisecond timestamp): two events with the same
// timestamp may have happened in either order, and the checker must not
// report a violation that a finer clock would not.

/** One operation on the key, as the search sees it. */
export interface RegisterOp {
  /** true: a put of `value`; false: a get that returned `value` (null: the key was unset). */
  readonly write: boolean;
  readonly value: string | null;
  readonly call: number;
  /** null: no reply — the operation may have taken effect at any time after its call, or never. */
  readonly ret: number | null;
}

/**
 * A linearization of `ops` (indices into `ops`, in order), or null if there
 * is none.  The order holds every completed operation and the pending puts
 * that are linearized; pending operations left out are those that never took
 * effect (or took effect after everything else, which no one can tell apart).
 * Real-time consistency: no operation in the order is before one that
 * returned before it was called.  Throws SearchLimitError after meeting
 * `maxStates` distinct (linearized set, register value) pairs.
 */
export function searchRegister(ops: readonly RegisterOp[], maxStates = DEFAULT_MAX_STATES): number[] | null {
  // Operations are numbered by call order from here on: the linearized set
  // is then always "every operation below some number, and a few more",
  // which is what keeps the memo's copies of it small (Memo).
  const relevant = relevantOps(ops).sort((a, b) => ops[a]!.call - ops[b]!.call || a - b);
  const n = relevant.length;
  const write = new Uint8Array(n);
  const pending = new Uint8Array(n);
  // Values interned to small integers so that the register's state and the
  // memo key are numbers: 0 is null (the unset key).
  const valueOf = new Int32Array(n);
  const interned = new Map<string, number>();
  relevant.forEach((i, k) => {
    const op = ops[i]!;
    write[k] = op.write ? 1 : 0;
    pending[k] = op.ret === null ? 1 : 0;
    if (op.write && op.value !== null && !interned.has(op.value)) interned.set(op.value, interned.size + 1);
  });
  let completed = 0;
  for (let k = 0; k < n; k++) {
    const op = ops[relevant[k]!]!;
    const id = op.value === null ? 0 : interned.get(op.value);
    // A get of a value no put ever wrote fails however it is ordered; saying
    // so now spares a search of every order before its return.
    if (id === undefined) return null;
    valueOf[k] = id;
    if (pending[k] === 0) completed++;
  }

  const { next, prev, opOf, isCall, callEntry, retEntry } = eventList(relevant.map((i) => ops[i]!));
  // Dancing links: an unlinked event keeps its own links, so that undoing
  // lifts in reverse order puts every event back where it was.
  const unlink = (e: number): void => {
    next[prev[e]!] = next[e]!;
    if (next[e]! !== NONE) prev[next[e]!] = prev[e]!;
  };
  const relink = (e: number): void => {
    next[prev[e]!] = e;
    if (next[e]! !== NONE) prev[next[e]!] = e;
  };
  const lift = (k: number): void => {
    unlink(callEntry[k]!);
    if (retEntry[k]! !== NONE) unlink(retEntry[k]!);
  };
  const unlift = (k: number): void => {
    if (retEntry[k]! !== NONE) relink(retEntry[k]!);
    relink(callEntry[k]!);
  };

  const set = new LinearizedSet(n);
  const memo = new Memo(maxStates);
  const stackOp = new Int32Array(n);
  const stackValue = new Int32Array(n);
  const stackGreedy = new Uint8Array(n);
  let depth = 0;
  let value = 0;
  let done = 0; // completed operations linearized

  const push = (k: number, greedy: boolean): void => {
    stackOp[depth] = k;
    stackValue[depth] = value;
    stackGreedy[depth] = greedy ? 1 : 0;
    depth++;
    if (write[k] === 1) value = valueOf[k]!;
    if (pending[k] === 0) done++;
    lift(k);
  };
  /** Undo the last choice that had alternatives; the candidate to try next, or null if there is none left anywhere. */
  const backtrack = (): number | null => {
    let k: number;
    do {
      if (depth === 0) return null;
      depth--;
      k = stackOp[depth]!;
      value = stackValue[depth]!;
      set.remove(k);
      if (pending[k] === 0) done--;
      unlift(k);
    } while (stackGreedy[depth] === 1);
    return next[callEntry[k]!]!;
  };
  /** A candidate get that returns the register's current value, or NONE. */
  const readyGet = (): number => {
    for (let e = next[HEAD]!; e !== NONE && isCall[e] === 1; e = next[e]!) {
      const k = opOf[e]!;
      if (write[k] === 0 && valueOf[k] === value) return k;
    }
    return NONE;
  };

  // entry: the next candidate to try at the current node; FRESH on arriving
  // at a node.
  let entry: number | null = FRESH;
  // Success once every completed operation is linearized: the pending ones
  // left can be put after them all, where nobody observes them.
  while (done < completed) {
    if (entry === null) return null;
    if (entry === FRESH) {
      // A get that can take effect now, reading the current value, is taken
      // now, and no alternative is tried at this node: if any linearization
      // continues from here, one continues with this get.  (Move the get up
      // to here in it: it reads the same value, every other operation sees
      // the same states, and nothing that must precede the get is left
      // behind — everything that returned before it was called is already
      // linearized, or it would not be a candidate.)  This keeps the memo
      // from filling with every interleaving of the gets.
      const g = readyGet();
      if (g !== NONE) {
        set.add(g);
        if (memo.add(set, value)) {
          push(g, true);
          continue;
        }
        // Met and failed before: so does this node.
        set.remove(g);
        entry = backtrack();
        continue;
      }
      entry = next[HEAD]!;
    }
    if (entry !== NONE && isCall[entry] === 1) {
      // Candidate gets here read another value (a matching one would have
      // been taken above); a put always can.
      const k = opOf[entry]!;
      if (write[k] === 1) {
        set.add(k);
        if (memo.add(set, valueOf[k]!)) {
          push(k, false);
          entry = FRESH;
          continue;
        }
        set.remove(k);
      }
      entry = next[entry]!;
    } else {
      // A return event: its operation can be linearized no later than here,
      // and every candidate before it has been tried.  (The end of the list
      // cannot be reached while a completed operation is unlinearized, since
      // its return is still in the list; treated alike all the same.)
      entry = backtrack();
    }
  }
  return Array.from(stackOp.subarray(0, depth), (k) => relevant[k]!);
}

/** The default for `maxStates`: some hundreds of megabytes of memo at worst. */
export const DEFAULT_MAX_STATES = 10_000_000;

const NONE = -1;
/** Marks arrival at a search node, before any candidate is tried. */
const FRESH = -2;
const HEAD = 0;

/**
 * The operations that can matter.  A get with no reply has no result to
 * check and changes nothing: drop it.  A put with no reply whose value no
 * completed get returned: drop it too — in any linearization that includes
 * it, the gets between it and the next put would have to return its value,
 * and none does, so leaving it out is a linearization as well.  Dropping
 * them matters: every optional operation kept can double the memo's sets.
 */
function relevantOps(ops: readonly RegisterOp[]): number[] {
  const read = new Set<string | null>();
  for (const op of ops) if (!op.write && op.ret !== null) read.add(op.value);
  const out: number[] = [];
  ops.forEach((op, i) => {
    if (op.ret !== null || (op.write && read.has(op.value))) out.push(i);
  });
  return out;
}

/** The events as a doubly linked list after a head at index 0, sorted by time, calls before returns at equal times. */
function eventList(ops: readonly RegisterOp[]) {
  const events: { time: number; call: boolean; op: number }[] = [];
  ops.forEach((op, k) => {
    events.push({ time: op.call, call: true, op: k });
    // A pending operation has no return event: nothing forces it to be
    // linearized, and it may be linearized after every other event.
    if (op.ret !== null) events.push({ time: op.ret, call: false, op: k });
  });
  events.sort((a, b) => a.time - b.time || Number(b.call) - Number(a.call) || a.op - b.op);
  const size = events.length + 1;
  const next = new Int32Array(size);
  const prev = new Int32Array(size);
  const opOf = new Int32Array(size).fill(NONE);
  const isCall = new Uint8Array(size);
  const callEntry = new Int32Array(ops.length).fill(NONE);
  const retEntry = new Int32Array(ops.length).fill(NONE);
  for (let e = 0; e < size; e++) {
    next[e] = e + 1 < size ? e + 1 : NONE;
    prev[e] = e - 1;
  }
  events.forEach((ev, i) => {
    const e = i + 1;
    opOf[e] = ev.op;
    isCall[e] = ev.call ? 1 : 0;
    if (ev.call) callEntry[ev.op] = e;
    else retEntry[ev.op] = e;
  });
  return { next, prev, opOf, isCall, callEntry, retEntry };
}

/** A fixed pseudo-random 32-bit number per operation; the hash of a set is the xor of its members'.  (Exported, like the two classes below, for their tests.) */
export function zobrist(k: number): number {
  let z = Math.imul(k + 1, 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The linearized operations, as a bitset with its hash, its lowest
 * non-member `low` and its highest member `high`: (low, high, the words
 * from low to high) says exactly which set it is, since every operation
 * below low is a member and none above high.  And that window is narrow:
 * every member was called before the first return event still in the list,
 * and every operation whose return comes before that event is a member, so
 * the window spans about the operations concurrent with that return (plus
 * any pending put that can still go either way).
 */
export class LinearizedSet {
  readonly words: Uint32Array;
  hash = 0;
  low = 0;
  private readonly highs: Int32Array;
  private size = 0;

  constructor(n: number) {
    this.words = new Uint32Array(Math.ceil(n / 32));
    // Members are removed in the reverse order of their addition (the
    // search is depth-first), so the highest member is a stack.
    this.highs = new Int32Array(n + 1).fill(-1);
  }

  get high(): number {
    return this.highs[this.size]!;
  }

  add(k: number): void {
    this.words[k >>> 5]! |= 1 << (k & 31);
    this.hash = (this.hash ^ zobrist(k)) >>> 0;
    this.size++;
    this.highs[this.size] = Math.max(this.highs[this.size - 1]!, k);
    while (this.low < this.words.length * 32 && (this.words[this.low >>> 5]! & (1 << (this.low & 31))) !== 0) this.low++;
  }

  /** Only the last member added. */
  remove(k: number): void {
    this.words[k >>> 5]! &= ~(1 << (k & 31));
    this.hash = (this.hash ^ zobrist(k)) >>> 0;
    this.size--;
    if (k < this.low) this.low = k;
  }
}

/**
 * The (linearized set, register value) pairs met so far: a hash table with
 * chaining, in flat typed arrays rather than an object (or a Map entry) per
 * pair — a hard key meets millions of pairs, and the garbage collector
 * would otherwise take more time than the search.  Each pair keeps its
 * set's window words only (LinearizedSet).
 */
export class Memo {
  /** Per pair: hash, value, low, high, next pair in the chain, offset of its words. */
  private meta: Int32Array = new Int32Array(META * 1024);
  private words: Uint32Array = new Uint32Array(4096);
  private heads: Int32Array = new Int32Array(2048).fill(NONE);
  private pairs = 0;
  private used = 0;

  constructor(private readonly limit: number) {}

  /** false if the pair was met before; otherwise remembers it. */
  add(set: LinearizedSet, value: number): boolean {
    const hash = (set.hash ^ Math.imul(value + 1, 0x27d4eb2d)) | 0;
    const { low, high } = set;
    const first = low >>> 5;
    const count = high < low ? 0 : (high >>> 5) - first + 1;
    const bucket = hash & (this.heads.length - 1);
    for (let p = this.heads[bucket]!; p !== NONE; p = this.meta[META * p + 4]!) {
      const m = META * p;
      if (this.meta[m] !== hash || this.meta[m + 1] !== value || this.meta[m + 2] !== low || this.meta[m + 3] !== high) continue;
      const offset = this.meta[m + 5]!;
      let same = true;
      for (let i = 0; i < count && same; i++) same = this.words[offset + i] === set.words[first + i];
      if (same) return false;
    }
    if (this.pairs === this.limit) throw new SearchLimitError(this.limit);
    if (META * (this.pairs + 1) > this.meta.length) this.meta = growInt32(this.meta, META * (this.pairs + 1));
    if (this.used + count > this.words.length) this.words = growUint32(this.words, this.used + count);
    const m = META * this.pairs;
    this.meta[m] = hash;
    this.meta[m + 1] = value;
    this.meta[m + 2] = low;
    this.meta[m + 3] = high;
    this.meta[m + 4] = this.heads[bucket]!;
    this.meta[m + 5] = this.used;
    this.words.set(set.words.subarray(first, first + count), this.used);
    this.used += count;
    this.heads[bucket] = this.pairs++;
    if (this.pairs > this.heads.length) this.rehash();
    return true;
  }

  /** Twice the buckets, chains rebuilt: keeps them about one pair long. */
  private rehash(): void {
    this.heads = new Int32Array(2 * this.heads.length).fill(NONE);
    const mask = this.heads.length - 1;
    for (let p = 0; p < this.pairs; p++) {
      const bucket = this.meta[META * p]! & mask;
      this.meta[META * p + 4] = this.heads[bucket]!;
      this.heads[bucket] = p;
    }
  }
}

const META = 6;

function growInt32(a: Int32Array, atLeast: number): Int32Array {
  const bigger = new Int32Array(Math.max(atLeast, 2 * a.length));
  bigger.set(a);
  return bigger;
}

function growUint32(a: Uint32Array, atLeast: number): Uint32Array {
  const bigger = new Uint32Array(Math.max(atLeast, 2 * a.length));
  bigger.set(a);
  return bigger;
}

/**
 * The search met more (linearized set, value) pairs than allowed.  Neither
 * verdict: the key's operations overlap too much for this search (the cost
 * grows exponentially with the number of operations in flight at once on a
 * key, see impl/README.md).
 */
export class SearchLimitError extends Error {
  constructor(
    readonly limit: number,
    readonly key?: string,
  ) {
    super(`linearizability search gave up${key === undefined ? '' : ` on key ${JSON.stringify(key)}`} after ${limit.toLocaleString('en-US')} states: too many operations in flight at once on one key (raise maxStates to try harder)`);
    this.name = 'SearchLimitError';
  }
}
