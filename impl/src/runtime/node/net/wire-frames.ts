// Frames between servers on a TCP stream:
//
//   frame = length (u32 BE, of the body) | body (UTF-8 JSON) | HMAC-SHA256(cluster key, length | body)
//
// The MAC keeps out a process that does not hold the cluster key: it can
// neither join nor inject a message (a forged 2b could make a value look
// chosen).  The size limit is checked on the length alone, before any of
// the body is buffered, so a hostile length cannot make a node allocate.
// Any bad frame ends the connection: after one, the stream's framing can no
// longer be trusted (good frames of the same chunk are dropped with it: to
// Paxos that is message loss, which it tolerates).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAC_BYTES = 32;
export const LENGTH_BYTES = 4;
export const MAX_WIRE_BODY = 4 * 2 ** 20;

export function mac(key: Buffer, length: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update(length).update(body).digest();
}

export function encodeWireFrame(key: Buffer, payload: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  if (body.length > MAX_WIRE_BODY) throw new RangeError(`a frame body of ${body.length} bytes is over the ${MAX_WIRE_BODY}-byte limit`);
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(body.length, 0);
  return Buffer.concat([length, body, mac(key, length, body)]);
}

export type Fed = { readonly ok: true; readonly payloads: readonly unknown[] } | { readonly ok: false; readonly reason: string };

/** Reassembles frames from the chunks a socket delivers; the first bad frame is final. */
export class WireFrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private broken: string | null = null;

  constructor(
    private readonly key: Buffer,
    private readonly maxBody = MAX_WIRE_BODY,
  ) {}

  feed(chunk: Buffer): Fed {
    if (this.broken) return { ok: false, reason: this.broken };
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const payloads: unknown[] = [];
    for (;;) {
      if (this.buf.length < LENGTH_BYTES) break;
      const len = this.buf.readUInt32BE(0);
      if (len > this.maxBody) return this.fail(`a frame of ${len} bytes announced, over the ${this.maxBody}-byte limit`);
      const total = LENGTH_BYTES + len + MAC_BYTES;
      if (this.buf.length < total) break;
      const length = this.buf.subarray(0, LENGTH_BYTES);
      const body = this.buf.subarray(LENGTH_BYTES, LENGTH_BYTES + len);
      const tag = this.buf.subarray(LENGTH_BYTES + len, total);
      if (!timingSafeEqual(tag, mac(this.key, length, body))) return this.fail('a frame whose MAC does not match the cluster key (forged, or a peer with another key)');
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        return this.fail('a frame whose body is not JSON');
      }
      payloads.push(payload);
      this.buf = this.buf.subarray(total);
    }
    return { ok: true, payloads };
  }

  private fail(reason: string): Fed {
    this.broken = reason;
    this.buf = Buffer.alloc(0);
    return { ok: false, reason };
  }
}
