// Where clients talk to a server: newline-delimited JSON on loopback, one
// message per line, the same request / reply / redirect messages as in the
// spec and the simulator.  A client names itself in its requests; the
// server answers the last connection that spoke for that name.  A line that
// is not a request gets an error line naming what is wrong, and the
// connection is closed: the server's state never sees it.  One line that
// is not a protocol message, {"type":"status"}, tells who leads.  A line
// may carry the sender's Lamport clock as an extra top-level field "lc"
// (for traces); it is taken off before the message is checked.
import { createServer, type Server, type Socket } from 'node:net';
import type { Message } from '../../multi/messages.ts';
import { checkMessage } from './net/message-check.ts';
import { clockField, corkForTick } from './net/peer-net.ts';

const MAX_LINE = 64 * 1024;

export interface ClientPortOptions {
  readonly port: number;
  /** The requests of one read, in order (a leader proposes them as one batch), each with its clock. */
  readonly onRequests: (requests: readonly { readonly client: string; readonly msg: Extract<Message, { type: 'request' }>; readonly lc: number }[]) => void;
  /** What `{"type":"status"}` answers (not a protocol message: for operators and tests). */
  readonly status: () => Record<string, unknown>;
  readonly log: (line: string) => void;
}

export class ClientPort {
  private server: Server | null = null;
  private readonly byClient = new Map<string, Socket>();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly o: ClientPortOptions) {}

  async start(): Promise<void> {
    this.server = createServer((s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.o.port, '127.0.0.1', () => resolve());
    });
  }

  /** A reply or redirect for `client`: dropped if it has no connection (it will retry). */
  send(client: string, msg: Message, lc: number): boolean {
    const s = this.byClient.get(client);
    if (!s || s.destroyed) return false;
    corkForTick(s);
    s.write(lineOf(msg, lc));
    return true;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buf = '';
    let line = 0;
    const refuse = (reason: string) => {
      this.o.log(`client connection closed: line ${line}: ${reason}`);
      socket.end(`${JSON.stringify({ type: 'error', line, error: reason })}\n`);
      socket.destroy();
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const batch: { client: string; msg: Extract<Message, { type: 'request' }>; lc: number }[] = [];
      // The good lines before a bad one are served; the bad one closes the connection.
      const done = (reason?: string) => {
        if (batch.length > 0) this.o.onRequests(batch);
        if (reason !== undefined) refuse(reason);
      };
      buf += chunk;
      if (buf.length > MAX_LINE && !buf.includes('\n')) return done(`a line over ${MAX_LINE} bytes`);
      let start = 0;
      let nl: number;
      while ((nl = buf.indexOf('\n', start)) >= 0) {
        const text = buf.slice(start, nl);
        start = nl + 1;
        line++;
        if (text.trim() === '') continue;
        let v: unknown;
        try {
          v = JSON.parse(text);
        } catch {
          return done('not JSON');
        }
        if ((v as { type?: unknown } | null)?.type === 'status') {
          socket.write(`${JSON.stringify({ type: 'status', ...this.o.status() })}\n`);
          continue;
        }
        const { message, lc } = withoutClock(v);
        if (lc === null) return done('field lc: not a non-negative integer');
        const checked = checkMessage(message);
        if (!checked.ok) return done(checked.reason);
        if (checked.msg.type !== 'request') return done(`field type: clients send "request", not ${JSON.stringify(checked.msg.type)}`);
        this.byClient.set(checked.msg.client, socket);
        batch.push({ client: checked.msg.client, msg: checked.msg, lc });
      }
      buf = buf.slice(start);
      done();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      for (const [c, s] of this.byClient) if (s === socket) this.byClient.delete(c);
    });
  }
}

/**
 * A message as an NDJSON line with its clock as a last field.  Spliced into
 * the message's JSON rather than spread into a copy of it: half the cost,
 * for every request and reply of a loaded cluster.
 */
export function lineOf(msg: Message, lc: number): string {
  const json = JSON.stringify(msg);
  return `${json.slice(0, -1)},"lc":${lc}}\n`;
}

/** A line's message without its clock field, and the clock (0 if absent, null if malformed). */
export function withoutClock(v: unknown): { message: unknown; lc: number | null } {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !('lc' in v)) return { message: v, lc: 0 };
  const { lc, ...message } = v as Record<string, unknown>;
  return { message, lc: clockField(lc) };
}
