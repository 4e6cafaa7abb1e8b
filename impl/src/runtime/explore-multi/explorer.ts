// Exhaustive breadth-first exploration of the real Multi-Paxos reducers
// (serverStep, clientStep) for a small configuration, as ../explore/ does
// for Basic Paxos.  A global state is every server's state and disk (the
// fold of what it persisted), every client, the answers clients accepted,
// the set of messages ever sent, and how many ballots were begun.
//
// The network is the spec's: a sent message stays deliverable, any number
// of times or never, so loss, duplication and reordering are all covered
// and delivery never removes anything.  Timers: a server's election and
// heartbeat timers may fire at any moment.  That is no wider than the real
// runtime: every way into idle or p1 (init, recovery, beginBallot,
// stepDown) sets the election timer, and becomeLeader and every heartbeat
// set the heartbeat timer, so in each phase the timer that does something
// is always pending, and a firing that does nothing is dropped as a
// stutter.  A busy client's retry timer may likewise fire at any moment.
//
// Bounds, so that the space is finite: at most maxBallots ballots begun in
// all (steps beyond are discarded), commands per client, the window.
// Crashes (optional) rebuild a server from its disk at any moment.
import type { KvCommand } from '../../kv/commands.ts';
import { clientStep, initClient, type ClientState } from '../../multi/client.ts';
import type { MultiConfig } from '../../multi/config.ts';
import { EMPTY_DISK, foldRecord, type DurableRecord, type DurableState, type Input, type TimerName } from '../../multi/io.ts';
import type { Entry, Message, NodeId } from '../../multi/messages.ts';
import { initServer, recoverServer, serverStep } from '../../multi/server.ts';
import { SlotMap } from '../../multi/slot-map.ts';
import type { ServerState } from '../../multi/state.ts';
import { checkMultiSafety, type Accepted, type MultiSafetyViolation } from './safety.ts';
import { diskKey, entryKey, messageKey, serverKey, slotMapKey } from './state-key.ts';

export interface MultiExploreOptions {
  readonly config: MultiConfig;
  /** Each client and the commands it invokes, in order, one at a time. */
  readonly clients: readonly { readonly name: string; readonly commands: readonly KvCommand[] }[];
  /** Ballots begun (spec Phase1a steps) in all, by every server together. */
  readonly maxBallots: number;
  readonly crashes?: boolean;
  /**
   * Whether a busy client's retry timer may fire (it resends to the next
   * server).  Off by default: with it the space grows about a hundredfold,
   * and a lost message is covered without it (nothing is ever lost here).
   */
  readonly retries?: boolean;
  /**
   * Whether a server's heartbeat timer may fire: heartbeats, catch-up and
   * decision notices, a second way to learn decisions (liveness help: a
   * leader's resends are already deliverable forever).  Off by default.
   */
  readonly heartbeats?: boolean;
  readonly maxStates?: number;
  readonly onProgress?: (p: { states: number; depth: number; seconds: number }) => void;
}

export interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: Message;
}

export interface MultiGlobal {
  readonly servers: readonly ServerState[];
  /** Each server's disk; tracked only when crashes are on (without them no one reads it). */
  readonly disks: readonly DurableState[];
  readonly clients: readonly ClientState[];
  /** Per client, the answers it accepted (the history the ReplyConsistent check reads). */
  readonly accepted: readonly (readonly Accepted[])[];
  /** Indices into the explorer's envelope table, sorted: a set. */
  readonly net: readonly number[];
  readonly begun: number;
  /**
   * History: the first entry decided in each slot, anywhere.  Servers
   * forget slots every server applied (multi/forget.ts); the safety checks
   * still compare new decisions and accepted answers with what was decided
   * there.  Without forgetting it is the union of the servers' decisions,
   * so it adds no states.
   */
  readonly chosen: SlotMap<Entry>;
}

export type MultiTransition =
  | { readonly kind: 'invoke'; readonly client: string; readonly cmd: KvCommand }
  | { readonly kind: 'retry'; readonly client: string }
  | { readonly kind: 'deliver'; readonly envelope: Envelope; readonly id: number }
  | { readonly kind: 'fire'; readonly node: NodeId; readonly timer: TimerName }
  | { readonly kind: 'crash'; readonly node: NodeId };

