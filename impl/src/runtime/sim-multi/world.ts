// The simulated world around the Multi-Paxos reducers: servers with their
// disks, clients, a network of messages in flight, timers, crashes and
// partitions.  It does the reducers' I/O as a real runtime must: outputs
// in order, so a persist is on disk before any send after it leaves; a
// crash keeps the disk (the fold of persisted records, io.ts foldRecord)
// and loses everything else, timers included; set-timer replaces the
// pending timer of its name, with the jitter drawn here.  After every step
// it checks the spec's safety properties (safety.ts) and records the
// clients' history in simulated time for the linearizability check.
// ./run.ts drives it from a seed; tests drive it item by item.
import { match } from 'ts-pattern';
import type { KvCommand } from '../../kv/commands.ts';
import { HistoryRecorder } from '../../kv/history.ts';
import { clientStep, DEFAULT_CLIENT_TIMING, initClient, type ClientInput, type ClientState, type ClientTiming } from '../../multi/client.ts';
import type { MultiConfig } from '../../multi/config.ts';
import { EMPTY_DISK, foldRecord, type DurableState, type Input, type Output, type TimerName } from '../../multi/io.ts';
import type { Message, NodeId } from '../../multi/messages.ts';
import { initServer, recoverServer, serverStep } from '../../multi/server.ts';
import type { ServerState } from '../../multi/state.ts';
import { clientLine, crashLine, serverLines, type ClientHistory, type MultiLine } from '../../multi/trace-lines.ts';
import { NO_FAULTS, type Faults } from '../sim/faults.ts';
import { Rng } from '../sim/rng.ts';
import { Agenda, type Due } from './agenda.ts';
import { SafetyMonitor, type MultiViolation } from './safety.ts';

export type Item =
  /** id: this copy's number on the network (a duplicate has its own), for the trace's net notes. */
  | { readonly kind: 'deliver'; readonly from: NodeId; readonly to: NodeId; readonly msg: Message; readonly id: number }
  | { readonly kind: 'timer'; readonly node: NodeId; readonly timer: TimerName | 'retry' }
  /** A client's next command is due (closed loop: after the previous answer and a think time). */
  | { readonly kind: 'invoke'; readonly client: string }
  | { readonly kind: 'recover'; readonly node: NodeId }
  | { readonly kind: 'heal' };

/** What caused a line, for people reading the trace (not checked). */
export type InputNote =
  | { readonly kind: 'receive'; readonly from: NodeId; readonly type: Message['type'] }
  | { readonly kind: 'timer'; readonly timer: string }
  | { readonly kind: 'invoke' }
  | { readonly kind: 'crash' };

/** A message put on the network: every copy in flight has its own number. */
export interface NetSend {
  readonly id: number;
  readonly to: NodeId;
  readonly msg: Message;
}

/**
 * What a step did on the network, for reports (trace-check ignores it): the
 * copy it consumed (on the step's first line) and the messages it sent (on
 * its last line), whether or not they arrive.  The spec's `sent` cannot say
 * it: spec messages have no addressee, a batch is one message per slot there,
 * and heartbeats, redirects, nacks, decided notices and retries are not spec
 * messages.
 */
export interface NetNote {
  readonly in?: number;
  readonly out?: readonly NetSend[];
}

export type MultiWorldEvent =
  | { readonly kind: 'line'; readonly time: number; readonly line: MultiLine; readonly input: InputNote; readonly net?: NetNote }
  | { readonly kind: 'lost'; readonly time: number; readonly from: NodeId; readonly to: NodeId; readonly msg: Message; readonly why: 'loss' | 'partition' | 'down' | 'dropped'; readonly id: number }
  /** The network made a second copy, numbered `copy`, of the copy `id`. */
  | { readonly kind: 'duplicated'; readonly time: number; readonly from: NodeId; readonly to: NodeId; readonly msg: Message; readonly id: number; readonly copy: number }
  | { readonly kind: 'recover'; readonly time: number; readonly node: NodeId }
  | { readonly kind: 'partition'; readonly time: number; readonly groups: NodeId[][] }
  | { readonly kind: 'heal'; readonly time: number };

