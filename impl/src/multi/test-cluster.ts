// A tiny lossless cluster for the reducers' unit tests: messages delivered
// in FIFO order, timers fired only when a test says so, every server's disk
// kept as the fold of what it persisted, every step logged as trace lines.
import { clientStep, initClient, type ClientInput, type ClientOutput, type ClientState } from './client.ts';
import { makeMultiConfig, type MultiConfig } from './config.ts';
import { EMPTY_DISK, foldRecord, type DurableState, type Input, type Output } from './io.ts';
import type { Message, NodeId } from './messages.ts';
import { initServer, recoverServer, serverStep } from './server.ts';
import type { ServerState } from './state.ts';
import { clientLine, crashLine, serverLines, type ClientHistory, type MultiLine } from './trace-lines.ts';
import type { MultiBugs } from './bugs.ts';
import type { KvCommand, KvResult } from '../kv/commands.ts';

export class TestCluster {
  readonly config: MultiConfig;
  readonly servers = new Map<NodeId, ServerState>();
  readonly disks = new Map<NodeId, DurableState>();
  readonly clients = new Map<string, ClientState>();
  readonly queue: { from: NodeId; to: NodeId; msg: Message }[] = [];
  /** Every message sent, in order. */
  readonly sentLog: { from: NodeId; to: NodeId; msg: Message }[] = [];
  readonly lines: MultiLine[] = [];
  readonly completed: { client: string; id: number; cmd: KvCommand; result: KvResult }[] = [];
  /** Servers that are down: messages to them are dropped. */
  readonly down = new Set<NodeId>();
  history: ClientHistory = { hMax: 0 };

  constructor(opts: { servers?: NodeId[]; clients?: string[]; window?: number; maxBatch?: number; bugs?: MultiBugs } = {}) {
    this.config = makeMultiConfig({ servers: opts.servers ?? ['s0', 's1', 's2'], window: opts.window, maxBatch: opts.maxBatch, bugs: opts.bugs });
    for (const id of this.config.servers) {
      this.servers.set(id, initServer(this.config, id).state);
      this.disks.set(id, EMPTY_DISK);
    }
    for (const c of opts.clients ?? ['c1']) this.clients.set(c, initClient(c));
  }

  server(id: NodeId): ServerState {
    return this.servers.get(id)!;
  }

  private serverOutputs(id: NodeId, outputs: readonly Output[]): void {
    for (const o of outputs) {
      if (o.kind === 'persist') this.disks.set(id, foldRecord(this.disks.get(id)!, o.record));
      else if (o.kind === 'send') this.send({ from: id, to: o.to, msg: o.msg });
    }
  }

  private clientOutputs(c: string, outputs: readonly ClientOutput[]): void {
    for (const o of outputs) {
      if (o.kind === 'send') this.send({ from: c, to: o.to, msg: o.msg });
      else if (o.kind === 'complete') this.completed.push({ client: c, id: o.id, cmd: o.cmd, result: o.result });
    }
  }

  private send(m: { from: NodeId; to: NodeId; msg: Message }): void {
    this.queue.push(m);
    this.sentLog.push(m);
  }

  stepServer(id: NodeId, input: Input): void {
    const before = this.server(id);
    const step = serverStep(this.config, before, input);
    this.servers.set(id, step.state);
    this.lines.push(...serverLines(this.config, before, step));
    this.serverOutputs(id, step.outputs);
  }

  stepClient(c: string, input: ClientInput): void {
    const before = this.clients.get(c)!;
    const step = clientStep(this.config.servers, before, input);
    this.clients.set(c, step.state);
    const { line, history } = clientLine(before, step.action, this.history);
    this.history = history;
    this.lines.push(line);
    this.clientOutputs(c, step.outputs);
  }

  fire(id: NodeId, timer: 'election' | 'heartbeat'): void {
    this.stepServer(id, { kind: 'timer', timer });
  }

  crash(id: NodeId): void {
    const before = this.server(id);
    const { state } = recoverServer(this.config, id, this.disks.get(id)!);
    this.servers.set(id, state);
    this.lines.push(crashLine(this.config, before, state));
  }

  /** Deliver queued messages until none is left (or `max` deliveries). */
  deliverAll(max = 100_000, filter: (m: { from: NodeId; to: NodeId; msg: Message }) => boolean = () => true): number {
    let n = 0;
    while (this.queue.length > 0 && n < max) {
      const m = this.queue.shift()!;
      n++;
      if (this.down.has(m.to) || !filter(m)) continue;
      if (this.servers.has(m.to)) this.stepServer(m.to, { kind: 'receive', from: m.from, msg: m.msg });
      else if (this.clients.has(m.to)) this.stepClient(m.to, { kind: 'receive', from: m.from, msg: m.msg });
    }
    return n;
  }
}
