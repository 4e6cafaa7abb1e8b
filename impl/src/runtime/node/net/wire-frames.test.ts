// Frames split and joined any way a TCP stream may deliver them come out
// whole and in order; a forged MAC, a wrong key, a body that is not JSON and
// an oversized length each end the stream with a reason, and nothing after
// them is accepted.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { encodeWireFrame, LENGTH_BYTES, mac, MAC_BYTES, WireFrameReader } from './wire-frames.ts';

const KEY = Buffer.from('cluster key for tests');

describe('wire frames', () => {
  test('property: any chunking of a stream of frames yields the payloads in order', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }), (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map((p) => encodeWireFrame(KEY, p)));
        const reader = new WireFrameReader(KEY);
        const got: unknown[] = [];
        for (let at = 0, k = 0; at < stream.length; k++) {
          const size = cuts[k % cuts.length]!;
          const fed = reader.feed(stream.subarray(at, at + size));
          expect(fed.ok).toBe(true);
          if (fed.ok) got.push(...fed.payloads);
          at += size;
        }
        // JSON round trip: -0 becomes 0, as on the wire.
        expect(got).toEqual(payloads.map((p) => JSON.parse(JSON.stringify(p))));
      }),
    );
  });

  test('a frame with a tampered body fails its MAC, and the stream stays closed', () => {
    const frame = encodeWireFrame(KEY, { type: '2b', bal: 1 });
    frame[LENGTH_BYTES + 5] = frame[LENGTH_BYTES + 5]! ^ 1;
    const reader = new WireFrameReader(KEY);
    expect(reader.feed(frame)).toEqual({ ok: false, reason: 'a frame whose MAC does not match the cluster key (forged, or a peer with another key)' });
    expect(reader.feed(encodeWireFrame(KEY, 'valid later'))).toMatchObject({ ok: false });
  });

  test('a peer with another key is refused', () => {
    const reader = new WireFrameReader(KEY);
    expect(reader.feed(encodeWireFrame(Buffer.from('another key'), { hello: 1 }))).toMatchObject({ ok: false, reason: expect.stringContaining('MAC does not match') });
  });

  test('an oversized length is refused from its four bytes alone, before any body arrives', () => {
    const reader = new WireFrameReader(KEY, 1024);
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32BE(0xffff_ffff, 0);
    expect(reader.feed(length)).toEqual({ ok: false, reason: 'a frame of 4294967295 bytes announced, over the 1024-byte limit' });
  });

  test('a well-authenticated body that is not JSON is refused', () => {
    const good = encodeWireFrame(KEY, 'x');
    // Rebuild a frame around a non-JSON body with a correct MAC: only a key holder could, but it still must not crash the reader.
    const body = Buffer.from('{not json');
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32BE(body.length, 0);
    const frame = Buffer.concat([length, body, mac(KEY, length, body)]);
    expect(frame.length).toBe(LENGTH_BYTES + body.length + MAC_BYTES);
    expect(new WireFrameReader(KEY).feed(Buffer.concat([good, frame]))).toEqual({ ok: false, reason: 'a frame whose body is not JSON' });
  });
});
