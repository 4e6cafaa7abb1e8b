// The servers' mesh on loopback: each server listens for its peers, and
// dials each of them for what it sends (one outbound connection per peer,
// redialled with backoff).  Every frame is authenticated (wire-frames.ts);
// the first on a connection names the sender, and a connection whose
// frames fail (size, MAC, JSON, message shape) is closed with the reason
// logged - the node goes on.  While a peer is unreachable its messages are
// dropped: to Paxos that is message loss, which retransmission by the
// reducers (heartbeats, retries) covers.  A frame after the hello is
// {msg, lc}: the message and the sender's Lamport clock (for traces).
import { createServer, Socket, type Server } from 'node:net';
import type { Message, NodeId } from '../../../multi/messages.ts';
import type { ServerAddress } from '../cluster-file.ts';
import { checkMessage } from './message-check.ts';
import { encodeWireFrame, WireFrameReader } from './wire-frames.ts';

export interface PeerNetOptions {
  readonly self: NodeId;
  readonly peers: readonly ServerAddress[];
  readonly listenPort: number;
  readonly key: Buffer;
  /** `lc`: the sender's Lamport clock (0 from a sender that sent none). */
  readonly onMessage: (from: NodeId, msg: Message, lc: number) => void;
  readonly log: (line: string) => void;
}

interface Outbound {
  socket: Socket | null;
  connected: boolean;
  backoff: number;
  timer: NodeJS.Timeout | null;
}

const BACKOFF_MIN = 20;
// Under the election timeout (cluster-file.ts): a restarted peer hears the leader before it campaigns.
const BACKOFF_MAX = 100;

export class PeerNet {
  private server: Server | null = null;
  private readonly out = new Map<NodeId, Outbound>();
  private readonly inbound = new Set<Socket>();
  private closed = false;
  private lastFrame: { msg: Message; lc: number; frame: Buffer } | null = null;
  readonly counters = { sent: 0, dropped: 0, received: 0, rejectedConnections: 0 };

  constructor(private readonly o: PeerNetOptions) {}

  async start(): Promise<void> {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.o.listenPort, '127.0.0.1', () => resolve());
    });
    for (const p of this.o.peers) if (p.id !== this.o.self) this.dial(p);
  }

  send(to: NodeId, msg: Message, lc: number): void {
    const o = this.out.get(to);
    if (!o?.connected || !o.socket) {
      this.counters.dropped++;
      return;
    }
    let frame: Buffer;
    try {
      frame = this.frameOf(msg, lc);
    } catch (e) {
      // Over the frame limit (a promise reporting a very long undecided
      // tail): dropped, as the network may drop any message, and said.
      this.counters.dropped++;
      this.o.log(`peer ${to}: dropped a ${msg.type} message: ${(e as Error).message}`);
      return;
    }
    corkForTick(o.socket);
    o.socket.write(frame);
    this.counters.sent++;
  }

  /**
   * A broadcast hands every peer the same message object in a row, and
   * every peer shares the key: its frame is encoded and MACed once, not
   * once per peer (a 2a of a full batch is several kilobytes of JSON).
   */
  private frameOf(msg: Message, lc: number): Buffer {
    const last = this.lastFrame;
    if (last?.msg === msg && last.lc === lc) return last.frame;
    const frame = encodeWireFrame(this.o.key, { msg, lc });
    this.lastFrame = { msg, lc, frame };
    return frame;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const o of this.out.values()) {
      if (o.timer) clearTimeout(o.timer);
      o.socket?.destroy();
    }
    for (const s of this.inbound) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private dial(p: ServerAddress): void {
    const o: Outbound = this.out.get(p.id) ?? { socket: null, connected: false, backoff: BACKOFF_MIN, timer: null };
    this.out.set(p.id, o);
    if (this.closed) return;
    const socket = new Socket();
    o.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      o.connected = true;
      o.backoff = BACKOFF_MIN;
      socket.write(encodeWireFrame(this.o.key, { hello: this.o.self }));
    });
    // Nothing is read on an outbound connection: the peer answers on its own.
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      o.connected = false;
      if (this.closed) return;
      o.timer = setTimeout(() => this.dial(p), o.backoff);
      o.backoff = Math.min(BACKOFF_MAX, o.backoff * 2);
    });
    socket.connect(p.peerPort, '127.0.0.1');
  }

  private accept(socket: Socket): void {
    this.inbound.add(socket);
    socket.setNoDelay(true);
    const reader = new WireFrameReader(this.o.key);
    let from: NodeId | null = null;
    const refuse = (reason: string) => {
      this.counters.rejectedConnections++;
      this.o.log(`peer connection from ${socket.remoteAddress}:${socket.remotePort}${from ? ` (${from})` : ''} closed: ${reason}`);
      socket.destroy();
    };
    socket.on('data', (chunk: Buffer) => {
      const fed = reader.feed(chunk);
      if (!fed.ok) return refuse(fed.reason);
      for (const p of fed.payloads) {
        const body = p as { hello?: unknown; msg?: unknown; lc?: unknown };
        if (from === null) {
          if (typeof body?.hello !== 'string' || !this.o.peers.some((x) => x.id === body.hello && x.id !== this.o.self)) return refuse(`the first frame must name a peer (hello), got ${JSON.stringify(p).slice(0, 80)}`);
          from = body.hello;
          continue;
        }
        const checked = checkMessage(body?.msg);
        if (!checked.ok) return refuse(checked.reason);
        const lc = clockField(body.lc);
        if (lc === null) return refuse(`field lc: not a non-negative integer (${JSON.stringify(body.lc)?.slice(0, 40)})`);
        this.counters.received++;
        this.o.onMessage(from, checked.msg, lc);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.inbound.delete(socket));
  }
}

/**
 * Hold a socket's writes until the end of this tick, then send them in one
 * system call: a step (or a run of steps released by one fdatasync) often
 * sends a peer several frames, and under load the kernel's share of the
 * CPU was mostly one write per frame.
 */
export function corkForTick(socket: Socket): void {
  if (socket.writableCorked > 0) return;
  socket.cork();
  process.nextTick(() => socket.uncork());
}

/** A Lamport clock from the wire: absent is 0 (a sender that keeps none); null if malformed. */
export function clockField(v: unknown): number | null {
  if (v === undefined) return 0;
  return Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : null;
}