/** The clients' workload: the next command of a client, and how long it thinks first. */
export interface Workload {
  next(client: string): KvCommand;
  think(): number;
}

export interface MultiWorldOptions {
  clients: readonly string[];
  faults?: Faults;
  rng?: Rng;
  /** Without one, clients invoke only when a test calls invoke(). */
  workload?: Workload;
  clientTiming?: ClientTiming;
  onEvent?: (e: MultiWorldEvent) => void;
  /** Compute the trace lines of server steps (default: when onEvent is given). */
  lines?: boolean;
}

export class MultiWorld {
  time = 0;
  readonly servers = new Map<NodeId, ServerState>();
  readonly disks = new Map<NodeId, DurableState>();
  readonly clients = new Map<string, ClientState>();
  readonly down = new Set<NodeId>();
  /** Nodes in different groups cannot reach each other; clients reach everyone. */
  partition: NodeId[][] | null = null;
  readonly agenda = new Agenda<Item>();
  readonly monitor = new SafetyMonitor();
  readonly recorder = new HistoryRecorder();
  violation: MultiViolation | null = null;
  /** Spec hMax, for the clients' Request/Receive lines. */
  history: ClientHistory = { hMax: 0 };
  private readonly timers = new Map<string, number>();
  /** The recorder's id of each client's operation in progress. */
  private readonly openOp = new Map<string, number>();
  private held: MultiWorldEvent[] | null = null;
  /** The sends of the step being taken, for its net note. */
  private sends: NetSend[] | null = null;
  private lastMsgId = 0;
  private readonly faults: Faults;
  private readonly rng: Rng;
  private readonly clientTiming: ClientTiming;

  constructor(
    readonly config: MultiConfig,
    private readonly options: MultiWorldOptions,
  ) {
    this.faults = options.faults ?? NO_FAULTS;
    this.rng = options.rng ?? new Rng(0);
    this.clientTiming = options.clientTiming ?? DEFAULT_CLIENT_TIMING;
    for (const id of config.servers) {
      const { state, outputs } = initServer(config, id);
      this.servers.set(id, state);
      this.disks.set(id, EMPTY_DISK);
      this.perform(id, outputs);
    }
    for (const c of options.clients) {
      this.clients.set(c, initClient(c));
      if (options.workload) this.agenda.add(options.workload.think(), { kind: 'invoke', client: c });
    }
  }

  server(id: NodeId): ServerState {
    const s = this.servers.get(id);
    if (!s) throw new Error(`no server ${id}`);
    return s;
  }

  /** The server leading the highest ballot in phase 2, if any. */
  leader(): NodeId | null {
    let best: ServerState | null = null;
    for (const s of this.servers.values()) if (!this.down.has(s.id) && s.leader.phase === 'p2' && (!best || s.leader.lBal > best.leader.lBal)) best = s;
    return best?.id ?? null;
  }

  /** Messages in flight (scripted tests pick from these). */
  inFlight(): Due<Extract<Item, { kind: 'deliver' }>>[] {
    return this.agenda.items().filter((d): d is Due<Extract<Item, { kind: 'deliver' }>> => d.item.kind === 'deliver').sort((a, b) => a.id - b.id);
  }

  /** Process the earliest item due; false when nothing is. */
  step(): boolean {
    const due = this.agenda.take();
    if (!due) return false;
    this.time = Math.max(this.time, due.at);
    this.process(due.item);
    return true;
  }

  /** Process one item now, out of its turn (scripted tests: a message delivered early). */
  run(due: Due<Item>): void {
    this.agenda.cancel(due.id);
    this.time = Math.max(this.time, due.at);
    this.process(due.item);
  }

  /** The network loses a message in flight (scripted tests). */
  drop(due: Due<Item>): void {
    if (due.item.kind !== 'deliver') throw new Error('only a message can be dropped');
    this.agenda.cancel(due.id);
    const { from, to, msg, id } = due.item;
    this.emit({ kind: 'lost', time: this.time, from, to, msg, why: 'dropped', id });
  }

