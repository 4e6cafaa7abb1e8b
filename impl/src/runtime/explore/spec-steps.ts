// The explorer's transitions seen through the refinement mapping, kept once
// per distinct pair of spec states.  This runs on every transition of the
// search (27 million on the default configuration), so it never builds a
// whole spec state there.  A global state's spec state is named by a short
// key instead: its network's spec messages as a bit set (each envelope's
// spec message numbered once, as explorer.specMessages maps it), and one
// number per node for the spec variables that node owns (specState of that
// node alone, cached per node state, which the explorer shares between
// global states).  Equal keys mean equal spec states, since specState maps
// each node, and the network, on its own.  Whole spec states are built
// afterwards, once per distinct key, from a representative global state.
import { specMessageKey, specState } from '../../basic/spec-view.ts';
import { isSpecMessage, type SpecMessage } from '../../basic/messages.ts';
import type { ServerState } from '../../basic/server.ts';
import type { Explorer, GlobalState, Transition } from './explorer.ts';

/** The first time the search took a step between two given spec states. */
export interface FirstStep {
  readonly from: GlobalState;
  readonly t: Transition;
  readonly to: GlobalState;
  /** The explorer's number for `from`: explorer.pathTo(fromId) leads there. */
  readonly fromId: number;
}

const NO_MSGS: ReadonlyMap<string, SpecMessage> = new Map();
// Pairs of state numbers are packed into one number for a fast Set/Map key.
const PAIR = 2 ** 26;

export class SpecSteps {
  /** Every transition observed. */
  transitions = 0;
  /** Those that change no spec variable (a stutter of the spec). */
  stutters = 0;
  /** A global state for each distinct spec state reached, by its number. */
  readonly representatives: GlobalState[] = [];
  /** The first step between each pair of distinct spec states (numbers packed by pair()), in the order the search took them. */
  readonly steps = new Map<number, FirstStep>();

  private readonly numbers = new Map<string, number>();
  private readonly nodeNumber = new WeakMap<ServerState, number>();
  private readonly nodeNumbers = new Map<string, number>();
  private lastFrom: GlobalState | undefined;
  private lastFromNumber = -1;
  private lastFromMsgs = '';

  constructor(private readonly explorer: Explorer) {}

  static pair(from: number, to: number): number {
    return from * PAIR + to;
  }

  static unpair(p: number): [number, number] {
    return [Math.floor(p / PAIR), p % PAIR];
  }

  /** For ExploreOptions.onTransition. */
  readonly observe = (from: GlobalState, t: Transition, to: GlobalState, fromId: number): void => {
    this.transitions++;
    // The search takes every transition of one state before the next state.
    if (from !== this.lastFrom) {
      this.lastFrom = from;
      this.lastFromMsgs = this.msgs(from);
      this.lastFromNumber = this.numberOf(from, this.lastFromMsgs);
    }
    // Most transitions (seven in eight on the default configuration) change
    // no spec variable: told apart here without building the target's key.
    const msgs = to.net === from.net ? this.lastFromMsgs : this.msgs(to);
    if (msgs === this.lastFromMsgs && this.sameNodes(from, to)) {
      this.stutters++;
      return;
    }
    const a = this.lastFromNumber;
    const b = this.numberOf(to, msgs);
    if (a === b) {
      this.stutters++;
      return;
    }
    const p = SpecSteps.pair(a, b);
    if (!this.steps.has(p)) this.steps.set(p, { from, t, to, fromId });
  };

  /** The number of s's spec state. */
  number(s: GlobalState): number {
    return this.numberOf(s, this.msgs(s));
  }

  private numberOf(s: GlobalState, msgs: string): number {
    let k = msgs;
    for (const n of s.nodes) k += `${this.node(n)},`;
    let id = this.numbers.get(k);
    if (id === undefined) {
      id = this.representatives.length;
      if (id >= PAIR) throw new Error(`more than ${PAIR} distinct spec states: too many to pair`);
      this.numbers.set(k, id);
      this.representatives.push(s);
    }
    return id;
  }

  /** Whether every node of a and b owns the same values of the spec variables. */
  private sameNodes(a: GlobalState, b: GlobalState): boolean {
    if (a.nodes === b.nodes) return true;
    for (let i = 0; i < a.nodes.length; i++) {
      const x = a.nodes[i]!;
      const y = b.nodes[i]!;
      if (x !== y && this.node(x) !== this.node(y)) return false;
    }
    return true;
  }

  // The network's spec messages as a bit set over the spec messages met so
  // far, written out in 32-bit words.  Most steps make a new network, so
  // this is computed afresh each time: cheaper than caching it per network.
  private readonly words: number[] = [];

  private msgs(s: GlobalState): string {
    const words = this.words;
    words.fill(0);
    for (const e of s.net) {
      const m = this.specIndex[e] ?? this.indexEnvelope(e);
      if (m >= 0) {
        while (words.length <= m >> 5) words.push(0);
        words[m >> 5]! |= 1 << (m & 31);
      }
    }
    let k = '';
    // Trailing zero words are left out, so that a set's key does not depend
    // on how many spec messages had been met when it was written.
    let last = words.length - 1;
    while (last >= 0 && words[last] === 0) last--;
    for (let w = 0; w <= last; w++) k += `${words[w]},`;
    return `${k}|`;
  }

  // Per envelope of the explorer's table: the number of its spec message
  // (the one explorer.specMessages maps it to), or -1 for nack and decided.
  private readonly specIndex: number[] = [];
  private readonly specMessageNumbers = new Map<string, number>();

  private indexEnvelope(e: number): number {
    const msg = this.explorer.envelopes[e]!.msg;
    const m = isSpecMessage(msg) ? intern(this.specMessageNumbers, specMessageKey(msg)) : -1;
    this.specIndex[e] = m;
    return m;
  }

  private node(n: ServerState): number {
    let id = this.nodeNumber.get(n);
    if (id === undefined) {
      const { msgs: _, ...vars } = specState(this.explorer.opts.config, [n], NO_MSGS);
      id = intern(this.nodeNumbers, JSON.stringify(vars));
      this.nodeNumber.set(n, id);
    }
    return id;
  }
}

function intern(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size;
    ids.set(key, id);
  }
  return id;
}
