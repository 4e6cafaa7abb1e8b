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
// batch, not per record.
import type { MultiConfig } from '../../multi/config.ts';
import { EMPTY_DISK, foldRecord, type DurableRecord, type DurableState, type Input, type Output, type TimerName } from '../../multi/io.ts';
import type { Message, NodeId } from '../../multi/messages.ts';
import { recoverServer, serverStep } from '../../multi/server.ts';
import type { ServerState } from '../../multi/state.ts';
import { ClientPort } from './client-port.ts';
import type { ClusterFile } from './cluster-file.ts';
import { multiConfigOf } from './cluster-file.ts';
import { PeerNet } from './net/peer-net.ts';
import { Wal } from './storage/wal.ts';

export interface HostOptions {
  readonly cluster: ClusterFile;
  readonly id: NodeId;
  /** This server's own directory (its log and snapshot). */
  readonly dir: string;
  readonly log: (line: string) => void;
  /** Called when stable storage fails: the process must stop (nothing after it can be trusted). */
  readonly onFatal: (e: Error) => void;
}

export class ServerHost {
  private state: ServerState;
  /** Resolves when every record persisted so far is on disk. */
  private durable: Promise<void> = Promise.resolve();
  private readonly timers = new Map<TimerName, NodeJS.Timeout>();
  private readonly servers: ReadonlySet<NodeId>;
  private stopped = false;
  private disk: DurableState;
  private recordsSinceSnapshot = 0;
  private compacting = false;

  private constructor(
    private readonly o: HostOptions,
    private readonly config: MultiConfig,
    private readonly wal: Wal,
    recovered: DurableState,
    private readonly peers: PeerNet,
    private readonly clients: ClientPort,
  ) {
    this.disk = recovered;
    this.servers = new Set(config.servers);
    const { state, outputs } = recoverServer(config, o.id, recovered);
    this.state = state;
    this.perform(outputs);
  }

  static async start(o: HostOptions): Promise<ServerHost> {
    const config = multiConfigOf(o.cluster);
    const me = o.cluster.servers.find((s) => s.id === o.id);
    if (!me) throw new Error(`${o.id} is not a server of the cluster file (servers: ${o.cluster.servers.map((s) => s.id).join(', ')})`);
    const { wal, recovered } = await Wal.open(o.dir);
    if (recovered.tornTail) o.log(`stable storage: dropped ${recovered.tornTail}`);
    let disk = recovered.snapshot === null ? EMPTY_DISK : diskFromSnapshot(recovered.snapshot);
    for (const r of recovered.records) disk = foldRecord(disk, r as DurableRecord);
    o.log(`recovered: promised ${disk.maxBal}, began ${disk.lBal}, ${[...disk.votes.entries()].length} vote(s), ${[...disk.decided.entries()].length} decided slot(s), applied 1..${disk.applied}`);
    let host: ServerHost | null = null;
    const pending: Input[] = [];
    const deliver = (input: Input) => (host ? host.input(input) : pending.push(input));
    const peers = new PeerNet({ self: o.id, peers: o.cluster.servers, listenPort: me.peerPort, key: Buffer.from(o.cluster.key, 'hex'), log: o.log, onMessage: (from, msg) => deliver({ kind: 'receive', from, msg }) });
    const clients = new ClientPort({ port: me.clientPort, log: o.log, onRequest: (client, msg) => deliver({ kind: 'receive', from: client, msg }), status: () => host?.status() ?? { id: o.id, starting: true } });
    await peers.start();
    await clients.start();
    host = new ServerHost(o, config, wal, disk, peers, clients);
    for (const input of pending) host.input(input);
    return host;
  }

  /** One reducer step, and its outputs carried out. */
  input(input: Input): void {
    if (this.stopped) return;
    const step = serverStep(this.config, this.state, input);
    this.state = step.state;
    this.perform(step.outputs);
  }

  status(): Record<string, unknown> {
    const s = this.state;
    return { id: s.id, pid: process.pid, leading: s.leader.phase === 'p2', ballot: s.leader.lBal, promised: s.acceptor.maxBal, applied: s.replica.applied, knownLeader: s.leader.knownLeader, wal: this.wal.counters, peers: this.peers.counters };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    await this.peers.close();
    await this.clients.close();
    await this.wal.close();
  }

  private perform(outputs: readonly Output[]): void {
    let records: DurableRecord[] = [];
    const flush = () => {
      if (records.length === 0) return;
      const batch = records;
      records = [];
      for (const r of batch) this.disk = foldRecord(this.disk, r);
      this.recordsSinceSnapshot += batch.length;
      this.durable = this.wal.append(batch).catch((e: Error) => {
        this.stopped = true;
        this.o.onFatal(e);
        throw e;
      });
    };
    for (const out of outputs) {
      switch (out.kind) {
        case 'persist':
          records.push(out.record);
          break;
        case 'send': {
          flush();
          const { to, msg } = out;
          // Sends resolve in the order they were chained: the order the reducer gave.
          this.durable.then(() => this.transmit(to, msg)).catch(() => undefined);
          break;
        }
        case 'set-timer':
          this.setTimer(out.timer, out.delay + Math.random() * out.jitter);
          break;
      }
    }
    flush();
    this.maybeCompact();
  }

  private transmit(to: NodeId, msg: Message): void {
    if (this.stopped) return;
    if (to === this.o.id) setImmediate(() => this.input({ kind: 'receive', from: to, msg }));
    else if (this.servers.has(to)) this.peers.send(to, msg);
    else this.clients.send(to, msg);
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
   * Replace the log by the fold of its records once it holds many: votes
   * re-cast and promises raised collapse to one entry each.  (The decided
   * log itself is kept whole: recovery re-applies it to rebuild the store.)
   */
  private maybeCompact(): void {
    if (this.compacting || this.recordsSinceSnapshot < COMPACT_EVERY) return;
    this.compacting = true;
    this.recordsSinceSnapshot = 0;
    this.wal
      .compact(diskToSnapshot(this.disk))
      .catch((e: Error) => this.o.onFatal(e))
      .finally(() => (this.compacting = false));
  }
}

const COMPACT_EVERY = 10_000;

interface DiskSnapshot {
  maxBal: number;
  lBal: number;
  applied: number;
  votes: [number, unknown][];
  decided: [number, unknown][];
}

function diskToSnapshot(d: DurableState): DiskSnapshot {
  return { maxBal: d.maxBal, lBal: d.lBal, applied: d.applied, votes: [...d.votes.entries()], decided: [...d.decided.entries()] };
}

function diskFromSnapshot(v: unknown): DurableState {
  const s = v as DiskSnapshot;
  let d: DurableState = { ...EMPTY_DISK, maxBal: s.maxBal, lBal: s.lBal, applied: s.applied };
  for (const [slot, vote] of s.votes) d = { ...d, votes: d.votes.set(slot, vote as never) };
  for (const [slot, dec] of s.decided) d = { ...d, decided: d.decided.set(slot, dec as never) };
  return d;
}
