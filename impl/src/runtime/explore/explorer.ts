// Exhaustive breadth-first exploration of every interleaving of the real
// reducers for a small configuration.  The network is the spec's: a set of
// sent messages, each deliverable any number of times or never (loss,
// duplication and reordering all at once).  Any set timer may fire at any
// moment; any node may crash and restart from its disk at any moment;
// clients may request any of the values from any proposer.  Ballots are
// bounded by discarding steps that begin a ballot above maxBallot.  The
// spec's safety properties are checked in every state reached, and the
// first violation comes with a shortest path to it.
import type { PaxosConfig } from '../../basic/config.ts';
import { isSpecMessage, type Ballot, type Message, type NodeId, type SpecMessage, type Value } from '../../basic/messages.ts';
import type { Input, Output, TimerName } from '../../basic/io.ts';
import { durableOf, initServer, recoverServer, serverStep, type ServerDurable, type ServerState } from '../../basic/server.ts';
import { describeViolation, learnedViolation, networkSafety, specMessageKey, type SafetyViolation } from '../../basic/spec-view.ts';
import { nodeIds } from '../sim/world.ts';
import { stateKey } from './state-key.ts';

export interface ExploreOptions {
  config: PaxosConfig;
  values: readonly Value[];
  /**
   * Which client requests may happen: 'any' value to any proposer, or each
   * proposer's 'own' client asking for values[i] (a smaller space, with
   * still two values competing).
   */
  requests?: 'any' | 'own';
  maxBallot: Ballot;
  /** Stop with an error beyond this many distinct states. */
  maxStates?: number;
  /** Whether nodes may crash (and restart from their disks). */
  crashes?: boolean;
  onProgress?: (p: { states: number; depth: number; seconds: number }) => void;
  /**
   * Called for every transition the search takes (to a new state or to one
   * already seen), with the number of its source state (pathTo rebuilds the
   * way there).  For checkers that watch the steps, such as the conformance
   * check; the search pays for it only when it is given.
   */
  onTransition?: (from: GlobalState, t: Transition, to: GlobalState, fromId: number) => void;
}

export interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: Message;
}

export interface Timer {
  readonly node: NodeId;
  readonly timer: TimerName;
  readonly bal: Ballot;
}

/** A global state: every node, every disk, every message ever sent, every pending timer. */
export interface GlobalState {
  readonly nodes: readonly ServerState[];
  /** What each node's disk holds; null when it is exactly the node's durable state (always, unless a reducer forgot to persist). */
  readonly disks: readonly (ServerDurable | null)[];
  /** Indices into the explorer's envelope table, sorted: a set. */
  readonly net: readonly number[];
  /** Indices into the explorer's timer table, sorted: a set. */
  readonly timers: readonly number[];
}

export type Transition =
  | { kind: 'request'; to: NodeId; val: Value }
  | { kind: 'deliver'; envelope: Envelope; id: number }
  | { kind: 'fire'; timer: Timer; id: number }
  | { kind: 'crash'; node: NodeId };

export interface ExploreResult {
  distinct: number;
  /** States on the longest shortest path from the initial state (TLC's depth). */
  depth: number;
  transitions: number;
  seconds: number;
  violation?: { violation: SafetyViolation; message: string; path: Transition[]; states: GlobalState[] };
  /** The exploration stopped at maxStates: the figures cover only part of the space. */
  truncated?: boolean;
}

export class Explorer {
  readonly ids: NodeId[];
  private readonly index = new Map<NodeId, number>();
  readonly envelopes: Envelope[] = [];
  private readonly envelopeIds = new Map<string, number>();
  readonly timers: Timer[] = [];
  private readonly timerIds = new Map<string, number>();

  constructor(readonly opts: ExploreOptions) {
    this.ids = nodeIds(opts.config);
    this.ids.forEach((id, i) => this.index.set(id, i));
  }

  initial(): GlobalState {
    const nodes = this.ids.map((id) => initServer(this.opts.config, id));
    return { nodes, disks: nodes.map(() => null), net: [], timers: [] };
  }

  envelopeId(e: Envelope): number {
    return intern(this.envelopes, this.envelopeIds, `${e.from}>${e.to}>${messageKey(e.msg)}`, e);
  }

