// The simulated world around the reducers: nodes with their disks, a
// network of messages in flight, pending timers, clients, crashes and
// partitions.  It does the reducers' I/O the way a real runtime must (a
// persist reaches the disk before the sends after it leave; a crash keeps
// the disk and loses the rest) and checks the spec's safety properties
// after every step.  Tests drive it event by event (the named scenarios);
// ./run.ts drives it at random from a seed.
import type { PaxosConfig } from '../../basic/config.ts';
import { isSpecMessage, type Ballot, type Message, type NodeId, type SpecMessage, type Value } from '../../basic/messages.ts';
import type { Input, Output, TimerName } from '../../basic/io.ts';
import { durableOf, initServer, recoverServer, type Role, type ServerDurable, type ServerState } from '../../basic/server.ts';
import { crashAction, loggedStep } from '../step-lines.ts';
import type { SpecAction } from '../../basic/spec-actions.ts';
import { checkSafety, nodeSpecVars, specMessageKey, specState, type SafetyViolation } from '../../basic/spec-view.ts';
import { NO_FAULTS, type Faults } from './faults.ts';
import { Rng } from './rng.ts';

export interface Envelope {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: Message;
  /** When it arrives, if nobody intervenes. */
  readonly at: number;
}

export interface PendingTimer {
  readonly id: number;
  readonly node: NodeId;
  readonly timer: TimerName;
  readonly bal: Ballot;
  readonly at: number;
}

/** One line of what happened: a reducer step, or a fault the world injected. */
export type WorldEvent =
  | {
      kind: 'step';
      time: number;
      node: NodeId;
      /** The role whose part of the server's step this is (one line per role that acted). */
      role?: Role;
      input: Input;
      action: SpecAction;
      sent: { to: NodeId; msg: Message }[];
      /** The message the step consumed, if any. */
      received?: { from: NodeId; msg: Message };
      /** The node's spec-level variables after the step (the refinement mapping): variable -> argument -> value. */
      vars: Record<string, Record<string, unknown>>;
    }
  | { kind: 'request'; time: number; client: string; to: NodeId; val: Value }
  | { kind: 'lost'; time: number; from: NodeId; to: NodeId; msg: Message; why: 'loss' | 'partition' | 'down' | 'dropped' }
  | { kind: 'duplicated'; time: number; from: NodeId; to: NodeId; msg: Message }
  | { kind: 'crash'; time: number; node: NodeId; action: SpecAction; vars: Record<string, Record<string, unknown>> }
  | { kind: 'recover'; time: number; node: NodeId }
  | { kind: 'partition'; time: number; groups: NodeId[][] }
  | { kind: 'heal'; time: number };

export interface WorldOptions {
  faults?: Faults;
  rng?: Rng;
  onEvent?: (e: WorldEvent) => void;
}

export function nodeIds(config: PaxosConfig): NodeId[] {
  return [...new Set([...config.proposers, ...config.acceptors, ...config.learners])];
}

export class World {
  time = 0;
  readonly nodes = new Map<NodeId, ServerState>();
  readonly disks = new Map<NodeId, ServerDurable>();
  readonly down = new Set<NodeId>();
  inFlight: Envelope[] = [];
  timers: PendingTimer[] = [];
  /** Nodes in different groups cannot reach each other; null when healed. */
  partition: NodeId[][] | null = null;
  /** The spec's msgs: every spec message ever sent, lost or not. */
  readonly msgs = new Map<string, SpecMessage>();
  violation: SafetyViolation | null = null;
  private nextId = 1;
  /** Network events of the step being applied, held back until the step itself is told. */
  private held: WorldEvent[] | null = null;
  private readonly faults: Faults;
  private readonly rng: Rng;

  constructor(
    readonly config: PaxosConfig,
    private readonly options: WorldOptions = {},
  ) {
    this.faults = options.faults ?? NO_FAULTS;
    this.rng = options.rng ?? new Rng(0);
    for (const id of nodeIds(config)) {
      const s = initServer(config, id);
      this.nodes.set(id, s);
      this.disks.set(id, durableOf(s));
    }
  }

  node(id: NodeId): ServerState {
    const s = this.nodes.get(id);
    if (!s) throw new Error(`no node ${id}`);
    return s;
  }

  /** spec Request(v): a client sends its request to a proposer. */
  request(client: string, to: NodeId, val: Value): void {
    this.emit({ kind: 'request', time: this.time, client, to, val });
    this.send(client, to, { type: 'request', val });
  }

  deliver(envelope: Envelope): void {
    this.inFlight = this.inFlight.filter((e) => e.id !== envelope.id);
    this.time = Math.max(this.time, envelope.at);
    if (this.down.has(envelope.to)) {
      this.emit({ kind: 'lost', time: this.time, from: envelope.from, to: envelope.to, msg: envelope.msg, why: 'down' });
      return;
    }
    this.apply(envelope.to, { kind: 'receive', from: envelope.from, msg: envelope.msg });
  }

  /** The network loses a message already in flight (scripted tests). */
  drop(envelope: Envelope): void {
    this.inFlight = this.inFlight.filter((e) => e.id !== envelope.id);
    this.emit({ kind: 'lost', time: this.time, from: envelope.from, to: envelope.to, msg: envelope.msg, why: 'dropped' });
  }