  private process(item: Item): void {
    match(item)
      .with({ kind: 'deliver' }, ({ from, to, msg, id }) => {
        if (this.down.has(to)) return this.emit({ kind: 'lost', time: this.time, from, to, msg, why: 'down', id });
        const input = { kind: 'receive', from, msg } as const;
        if (this.servers.has(to)) this.stepServer(to, input, { kind: 'receive', from, type: msg.type }, id);
        else this.stepClient(to, input, { kind: 'receive', from, type: msg.type }, id);
      })
      .with({ kind: 'timer' }, ({ node, timer }) => {
        this.timers.delete(`${node}/${timer}`);
        if (timer === 'retry') this.stepClient(node, { kind: 'timer', timer }, { kind: 'timer', timer });
        else this.stepServer(node, { kind: 'timer', timer }, { kind: 'timer', timer });
      })
      .with({ kind: 'invoke' }, ({ client }) => this.invoke(client, this.options.workload!.next(client)))
      .with({ kind: 'recover' }, ({ node }) => this.recover(node))
      .with({ kind: 'heal' }, () => this.heal())
      .exhaustive();
  }

  /** A client calls its next command (only when it is not waiting for one). */
  invoke(client: string, cmd: KvCommand): void {
    this.stepClient(client, { kind: 'invoke', cmd }, { kind: 'invoke' });
  }

  private stepServer(id: NodeId, input: Input, note: InputNote, msgId?: number): void {
    const before = this.server(id);
    const step = serverStep(this.config, before, input);
    this.servers.set(id, step.state);
    this.held = [];
    this.sends = [];
    this.perform(id, step.outputs);
    const network = this.held;
    const sends = this.sends;
    this.held = null;
    this.sends = null;
    // Lines cost a diff of the spec variables: only worth it when someone reads them.
    if (this.options.lines ?? this.options.onEvent !== undefined) {
      const lines = serverLines(this.config, before, step);
      lines.forEach((line, k) => this.emit({ kind: 'line', time: this.time, line, input: note, ...netNote(k === 0 ? msgId : undefined, k === lines.length - 1 ? sends : []) }));
    }
    for (const e of network) this.emit(e);
    this.violation ??= this.monitor.check(before, step.state) ?? this.monitor.checkForgetting(step.state, this.config.servers.map((s) => this.server(s)));
  }

  private stepClient(c: string, input: ClientInput, note: InputNote, msgId?: number): void {
    const before = this.clients.get(c);
    if (!before) throw new Error(`no client ${c}`);
    const step = clientStep(this.config.servers, before, input, this.clientTiming);
    this.clients.set(c, step.state);
    const { line, history } = clientLine(before, step.action, this.history);
    this.history = history;
    if (step.action?.action === 'Request') {
      this.monitor.requestSent(c, step.state.sent, step.action.cmd);
      this.openOp.set(c, this.recorder.invoke(c, step.action.cmd, this.time));
    }
    this.held = [];
    this.sends = [];
    for (const o of step.outputs) {
      match(o)
        .with({ kind: 'send' }, ({ to, msg }) => this.send(c, to, msg))
        .with({ kind: 'set-timer' }, ({ delay, jitter }) => this.setTimer(c, 'retry', delay, jitter))
        .with({ kind: 'complete' }, ({ result }) => {
          this.recorder.complete(c, this.openOp.get(c)!, result, this.time);
          this.openOp.delete(c);
          this.cancelTimer(c, 'retry');
          if (this.options.workload) this.agenda.add(this.time + this.options.workload.think(), { kind: 'invoke', client: c });
        })
        .exhaustive();
    }
    const network = this.held;
    const sends = this.sends;
    this.held = null;
    this.sends = null;
    this.emit({ kind: 'line', time: this.time, line, input: note, ...netNote(msgId, sends) });
    for (const e of network) this.emit(e);
  }