  timerId(t: Timer): number {
    return intern(this.timers, this.timerIds, `${t.node}>${t.timer}>${t.bal}`, t);
  }

  private requestTransitions: Transition[] | undefined;
  private deliverTransitions: Transition[] = [];
  private fireTransitions: Transition[] = [];

  /** Every transition enabled in s (transition objects are made once per envelope or timer, and shared). */
  enabled(s: GlobalState): Transition[] {
    if (!this.requestTransitions) {
      const proposers = this.opts.config.proposers;
      this.requestTransitions = proposers.flatMap((to, i): Transition[] =>
        this.opts.requests === 'own'
          ? [{ kind: 'request', to, val: this.opts.values[i % this.opts.values.length]! }]
          : this.opts.values.map((val): Transition => ({ kind: 'request', to, val })),
      );
      if (this.opts.crashes !== false) this.requestTransitions.push(...this.ids.map((node): Transition => ({ kind: 'crash', node })));
    }
    const out = [...this.requestTransitions];
    for (const id of s.net) out.push((this.deliverTransitions[id] ??= { kind: 'deliver', envelope: this.envelopes[id]!, id }));
    for (const id of s.timers) out.push((this.fireTransitions[id] ??= { kind: 'fire', timer: this.timers[id]!, id }));
    return out;
  }

  /** The state after t, or null if t leaves the bounds or changes nothing. */
  next(s: GlobalState, t: Transition): GlobalState | null {
    switch (t.kind) {
      case 'request': {
        const id = this.envelopeId({ from: 'client', to: t.to, msg: { type: 'request', val: t.val } });
        const net = insertSorted(s.net, id);
        return net === s.net ? null : { ...s, net };
      }
      case 'deliver':
        return this.step(s, t.envelope.to, { kind: 'receive', from: t.envelope.from, msg: t.envelope.msg }, s.timers, t.id);
      case 'fire':
        return this.step(s, t.timer.node, { kind: 'timer', timer: t.timer.timer, bal: t.timer.bal }, s.timers.filter((x) => x !== t.id), -1 - t.id);
      case 'crash': {
        const i = this.index.get(t.node)!;
        const recovered = recoverServer(this.opts.config, t.node, s.disks[i] ?? durableOf(s.nodes[i]!));
        const timers = s.timers.filter((x) => this.timers[x]!.node !== t.node);
        if (stateKey(recovered) === stateKey(s.nodes[i]!) && timers.length === s.timers.length && s.disks[i] === null) return null;
        return { nodes: replaceAt(s.nodes, i, recovered), disks: replaceAt(s.disks, i, null), net: s.net, timers };
      }
    }
  }

  /**
   * The reducers are pure, so a node state and an input always give the same
   * step: each is computed once, with its outputs already turned into
   * envelope and timer ids.  Node states are shared by many global states,
   * and most deliveries are of messages the node has already handled.
   */
  private readonly steps = new WeakMap<ServerState, Map<number, CompiledStep>>();

  private compiled(before: ServerState, node: NodeId, input: Input, cacheKey: number): CompiledStep {
    let perNode = this.steps.get(before);
    if (!perNode) {
      perNode = new Map();
      this.steps.set(before, perNode);
    }
    let c = perNode.get(cacheKey);
    if (!c) {
      const { state, outputs } = serverStep(this.opts.config, before, input);
      const sends: number[] = [];
      const timers: number[] = [];
      const persists: PersistOutput[] = [];
      for (const out of outputs) {
        if (out.kind === 'send') sends.push(this.envelopeId({ from: node, to: out.to, msg: out.msg }));
        else if (out.kind === 'set-timer') timers.push(this.timerId({ node, timer: out.timer, bal: out.bal }));
        else if (out.kind === 'persist') persists.push(out);
      }
      const outOfBounds = !!state.proposer && state.proposer.durable.pBal > this.opts.maxBallot;
      const durableMoved = state.proposer?.durable !== before.proposer?.durable || state.acceptor?.durable !== before.acceptor?.durable || state.learner?.durable !== before.learner?.durable;
      c = { state, sends, timers, persists, outOfBounds, durableMoved };
      perNode.set(cacheKey, c);
    }
    return c;
  }