export interface MultiExploreResult {
  distinct: number;
  /** States on the longest shortest path from the initial state (TLC's depth). */
  depth: number;
  transitions: number;
  seconds: number;
  /** Distinct states in which some server had forgotten slots (multi/forget.ts): how much of the space exercises it. */
  forgetting: number;
  violation?: { violation: MultiSafetyViolation; path: MultiTransition[]; states: MultiGlobal[] };
  truncated?: boolean;
}

interface CompiledStep {
  readonly state: ServerState;
  readonly sends: readonly number[];
  readonly persists: readonly DurableRecord[];
  /** Ballots the step began (Phase1a parts). */
  readonly begun: number;
}

const TIMER_KEY: Record<TimerName, number> = { election: -1, heartbeat: -2 };

export class MultiExplorer {
  readonly config: MultiConfig;
  readonly envelopes: Envelope[] = [];
  private readonly envelopeIds = new Map<string, number>();
  private readonly serverIndex = new Map<NodeId, number>();
  private readonly clientIndex = new Map<string, number>();

  constructor(readonly opts: MultiExploreOptions) {
    this.config = opts.config;
    this.config.servers.forEach((id, i) => this.serverIndex.set(id, i));
    opts.clients.forEach((c, i) => this.clientIndex.set(c.name, i));
  }

  /** Client i first sends to server i (mod servers): two clients reach two would-be leaders without retries. */
  initial(): MultiGlobal {
    const servers = this.config.servers.map((id) => initServer(this.config, id).state);
    return { servers, disks: servers.map(() => EMPTY_DISK), clients: this.opts.clients.map((c, i) => ({ ...initClient(c.name), target: i % servers.length })), accepted: this.opts.clients.map(() => []), net: [], begun: 0, chosen: SlotMap.empty() };
  }

  envelopeId(e: Envelope): number {
    const k = `${e.from}>${e.to}>${messageKey(e.msg)}`;
    let id = this.envelopeIds.get(k);
    if (id === undefined) {
      id = this.envelopes.length;
      this.envelopes.push(e);
      this.envelopeIds.set(k, id);
    }
    return id;
  }

  private fixed: MultiTransition[] | undefined;
  private readonly deliveries: MultiTransition[] = [];

  /** Every transition that may be taken in s (those that change nothing are weeded out by next). */
  enabled(s: MultiGlobal): MultiTransition[] {
    if (!this.fixed) {
      this.fixed = this.config.servers.flatMap((node): MultiTransition[] => [
        { kind: 'fire', node, timer: 'election' },
        ...(this.opts.heartbeats ? [{ kind: 'fire', node, timer: 'heartbeat' } as const] : []),
        ...(this.opts.crashes ? [{ kind: 'crash', node } as const] : []),
      ]);
    }
    const out: MultiTransition[] = [];
    this.opts.clients.forEach((c, i) => {
      const st = s.clients[i]!;
      if (st.busy) {
        if (this.opts.retries) out.push({ kind: 'retry', client: c.name });
      }
      else if (st.sent < c.commands.length) out.push({ kind: 'invoke', client: c.name, cmd: c.commands[st.sent]! });
    });
    out.push(...this.fixed);
    for (const id of s.net) out.push((this.deliveries[id] ??= { kind: 'deliver', envelope: this.envelopes[id]!, id }));
    return out;
  }

  /** The state after t, or null when t changes nothing or leaves the bounds. */
  next(s: MultiGlobal, t: MultiTransition): MultiGlobal | null {
    switch (t.kind) {
      case 'invoke':
        return this.clientInput(s, t.client, { kind: 'invoke', cmd: t.cmd });
      case 'retry':
        return this.clientInput(s, t.client, { kind: 'timer', timer: 'retry' });
      case 'fire':
        return this.serverInput(s, t.node, { kind: 'timer', timer: t.timer }, TIMER_KEY[t.timer]);
      case 'deliver': {
        const { from, to, msg } = t.envelope;
        if (this.serverIndex.has(to)) return this.serverInput(s, to, { kind: 'receive', from, msg }, t.id);
        return this.clientInput(s, to, { kind: 'receive', from, msg });
      }
      case 'crash': {
        const i = this.serverIndex.get(t.node)!;
        const rebuilt = recoverServer(this.config, t.node, s.disks[i]!).state;
        if (serverKey(rebuilt) === serverKey(s.servers[i]!)) return null;
        return { ...s, servers: replaceAt(s.servers, i, rebuilt) };
      }
    }
  }

