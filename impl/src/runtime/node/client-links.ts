// The connections of one client process to the servers' client ports: one
// per server, shared by every client of the process (a load generator runs
// many), each reply or redirect handed to the client it names.  The server
// answers whichever connection last spoke for a client name
// (client-port.ts), so many clients on one connection need nothing of it.
// Sharing matters under load: on loopback a write costs a system call that
// also runs the receiver's TCP stack, and one connection per client made
// that a write per request here and a write per reply at the server; on a
// shared connection the lines of one tick go out in one write.
import { Socket } from 'node:net';
import type { Message, NodeId } from '../../multi/messages.ts';
import type { ClusterFile } from './cluster-file.ts';
import { withoutClock } from './client-port.ts';
import { checkMessage } from './net/message-check.ts';
import { corkForTick } from './net/peer-net.ts';

export type ClientReceiver = (from: NodeId, msg: Message, lc: number) => void;

export class ClientLinks {
  private readonly sockets = new Map<NodeId, Socket>();
  private readonly receivers = new Map<string, ClientReceiver>();
  private closed = false;

  constructor(private readonly cluster: ClusterFile) {}

  /** Messages for `client` go to `receive` until `unregister`. */
  register(client: string, receive: ClientReceiver): void {
    this.receivers.set(client, receive);
  }

  unregister(client: string): void {
    this.receivers.delete(client);
  }

  /** One NDJSON line to a server; dropped if it cannot be reached (the client's retry timer moves on). */
  send(to: NodeId, line: string): void {
    const socket = this.connection(to);
    if (!socket) return;
    corkForTick(socket);
    socket.write(line);
  }

  close(): void {
    this.closed = true;
    for (const s of this.sockets.values()) s.destroy();
  }

  private connection(to: NodeId): Socket | null {
    if (this.closed) return null;
    const existing = this.sockets.get(to);
    if (existing && !existing.destroyed) return existing;
    const addr = this.cluster.servers.find((s) => s.id === to);
    if (!addr) return null;
    const socket = new Socket();
    this.sockets.set(to, socket);
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let buf = '';
    socket.on('data', (chunk: string) => {
      buf += chunk;
      let start = 0;
      let nl: number;
      while ((nl = buf.indexOf('\n', start)) >= 0) {
        const line = buf.slice(start, nl);
        start = nl + 1;
        let v: unknown;
        try {
          v = JSON.parse(line);
        } catch {
          continue;
        }
        const { message, lc } = withoutClock(v);
        const checked = checkMessage(message);
        if (!checked.ok || lc === null || !('client' in checked.msg)) continue;
        this.receivers.get(checked.msg.client)?.(to, checked.msg, lc);
      }
      buf = buf.slice(start);
    });
    // A server that is down: the retry timers move on to the next one.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.sockets.get(to) === socket) this.sockets.delete(to);
    });
    socket.connect(addr.clientPort, '127.0.0.1');
    return socket;
  }
}
