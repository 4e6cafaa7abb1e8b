// A client of the real cluster: the client reducer (multi/client.ts) driven
// by TCP connections to the servers' client ports (its own, or links shared
// with the other clients of the process: client-links.ts).  One command at a time;
// a retry is the same request again (same id), to the next server or to the
// leader a server named, so the cluster executes it at most once however
// many copies arrive.
//
// With a trace file, every spec action the client takes (Request, Receive)
// is written there with the state it was taken in and the client's Lamport
// clock, before any message of that step leaves; every message carries the
// clock (an extra top-level "lc" on the NDJSON line).
import type { KvCommand, KvResult } from '../../kv/commands.ts';
import { clientStep, initClient, type ClientOutput, type ClientState } from '../../multi/client.ts';
import type { Message, NodeId } from '../../multi/messages.ts';
import type { ClusterFile } from './cluster-file.ts';
import { ClientLinks } from './client-links.ts';
import { lineOf } from './client-port.ts';
import { TraceFile, type ClientRecord } from './trace/trace-file.ts';

export interface KvClientOptions {
  /** Retry after this long without an answer (ms, plus as much jitter). */
  readonly retryMs?: number;
  /** Write this client's trace records here (trace-file.ts). */
  readonly trace?: string;
  /** Connections shared with other clients (closed by their owner); by default the client opens its own. */
  readonly links?: ClientLinks;
}

export interface Completed {
  readonly id: number;
  readonly cmd: KvCommand;
  readonly result: KvResult;
}

export class KvClient {
  private state: ClientState;
  private readonly links: ClientLinks;
  private readonly ownLinks: boolean;
  private waiting: { resolve: (c: Completed) => void; reject: (e: Error) => void; timeoutMs: number } | null = null;
  /** When the reducer's retry timer is due, and when the current call gives up (performance.now() ms; Infinity: not set). */
  private retryAt = Infinity;
  private deadlineAt = Infinity;
  /**
   * One timer serves both, and is re-armed when it fires rather than set
   * and cleared for every request (two timers a request were a twentieth
   * of a load generator's time).  It is never late: it is re-armed
   * whenever something falls due before it (armFor), which under load is
   * seldom, since a request's retry falls due after the last one's.
   */
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private readonly servers: readonly NodeId[];
  private closed = false;
  private readonly retryMs: number;
  private readonly trace: TraceFile | null;
  /** Lamport clock: above every clock this client has seen or stamped. */
  private clock: number;

  constructor(
    private readonly cluster: ClusterFile,
    name: string,
    o: KvClientOptions = {},
  ) {
    this.servers = cluster.servers.map((s) => s.id);
    this.state = initClient(name);
    this.retryMs = o.retryMs ?? 200;
    this.trace = o.trace === undefined ? null : TraceFile.open(o.trace);
    this.clock = this.trace?.lastClock ?? 0;
    this.ownLinks = o.links === undefined;
    this.links = o.links ?? new ClientLinks(cluster);
    this.links.register(name, (from, msg, lc) => this.step({ kind: 'receive', from, msg }, lc));
  }

  get name(): string {
    return this.state.name;
  }

  /** Run one command to completion (retrying as the reducer says), or fail after `timeoutMs`. */
  call(cmd: KvCommand, timeoutMs = 30_000): Promise<Completed> {
    if (this.waiting) return Promise.reject(new Error('one command at a time'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject, timeoutMs };
      this.deadlineAt = performance.now() + timeoutMs;
      this.armFor(this.deadlineAt);
      this.step({ kind: 'invoke', cmd });
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.links.unregister(this.state.name);
    if (this.ownLinks) this.links.close();
    this.trace?.close();
  }

  private step(input: Parameters<typeof clientStep>[2], lc = 0): void {
    if (this.closed) return;
    const before = this.state;
    const step = clientStep(this.servers, before, input, { retry: this.retryMs });
    this.state = step.state;
    this.clock = Math.max(this.clock, lc) + 1;
    if (step.action && this.trace) {
      const record: ClientRecord = { lc: this.clock, client: before.name, before, action: step.action };
      this.trace.append([record]);
    }
    for (const o of step.outputs) this.perform(o);
  }

  private perform(o: ClientOutput): void {
    switch (o.kind) {
      case 'send':
        this.send(o.to, o.msg);
        break;
      case 'set-timer': {
        const now = performance.now();
        this.retryAt = now + o.delay + Math.random() * o.jitter;
        // Armed for the earliest the retry can be due: a timer armed for an
        // earlier request's (no later than this) fires first, finds the retry
        // not due, and re-arms for it.
        this.armFor(now + o.delay);
        break;
      }
      case 'complete': {
        this.retryAt = Infinity;
        this.deadlineAt = Infinity;
        const w = this.waiting;
        this.waiting = null;
        w?.resolve({ id: o.id, cmd: o.cmd, result: o.result });
        break;
      }
    }
  }

  private armFor(at: number): void {
    if (this.closed || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, at - performance.now()));
  }

  private onTimer(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = performance.now();
    const w = this.waiting;
    if (w && now >= this.deadlineAt) {
      this.waiting = null;
      this.deadlineAt = Infinity;
      w.reject(new Error(`no answer from the cluster within ${w.timeoutMs} ms (is it running? paxos cluster start)`));
    }
    if (now >= this.retryAt) {
      this.retryAt = Infinity;
      this.step({ kind: 'timer', timer: 'retry' });
    }
    const next = Math.min(this.retryAt, this.deadlineAt);
    if (next < Infinity) this.armFor(next);
  }

  private send(to: NodeId, msg: Message): void {
    if (!this.closed) this.links.send(to, lineOf(msg, this.clock));
  }
}