  /** The network delivers a copy of a message in flight later (scripted tests). */
  duplicate(envelope: Envelope): Envelope {
    const copy = { ...envelope, id: this.nextId++ };
    this.inFlight.push(copy);
    this.emit({ kind: 'duplicated', time: this.time, from: envelope.from, to: envelope.to, msg: envelope.msg });
    return copy;
  }

  fire(timer: PendingTimer): void {
    this.timers = this.timers.filter((t) => t.id !== timer.id);
    this.time = Math.max(this.time, timer.at);
    if (!this.down.has(timer.node)) this.apply(timer.node, { kind: 'timer', timer: timer.timer, bal: timer.bal });
  }

  /** The node stops: volatile state and timers are lost, the disk is kept. */
  crash(id: NodeId): void {
    if (this.down.has(id)) return;
    const before = this.node(id);
    const after = recoverServer(this.config, id, this.disks.get(id) ?? {});
    this.nodes.set(id, after);
    this.down.add(id);
    this.timers = this.timers.filter((t) => t.node !== id);
    this.emit({ kind: 'crash', time: this.time, node: id, action: crashAction(this.config, before, after), vars: nodeSpecVars(this.config, after) });
    this.check();
  }

  recover(id: NodeId): void {
    if (!this.down.delete(id)) return;
    this.emit({ kind: 'recover', time: this.time, node: id });
  }

  startPartition(groups: NodeId[][]): void {
    this.partition = groups;
    this.emit({ kind: 'partition', time: this.time, groups });
  }

  heal(): void {
    this.partition = null;
    this.emit({ kind: 'heal', time: this.time });
  }

  reachable(from: NodeId, to: NodeId): boolean {
    if (!this.partition) return true;
    const group = this.partition.find((g) => g.includes(from));
    // Clients and nodes outside every group reach everyone.
    return !group || !this.partition.some((g) => g.includes(to)) || group.includes(to);
  }

  /** The earliest thing due: a message arriving or a timer firing. */
  nextDue(): { kind: 'deliver'; envelope: Envelope } | { kind: 'fire'; timer: PendingTimer } | null {
    let best: { kind: 'deliver'; envelope: Envelope } | { kind: 'fire'; timer: PendingTimer } | null = null;
    let bestAt = Infinity;
    let bestId = Infinity;
    for (const envelope of this.inFlight) {
      if (envelope.at < bestAt || (envelope.at === bestAt && envelope.id < bestId)) {
        best = { kind: 'deliver', envelope };
        bestAt = envelope.at;
        bestId = envelope.id;
      }
    }
    for (const timer of this.timers) {
      if (timer.at < bestAt || (timer.at === bestAt && timer.id < bestId)) {
        best = { kind: 'fire', timer };
        bestAt = timer.at;
        bestId = timer.id;
      }
    }
    return best;
  }

  /** Learners that have learned, with what. */
  learned(): Map<NodeId, Value> {
    const out = new Map<NodeId, Value>();
    for (const l of this.config.learners) {
      const v = this.node(l).learner?.durable.learned;
      if (v !== undefined && v !== null) out.set(l, v);
    }
    return out;
  }

  private apply(id: NodeId, input: Input): void {
    const step = loggedStep(this.config, id, this.node(id), input);
    this.nodes.set(id, step.after);
    this.held = [];
    for (const part of step.parts) for (const out of part.outputs) this.perform(id, out);
    const networkEvents = this.held;
    this.held = null;
    for (const line of step.lines) this.emit({ kind: 'step', time: this.time, ...line });
    for (const e of networkEvents) this.emit(e);
    this.check();
  }

  /** Outputs are honoured in order: the disk write happens before the sends after it. */
  private perform(id: NodeId, out: Output): void {
    switch (out.kind) {
      case 'persist':
        this.disks.set(id, { ...this.disks.get(id), [out.role]: out.durable });
        return;
      case 'send':
        this.send(id, out.to, out.msg);
        return;
      case 'set-timer':
        this.timers.push({
          id: this.nextId++,
          node: id,
          timer: out.timer,
          bal: out.bal,
          at: this.time + out.delay + (out.jitter > 0 ? this.rng.int(out.jitter) : 0),
        });
        return;
      case 'learned':
        return; // visible in the learner's state; the random driver watches for it
    }
  }

  private send(from: NodeId, to: NodeId, msg: Message): void {
    if (isSpecMessage(msg)) this.msgs.set(specMessageKey(msg), msg);
    if (!this.reachable(from, to)) {
      this.emit({ kind: 'lost', time: this.time, from, to, msg, why: 'partition' });
      return;
    }
    if (this.rng.chance(this.faults.loss)) {
      this.emit({ kind: 'lost', time: this.time, from, to, msg, why: 'loss' });
      return;
    }
    const delay = () => this.rng.between(this.faults.delayMin, this.faults.delayMax);
    this.inFlight.push({ id: this.nextId++, from, to, msg, at: this.time + delay() });
    if (this.rng.chance(this.faults.dup)) {
      this.inFlight.push({ id: this.nextId++, from, to, msg, at: this.time + delay() });
      this.emit({ kind: 'duplicated', time: this.time, from, to, msg });
    }
  }

  private check(): void {
    if (this.violation) return;
    this.violation = checkSafety(this.config, specState(this.config, this.nodes.values(), this.msgs));
  }

  private emit(e: WorldEvent): void {
    if (this.held) this.held.push(e);
    else this.options.onEvent?.(e);
  }
}