  private clientInput(s: MultiGlobal, name: string, input: Parameters<typeof clientStep>[2]): MultiGlobal | null {
    const i = this.clientIndex.get(name);
    if (i === undefined) return null;
    const before = s.clients[i]!;
    const step = clientStep(this.config.servers, before, input);
    // Only target % servers is ever used: keeping it reduced keeps the space finite under retries.
    const state = { ...step.state, target: step.state.target % this.config.servers.length };
    let net = s.net;
    for (const o of step.outputs) if (o.kind === 'send') net = insertSorted(net, this.envelopeId({ from: name, to: o.to, msg: o.msg }));
    let accepted = s.accepted;
    if (step.action?.action === 'Receive') {
      const m = step.action.m;
      accepted = replaceAt(accepted, i, [...accepted[i]!, { id: m.id, slot: m.slot, result: m.result }]);
    }
    if (net === s.net && accepted === s.accepted && clientKey(state) === clientKey(before)) return null;
    return { ...s, clients: replaceAt(s.clients, i, state), accepted, net };
  }

  /**
   * The reducers are pure, so a server state and an input always give the
   * same step: each is computed once, with its sends already interned.
   */
  private readonly steps = new WeakMap<ServerState, Map<number, CompiledStep>>();

  compiled(before: ServerState, input: Input, cacheKey: number): CompiledStep {
    let perNode = this.steps.get(before);
    if (!perNode) this.steps.set(before, (perNode = new Map()));
    let c = perNode.get(cacheKey);
    if (!c) {
      const step = serverStep(this.config, before, input);
      const sends: number[] = [];
      const persists: DurableRecord[] = [];
      for (const o of step.outputs) {
        if (o.kind === 'send') sends.push(this.envelopeId({ from: before.id, to: o.to, msg: o.msg }));
        else if (o.kind === 'persist') persists.push(o.record);
      }
      const begun = step.parts.filter((p) => p.action.action === 'Phase1a').length;
      c = { state: step.state, sends, persists, begun };
      perNode.set(cacheKey, c);
    }
    return c;
  }

  private serverInput(s: MultiGlobal, node: NodeId, input: Input, cacheKey: number): MultiGlobal | null {
    const i = this.serverIndex.get(node);
    if (i === undefined) return null;
    const before = s.servers[i]!;
    const c = this.compiled(before, input, cacheKey);
    const begun = s.begun + c.begun;
    if (begun > this.opts.maxBallots) return null;
    const net = this.netAfter(s.net, c);
    let disks = s.disks;
    if (this.opts.crashes && c.persists.length > 0) disks = replaceAt(disks, i, c.persists.reduce(foldRecord, disks[i]!));
    if (c.state === before && net === s.net && disks === s.disks) return null;
    return { ...s, servers: c.state === before ? s.servers : replaceAt(s.servers, i, c.state), disks, net, begun, chosen: withDecisions(s.chosen, before, c.state) };
  }

  // Networks recur too: the network after a compiled step is cached per
  // network object, so that equal networks are mostly one object and
  // their key is computed once.
  private readonly netsAfter = new WeakMap<readonly number[], Map<CompiledStep, readonly number[]>>();

  private netAfter(net: readonly number[], c: CompiledStep): readonly number[] {
    if (c.sends.length === 0) return net;
    let perNet = this.netsAfter.get(net);
    if (!perNet) this.netsAfter.set(net, (perNet = new Map()));
    let after = perNet.get(c);
    if (!after) {
      after = net;
      for (const e of c.sends) after = insertSorted(after, e);
      perNet.set(c, after);
    }
    return after;
  }

  // Server states and disks recur across many global states: each distinct
  // one gets a small number, so that a global state's key stays short.
  private readonly numbers = new Map<string, number>();
  private readonly numberOf = new WeakMap<object, number>();

  private number(o: object, key: (o: never) => string): number {
    let n = this.numberOf.get(o);
    if (n === undefined) {
      const k = key(o as never);
      n = this.numbers.get(k);
      if (n === undefined) this.numbers.set(k, (n = this.numbers.size));
      this.numberOf.set(o, n);
    }
    return n;
  }