  /** Outputs are honoured in order: the disk write happens before the sends after it. */
  private perform(id: NodeId, outputs: readonly Output[]): void {
    for (const o of outputs) {
      match(o)
        .with({ kind: 'persist' }, ({ record }) => this.disks.set(id, foldRecord(this.disks.get(id)!, record)))
        .with({ kind: 'send' }, ({ to, msg }) => this.send(id, to, msg))
        .with({ kind: 'set-timer' }, ({ timer, delay, jitter }) => this.setTimer(id, timer, delay, jitter))
        .exhaustive();
    }
  }

  private setTimer(node: NodeId, timer: TimerName | 'retry', delay: number, jitter: number): void {
    this.cancelTimer(node, timer);
    const at = this.time + delay + (jitter > 0 ? this.rng.int(jitter) : 0);
    this.timers.set(`${node}/${timer}`, this.agenda.add(at, { kind: 'timer', node, timer }).id);
  }

  private cancelTimer(node: NodeId, timer: string): void {
    const id = this.timers.get(`${node}/${timer}`);
    if (id !== undefined) this.agenda.cancel(id);
    this.timers.delete(`${node}/${timer}`);
  }

  reachable(from: NodeId, to: NodeId): boolean {
    if (!this.partition) return true;
    const group = this.partition.find((g) => g.includes(from));
    return !group || !this.partition.some((g) => g.includes(to)) || group.includes(to);
  }

  private send(from: NodeId, to: NodeId, msg: Message): void {
    const id = ++this.lastMsgId;
    this.sends?.push({ id, to, msg });
    if (!this.reachable(from, to)) return this.emit({ kind: 'lost', time: this.time, from, to, msg, why: 'partition', id });
    if (this.rng.chance(this.faults.loss)) return this.emit({ kind: 'lost', time: this.time, from, to, msg, why: 'loss', id });
    const delay = () => this.rng.between(this.faults.delayMin, this.faults.delayMax);
    this.agenda.add(this.time + delay(), { kind: 'deliver', from, to, msg, id });
    if (this.rng.chance(this.faults.dup)) {
      const copy = ++this.lastMsgId;
      this.agenda.add(this.time + delay(), { kind: 'deliver', from, to, msg, id: copy });
      this.emit({ kind: 'duplicated', time: this.time, from, to, msg, id, copy });
    }
  }

  /** The server stops: it is rebuilt from its disk (what was not persisted is gone) and stays down until recover(). */
  crash(id: NodeId): void {
    if (this.down.has(id)) return;
    const before = this.server(id);
    const { state } = recoverServer(this.config, id, this.disks.get(id)!);
    this.servers.set(id, state);
    this.down.add(id);
    for (const t of ['election', 'heartbeat'] as const) this.cancelTimer(id, t);
    this.emit({ kind: 'line', time: this.time, line: crashLine(this.config, before, state), input: { kind: 'crash' } });
    this.violation ??= this.monitor.check(before, state);
  }

  /** The server restarts (from the state rebuilt at the crash): its election timer starts. */
  recover(id: NodeId): void {
    if (!this.down.delete(id)) return;
    this.emit({ kind: 'recover', time: this.time, node: id });
    const { outputs } = recoverServer(this.config, id, this.disks.get(id)!);
    this.perform(id, outputs);
  }

  startPartition(groups: NodeId[][]): void {
    this.partition = groups;
    this.emit({ kind: 'partition', time: this.time, groups });
  }

  heal(): void {
    if (!this.partition) return;
    this.partition = null;
    this.emit({ kind: 'heal', time: this.time });
  }

  /** Schedule a recovery or the end of a partition (the random driver). */
  later(at: number, item: Extract<Item, { kind: 'recover' | 'heal' }>): void {
    this.agenda.add(at, item);
  }

  private emit(e: MultiWorldEvent): void {
    if (this.held) this.held.push(e);
    else this.options.onEvent?.(e);
  }
}

/** A line's net note, left out when it has nothing to say. */
function netNote(consumed: number | undefined, sent: readonly NetSend[]): { net?: NetNote } {
  if (consumed === undefined && sent.length === 0) return {};
  return { net: { ...(consumed !== undefined ? { in: consumed } : {}), ...(sent.length > 0 ? { out: sent } : {}) } };
}
