// One Multi-Paxos server as a real process: the pure reducer (multi/server.ts)
// driven by sockets, timers and a disk.  Everything the reducer decides it
// decides here in one synchronous call; this file only carries out its
// outputs, in order, with one rule that safety rests on:
//
//   a send leaves only after every persist output before it is on disk.
//
// A promise or vote said aloud and then forgotten in a crash is how an
// acceptor breaks Paxos; a reply sent before its slot's votes are durable
// is how a store loses an acknowledged write.  Persists are batched into
// the log's group commit (wal.ts), so the rule costs one fdatasync per
// batch, not per record; and the records of a step that sends nothing
// wait (a few milliseconds at most) for the next step that does, and share
// its sync: nothing has revealed them yet, and the log keeps its order.
//
// With tracing on, each step's trace lines go to DATA/<id>/trace.ndjson at
// once, before its records are handed to the log.  (Not after they are
// durable: bytes a process has written survive its SIGKILL whether or not
// they were fsync'd, so a log record can outlive the process before its
// fdatasync returns, and a line written only after it would be missing.)
// The trace file therefore always holds at least what the log holds; the
// lines of the last steps before a kill, whose records the log did not
// keep and whose sends never left, are cut off at merge time by comparing
// with what the next incarnation recovered (trace/restart-line.ts).
// Every message carries this server's Lamport clock, every step advances
// it, and every line carries it: merge-traces orders the files by it.
import type { MultiConfig } from '../../multi/config.ts';
import { EMPTY_DISK, foldRecord, recordsOf, type DurableRecord, type DurableState, type Input, type Output, type TimerName } from '../../multi/io.ts';
import type { Message, NodeId } from '../../multi/messages.ts';
import { durableOf, initServer, recoverServer, serverStep } from '../../multi/server.ts';
import { serverVarsChanged } from '../../multi/spec-view.ts';
import { serverLines, type MultiLine } from '../../multi/trace-lines.ts';
import type { ServerState } from '../../multi/state.ts';
import { ClientPort } from './client-port.ts';
import type { ClusterFile } from './cluster-file.ts';
import { multiConfigOf } from './cluster-file.ts';
import { PeerNet } from './net/peer-net.ts';
import { Wal } from './storage/wal.ts';
import { TraceFile, type ServerStartRecord, type ServerStepRecord } from './trace/trace-file.ts';

export interface HostOptions {
  readonly cluster: ClusterFile;
  readonly id: NodeId;
  /** This server's own directory (its log and snapshot). */
  readonly dir: string;
  readonly log: (line: string) => void;
  /** Called when stable storage fails: the process must stop (nothing after it can be trusted). */
  readonly onFatal: (e: Error) => void;
  /** Where to write this server's trace lines (none: no tracing). */
  readonly trace?: string;
}

export class ServerHost {
  private state: ServerState;
  /** Resolves when every record persisted so far is on disk. */
  private durable: Promise<void> = Promise.resolve();
  private readonly timers = new Map<TimerName, NodeJS.Timeout>();
  private readonly servers: ReadonlySet<NodeId>;
  private stopped = false;
  private compacting = false;
  /** Lamport clock: above every clock this server has seen or stamped. */
  private clock: number;

  private constructor(
    private readonly o: HostOptions,
    private readonly config: MultiConfig,
    private readonly wal: Wal,
    recovered: DurableState,
    private readonly peers: PeerNet,
    private readonly clients: ClientPort,
    private readonly trace: TraceFile | null,
  ) {
    this.servers = new Set(config.servers);
    const { state, outputs } = recoverServer(config, o.id, recovered);
    this.state = state;
    this.clock = trace?.lastClock ?? 0;
    if (trace) {
      const vars = serverVarsChanged(config, initServer(config, o.id).state, state);
      const start: ServerStartRecord = { lc: ++this.clock, event: 'start', node: o.id, pid: process.pid, vars, ...(state.replica.forgotten > 0 ? { forgotten: state.replica.forgotten } : {}) };
      trace.append([start]);
    }
    this.perform(outputs);
  }

  static async start(o: HostOptions): Promise<ServerHost> {
    const config = multiConfigOf(o.cluster);
    const me = o.cluster.servers.find((s) => s.id === o.id);
    if (!me) throw new Error(`${o.id} is not a server of the cluster file (servers: ${o.cluster.servers.map((s) => s.id).join(', ')})`);
    const { wal, recovered } = await Wal.open(o.dir);
    const trace = o.trace === undefined ? null : TraceFile.open(o.trace);
    if (trace?.tornTail) o.log(`trace: dropped a torn last line (${trace.tornTail} bytes) of ${o.trace}`);
    if (recovered.tornTail) o.log(`stable storage: dropped ${recovered.tornTail}`);
    let disk = EMPTY_DISK;
    for (const r of [...(recovered.snapshot ?? []), ...recovered.records]) disk = foldRecord(disk, r as DurableRecord);
    o.log(`recovered: promised ${disk.maxBal}, began ${disk.lBal}, ${[...disk.votes.entries()].length} vote(s), ${[...disk.decided.entries()].length} decided slot(s), applied 1..${disk.applied}, forgotten 1..${disk.forgotten}${disk.image ? `, store image at ${disk.image.at} (${disk.image.kv.size} key(s))` : ''}`);
    let host: ServerHost | null = null;
    const pending: [Input, number][] = [];
    const deliver = (input: Input, lc: number) => (host ? host.input(input, lc) : pending.push([input, lc]));
    const peers = new PeerNet({ self: o.id, peers: o.cluster.servers, listenPort: me.peerPort, key: Buffer.from(o.cluster.key, 'hex'), log: o.log, onMessage: (from, msg, lc) => deliver({ kind: 'receive', from, msg }, lc) });
    const clients = new ClientPort({
      port: me.clientPort,
      log: o.log,
      onRequests: (reqs) => deliver({ kind: 'requests', requests: reqs.map(({ client, msg }) => ({ from: client, msg })) }, Math.max(...reqs.map((r) => r.lc))),
      status: () => host?.status() ?? { id: o.id, starting: true },
    });
    await peers.start();
    await clients.start();
    host = new ServerHost(o, config, wal, disk, peers, clients, trace);
    for (const [input, lc] of pending) host.input(input, lc);
    return host;
  }