  private step(s: GlobalState, node: NodeId, input: Input, timersIn: readonly number[], cacheKey: number): GlobalState | null {
    const i = this.index.get(node);
    if (i === undefined) return null; // addressed to nobody in this configuration
    const before = s.nodes[i]!;
    const c = this.compiled(before, node, input, cacheKey);
    if (c.outOfBounds) return null;
    let net = s.net;
    for (const e of c.sends) net = insertSorted(net, e);
    let timers = timersIn;
    for (const t of c.timers) timers = insertSorted(timers, t);
    let disk: ServerDurable | null = s.disks[i] ?? null;
    // A durable field that moves without a persist leaves the disk behind:
    // from then on the disk is kept apart from the node, for a crash to
    // restore the old value (a reducer that forgot to persist).
    if (c.persists.length > 0 || c.durableMoved) {
      let d: ServerDurable = disk ?? durableOf(before);
      for (const p of c.persists) d = { ...d, [p.role]: p.durable };
      disk = sameAsNode(d, c.state) ? null : d;
    }
    if (c.state === before && net === s.net && timers === s.timers && disk === s.disks[i]) return null;
    const nodes = c.state === before ? s.nodes : replaceAt(s.nodes, i, c.state);
    const disks = disk === s.disks[i] ? s.disks : replaceAt(s.disks, i, disk);
    return { nodes, disks, net, timers };
  }

  // Node states recur across many global states: each distinct one gets a
  // small number once, so that a global state's key is short.
  private readonly nodeNumbers = new Map<string, number>();
  private readonly nodeNumberOf = new WeakMap<ServerState, number>();

  private nodeNumber(n: ServerState): number {
    let id = this.nodeNumberOf.get(n);
    if (id === undefined) {
      const k = stateKey(n);
      id = this.nodeNumbers.get(k);
      if (id === undefined) {
        id = this.nodeNumbers.size;
        this.nodeNumbers.set(k, id);
      }
      this.nodeNumberOf.set(n, id);
    }
    return id;
  }

  key(s: GlobalState): string {
    let k = '';
    for (let i = 0; i < s.nodes.length; i++) {
      const disk = s.disks[i];
      k += disk ? `${this.nodeNumber(s.nodes[i]!)}!${diskKey(disk)},` : `${this.nodeNumber(s.nodes[i]!)},`;
    }
    return `${k}#${s.net.join(',')}#${s.timers.join(',')}`;
  }

  /** The spec's msgs of a state: every spec message ever sent. */
  specMessages(s: GlobalState): Map<string, SpecMessage> {
    const msgs = new Map<string, SpecMessage>();
    for (const e of s.net) {
      const m = this.envelopes[e]!.msg;
      if (isSpecMessage(m)) msgs.set(specMessageKey(m), m);
    }
    return msgs;
  }

  private readonly netSafety = new WeakMap<readonly number[], { violation: SafetyViolation | null; chosen: Set<Value> }>();

  safety(s: GlobalState): SafetyViolation | null {
    // Agreement and Validity depend on the network only, and most steps
    // leave it as it was: their verdict, and the chosen set, are kept per
    // network.  LearnedIsChosen then needs only the learners.
    let net = this.netSafety.get(s.net);
    if (net === undefined) {
      net = networkSafety(this.opts.config, this.specMessages(s));
      this.netSafety.set(s.net, net);
    }
    return net.violation ?? learnedViolation(net.chosen, s.nodes.flatMap((n): [NodeId, Value | null][] => (n.learner ? [[n.id, n.learner.durable.learned]] : [])));
  }

  /** The states along a path of transitions from the initial state (the reducers are pure: replaying is exact). */
  replay(path: readonly Transition[]): GlobalState[] {
    const along = [this.initial()];
    for (const t of path) {
      const n = this.next(along[along.length - 1]!, t);
      if (!n) throw new Error('replay: a transition of the path changed nothing');
      along.push(n);
    }
    return along;
  }

  // Breadth-first, level by level.  Only the frontier keeps whole states;
  // every state keeps its parent and the transition into it, from which a
  // counterexample is rebuilt by replay.
  private parent: number[] = [];
  private via: (Transition | null)[] = [];

  /** A shortest path from the initial state to state number `id` of the last run. */
  pathTo(id: number): Transition[] {
    const path: Transition[] = [];
    for (let k = id; k > 0; k = this.parent[k]!) path.unshift(this.via[k]!);
    return path;
  }