  key(s: MultiGlobal): string {
    let k = '';
    for (const n of s.servers) k += `${this.number(n, serverKey)},`;
    if (this.opts.crashes) for (const d of s.disks) k += `d${this.number(d, (x: DurableState) => `disk:${diskKey(x)}`)},`;
    s.clients.forEach((c, i) => (k += `${clientKey(c)}[${s.accepted[i]!.map((a) => `${a.id}@${a.slot}=${a.result}`).join(';')}]`));
    return `${k}#${this.number(s.net, (n: readonly number[]) => `net:${n.join(',')}`)}#${s.begun}#${this.number(s.chosen, (c: SlotMap<Entry>) => `chosen:${slotMapKey(c, entryKey)}`)}`;
  }

  safety(s: MultiGlobal): MultiSafetyViolation | null {
    return checkMultiSafety(
      s.servers,
      this.opts.clients.map((c, i) => ({ name: c.name, sent: c.commands.slice(0, s.clients[i]!.sent), accepted: s.accepted[i]! })),
      s.chosen,
    );
  }

  replay(path: readonly MultiTransition[]): MultiGlobal[] {
    const along = [this.initial()];
    for (const t of path) {
      const n = this.next(along.at(-1)!, t);
      if (!n) throw new Error('replay: a transition of the path changed nothing');
      along.push(n);
    }
    return along;
  }

  // Breadth-first, level by level: only the frontier keeps whole states;
  // every state keeps its parent and the transition into it.
  private parent: number[] = [];
  private via: (MultiTransition | null)[] = [];

  pathTo(id: number): MultiTransition[] {
    const path: MultiTransition[] = [];
    for (let k = id; k > 0; k = this.parent[k]!) path.unshift(this.via[k]!);
    return path;
  }

  run(): MultiExploreResult {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const initial = this.initial();
    const parent: number[] = (this.parent = [-1]);
    const via: (MultiTransition | null)[] = (this.via = [null]);
    const seen = new Set<string>([this.key(initial)]);
    const maxStates = this.opts.maxStates ?? 5_000_000;
    let frontier: { s: MultiGlobal; id: number }[] = [{ s: initial, id: 0 }];
    let transitions = 0;
    let forgetting = 0;
    let depth = 1;
    let lastReport = performance.now();
    const found = (at: number, violation: MultiSafetyViolation): MultiExploreResult => {
      const path = this.pathTo(at);
      return { distinct: parent.length, depth, transitions, seconds: seconds(), forgetting, violation: { violation, path, states: this.replay(path) } };
    };
    const v0 = this.safety(initial);
    if (v0) return found(0, v0);
    while (frontier.length > 0) {
      const next: { s: MultiGlobal; id: number }[] = [];
      for (const { s, id } of frontier) {
        for (const t of this.enabled(s)) {
          const n = this.next(s, t);
          if (!n) continue;
          transitions++;
          const k = this.key(n);
          if (seen.has(k)) continue;
          seen.add(k);
          const at = parent.length;
          parent.push(id);
          via.push(t);
          next.push({ s: n, id: at });
          if (n.servers.some((x) => x.replica.forgotten > 0)) forgetting++;
          const violation = this.safety(n);
          if (violation) {
            depth++;
            return found(at, violation);
          }
          if (parent.length > maxStates) return { distinct: parent.length, depth, transitions, seconds: seconds(), forgetting, truncated: true };
        }
        if (this.opts.onProgress && performance.now() - lastReport > 1000) {
          lastReport = performance.now();
          this.opts.onProgress({ states: parent.length, depth, seconds: seconds() });
        }
      }
      if (next.length > 0) depth++;
      frontier = next;
    }
    return { distinct: parent.length, depth, transitions, seconds: seconds(), forgetting };
  }
}

/** `cmd` is commands[sent - 1], so sent, busy and target say it all. */
function clientKey(c: ClientState): string {
  return `${c.sent}${c.busy ? 'b' : ''}>${c.target}`;
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

/** `chosen` with the decisions `after` made that it lacks. */
function withDecisions(chosen: SlotMap<Entry>, before: ServerState, after: ServerState): SlotMap<Entry> {
  if (after.replica.decided === before.replica.decided) return chosen;
  let c = chosen;
  for (const slot of after.replica.decided.changedSince(before.replica.decided)) {
    const d = after.replica.decided.get(slot);
    if (d && !c.has(slot)) c = c.set(slot, d.entry);
  }
  return c;
}