  /** One reducer step, and its outputs carried out; `lc` is the clock the message carried. */
  input(input: Input, lc = 0): void {
    if (this.stopped) return;
    const before = this.state;
    const step = serverStep(this.config, before, input);
    this.state = step.state;
    this.clock = Math.max(this.clock, lc);
    const lines: ServerStepRecord[] = [];
    if (this.trace) for (const line of serverLines(this.config, before, step)) if (!isNoOp(line)) lines.push({ lc: ++this.clock, ...line });
    if (lines.length === 0) this.clock++;
    this.trace?.append(lines);
    this.perform(step.outputs);
  }

  status(): Record<string, unknown> {
    const s = this.state;
    return { id: s.id, pid: process.pid, leading: s.leader.phase === 'p2', ballot: s.leader.lBal, promised: s.acceptor.maxBal, applied: s.replica.applied, forgotten: s.replica.forgotten, knownLeader: s.leader.knownLeader, wal: { ...this.wal.counters, logBytes: this.wal.size.log, snapshotBytes: this.wal.size.snapshot }, peers: this.peers.counters, rssBytes: process.memoryUsage.rss() };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    await this.peers.close();
    await this.clients.close();
    await this.wal.close();
    this.trace?.close();
  }

  /**
   * A step's outputs: its records go to the log in one append, and its
   * sends wait until they (and all before them) are durable.  Holding a
   * send until the step's later records are durable too is safe, only
   * later; and it keeps steps whole, which traces rely on: a step's records
   * share one append (one checksummed frame, unless a group commit outgrows
   * the frame limit), so a crash leaves all or none of them, and nothing
   * the step sent has left before all of them are durable (a trace line is
   * the whole step: trace/restart-line.ts cuts lines at step boundaries).
   */
  private perform(outputs: readonly Output[]): void {
    const records: DurableRecord[] = [];
    const sends: { to: NodeId; msg: Message }[] = [];
    for (const out of outputs) {
      switch (out.kind) {
        case 'persist':
          records.push(out.record);
          break;
        case 'send':
          sends.push(out);
          break;
        case 'set-timer':
          this.setTimer(out.timer, out.delay + Math.random() * out.jitter);
          break;
      }
    }
    if (records.length > 0) {
      this.durable = this.wal.append(records, sends.length === 0).catch((e: Error) => {
        this.stopped = true;
        this.o.onFatal(e);
        throw e;
      });
    }
    if (sends.length > 0) {
      // Records of earlier steps that nothing waited for may still be off
      // the disk: these sends wait for them (this.durable), so they go now.
      if (records.length === 0) this.wal.expedite();
      const lc = this.clock;
      // Callbacks run in the order they were chained: the order of the steps.
      this.durable.then(() => sends.forEach(({ to, msg }) => this.transmit(to, msg, lc))).catch(() => undefined);
    }
    this.maybeCompact();
  }

  private transmit(to: NodeId, msg: Message, lc: number): void {
    if (this.stopped) return;
    if (to === this.o.id) setImmediate(() => this.input({ kind: 'receive', from: to, msg }, lc));
    else if (this.servers.has(to)) this.peers.send(to, msg, lc);
    else this.clients.send(to, msg, lc);
  }

  private setTimer(timer: TimerName, ms: number): void {
    const old = this.timers.get(timer);
    if (old) clearTimeout(old);
    this.timers.set(
      timer,
      setTimeout(() => {
        this.timers.delete(timer);
        this.input({ kind: 'timer', timer });
      }, ms),
    );
  }

  /**
   * Replace the log and the snapshot by the records of the server's durable
   * state once the log has grown as large as the snapshot (and past a
   * floor): votes re-cast and promises raised collapse to one entry each,
   * forgotten slots go (multi/forget.ts), and the store and answers are
   * written as an image, so recovery need not apply the log from slot 1.
   * Each logged byte pays for about one byte of snapshot, and the disk
   * holds at most about twice the state.  The durable state is read from
   * the server's own state (durableOf): every change to it is a record
   * already handed to the log, so the two are the same.
   */
  private maybeCompact(): void {
    const { log, snapshot } = this.wal.size;
    if (this.compacting || log < Math.max(MIN_LOG_BYTES, snapshot)) return;
    this.compacting = true;
    this.wal
      .compact(recordsOf(durableOf(this.state)))
      .catch((e: Error) => this.o.onFatal(e))
      .finally(() => (this.compacting = false));
  }
}

const MIN_LOG_BYTES = 4 * 2 ** 20;

/**
 * A stutter that changes nothing (a heartbeat, a nack, a duplicate): no
 * step of the spec, and most of a run's steps; left out of the trace.  A
 * stutter that changes a spec variable (a bug) is kept, for the checker.
 */
const isNoOp = (l: MultiLine) => l.action === 'Stutter' && Object.keys(l.vars).length === 0 && l.received === undefined && l.sent.length === 0;