  run(): ExploreResult {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const initial = this.initial();
    let frontier: { s: GlobalState; id: number }[] = [{ s: initial, id: 0 }];
    const parent: number[] = (this.parent = [-1]);
    const via: (Transition | null)[] = (this.via = [null]);
    const onTransition = this.opts.onTransition;
    const seen = new Set<string>([this.key(initial)]);
    let transitions = 0;
    let depth = 1;
    let lastReport = performance.now();
    const maxStates = this.opts.maxStates ?? 5_000_000;
    const found = (at: number, violation: SafetyViolation): ExploreResult => {
      const path = this.pathTo(at);
      return { distinct: parent.length, depth, transitions, seconds: seconds(), violation: { violation, message: describeViolation(violation), path, states: this.replay(path) } };
    };
    const initialViolation = this.safety(initial);
    if (initialViolation) return found(0, initialViolation);
    while (frontier.length > 0) {
      const next: { s: GlobalState; id: number }[] = [];
      for (const { s, id } of frontier) {
        for (const t of this.enabled(s)) {
          const n = this.next(s, t);
          if (!n) continue;
          transitions++;
          if (onTransition) onTransition(s, t, n, id);
          const k = this.key(n);
          if (seen.has(k)) continue;
          seen.add(k);
          const at = parent.length;
          parent.push(id);
          via.push(t);
          next.push({ s: n, id: at });
          const violation = this.safety(n);
          if (violation) {
            depth++;
            return found(at, violation);
          }
          if (parent.length > maxStates) return { distinct: parent.length, depth, transitions, seconds: seconds(), truncated: true };
        }
        if (this.opts.onProgress && performance.now() - lastReport > 1000) {
          lastReport = performance.now();
          this.opts.onProgress({ states: parent.length, depth, seconds: seconds() });
        }
      }
      if (next.length > 0) depth++;
      frontier = next;
    }
    return { distinct: parent.length, depth, transitions, seconds: seconds() };
  }
}

/** The number of `value` in `table`, known by `key`; a new one is appended. */
function intern<T>(table: T[], ids: Map<string, number>, key: string, value: T): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = table.length;
    table.push(value);
    ids.set(key, id);
  }
  return id;
}

function insertSorted(list: readonly number[], x: number): readonly number[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === x) return list;
  const out = list.slice();
  out.splice(lo, 0, x);
  return out;
}

function replaceAt<T>(list: readonly T[], i: number, x: T): readonly T[] {
  const out = list.slice();
  out[i] = x;
  return out;
}

function messageKey(m: Message): string {
  switch (m.type) {
    case 'nack':
      return `nack|${m.acc}|${m.bal}|${m.promised}`;
    case 'decided':
      return `decided|${m.bal}|${m.val}`;
    default:
      return specMessageKey(m);
  }
}

const diskKeys = new WeakMap<ServerDurable, string>();
function diskKey(d: ServerDurable): string {
  let k = diskKeys.get(d);
  if (k === undefined) {
    k = durableKey(d.proposer?.pBal, d.acceptor?.maxBal, d.acceptor?.maxVBal, d.acceptor?.maxVal, d.learner?.learned);
    diskKeys.set(d, k);
  }
  return k;
}

function sameAsNode(d: ServerDurable, n: ServerState): boolean {
  const p = n.proposer?.durable;
  const a = n.acceptor?.durable;
  const l = n.learner?.durable;
  return (
    d.proposer?.pBal === p?.pBal &&
    d.acceptor?.maxBal === a?.maxBal &&
    d.acceptor?.maxVBal === a?.maxVBal &&
    d.acceptor?.maxVal === a?.maxVal &&
    d.learner?.learned === l?.learned
  );
}

type PersistOutput = Extract<Output, { kind: 'persist' }>;

interface CompiledStep {
  readonly state: ServerState;
  readonly sends: readonly number[];
  readonly timers: readonly number[];
  readonly persists: readonly PersistOutput[];
  readonly outOfBounds: boolean;
  /** The step changed some durable state (persisted or not). */
  readonly durableMoved: boolean;
}

function durableKey(...fields: (number | string | null | undefined)[]): string {
  return fields.map((f) => (f === undefined ? '~' : f === null ? '-' : String(f))).join(',');
}
