// The on-disk layout of a node's durable log: a sequence of frames, one per
// write, each holding a batch of records.
//
//   frame = length (u32 BE, of the payload) | crc32 (u32 BE, of the payload) | payload (UTF-8 JSON array)
//
// One frame per write, at most MAX_FRAME bytes, and the next write only
// after the previous one's fdatasync returned (wal.ts): so a crash can tear
// only the last frame, and none of its records was acknowledged (a reply
// waits for the sync).  On reading, a bad frame within the last MAX_FRAME
// bytes of the file is therefore taken for a torn write and dropped; a bad
// frame further from the end is damage to data that was synced, which may
// hold acknowledged records: the node must not start on it (dropping it
// could forget a promise or a vote, which is how Paxos loses safety).
// (Limit: damage to synced data inside the last MAX_FRAME bytes looks like
// a torn write.  Only a per-write marker outside the data, such as a
// second file, could tell them apart.)
//
// A log file is written into zeros laid down beforehand (wal.ts: an
// fdatasync that must also record a grown file size costs a journal commit,
// twice the time), so "the end" above is the end of the data: the byte
// after the last one that is not zero.  No frame ends in a zero (a payload
// is a JSON array, ending in "]"), and no frame is all zeros (its length
// would be 0, and "" is no JSON).
import { crc32 } from 'node:zlib';

export const FRAME_HEADER = 8;
/** The largest frame (header and payload) we write: one write, so the most a crash can tear. */
export const MAX_FRAME = 2 ** 20;
export const MAX_FRAME_PAYLOAD = MAX_FRAME - FRAME_HEADER;

/** One frame of records; the caller keeps it under MAX_FRAME (see framesFor). */
export function encodeFrame(records: readonly unknown[]): Buffer {
  return frameOf(JSON.stringify(records));
}

/** The frame of a payload already in JSON. */
function frameOf(json: string): Buffer {
  const payload = Buffer.from(json, 'utf8');
  if (payload.length > MAX_FRAME_PAYLOAD) throw new RangeError(`a frame of ${payload.length} bytes is over ${MAX_FRAME_PAYLOAD}`);
  const header = Buffer.alloc(FRAME_HEADER);
  header.writeUInt32BE(payload.length, 0);
  header.writeUInt32BE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/**
 * Records split into frames that each fit MAX_FRAME (a single record over
 * it is an error).  Each record is turned into JSON once: measuring it and
 * writing it are the same text (a frame's payload is the JSON array of its
 * records, `[` + their JSON joined by `,` + `]`).
 */
export function framesFor(records: readonly unknown[]): Buffer[] {
  const frames: Buffer[] = [];
  let batch: string[] = [];
  let size = 2;
  for (const r of records) {
    const json = JSON.stringify(r);
    const len = Buffer.byteLength(json, 'utf8') + 1;
    if (batch.length > 0 && size + len > MAX_FRAME_PAYLOAD) {
      frames.push(frameOf(`[${batch.join(',')}]`));
      batch = [];
      size = 2;
    }
    batch.push(json);
    size += len;
  }
  if (batch.length > 0) frames.push(frameOf(`[${batch.join(',')}]`));
  return frames;
}

export type ScanResult =
  | {
      readonly ok: true;
      /** The records of every whole frame, in order. */
      readonly records: readonly unknown[];
      readonly frames: number;
      /** Where the good frames end: appending goes on here. */
      readonly goodBytes: number;
      /** Where the data ends (zeros after it): goodBytes .. dataEnd is a torn write, zeroed before appending. */
      readonly dataEnd: number;
      /** Why the bytes after goodBytes were dropped, if any were. */
      readonly tornTail: string | null;
    }
  | { readonly ok: false; readonly offset: number; readonly frame: number; readonly reason: string };

/** Read the frames of a log file's contents; see the header for torn versus corrupt. */
export function scanFrames(buf: Buffer): ScanResult {
  const records: unknown[] = [];
  const end = dataEnd(buf);
  const data = buf.subarray(0, end);
  let at = 0;
  let frame = 0;
  while (at < end) {
    const problem = frameProblem(data, at, MAX_FRAME_PAYLOAD);
    if (problem === null) {
      const len = buf.readUInt32BE(at);
      const payload = buf.subarray(at + FRAME_HEADER, at + FRAME_HEADER + len);
      records.push(...(JSON.parse(payload.toString('utf8')) as unknown[]));
      at += FRAME_HEADER + len;
      frame++;
      continue;
    }
    const tail = end - at;
    if (tail <= MAX_FRAME) return { ok: true, records, frames: frame, goodBytes: at, dataEnd: end, tornTail: `${tail} byte(s) of a torn last write at offset ${at} (${problem})` };
    return { ok: false, offset: at, frame, reason: `${problem}, with ${tail} bytes after it: more than the last write, so synced data is damaged` };
  }
  return { ok: true, records, frames: frame, goodBytes: at, dataEnd: end, tornTail: null };
}

/** The offset after the last byte that is not zero (0 for a file of zeros). */
export function dataEnd(buf: Buffer): number {
  const BLOCK = 64 * 1024;
  const zeros = Buffer.alloc(BLOCK);
  let end = buf.length;
  // Whole blocks of zeros are skipped by a compare (memcmp), not a loop.
  while (end > 0) {
    const from = Math.max(0, end - BLOCK);
    if (!buf.subarray(from, end).equals(zeros.subarray(0, end - from))) break;
    end = from;
  }
  while (end > 0 && buf[end - 1] === 0) end--;
  return end;
}

function frameProblem(buf: Buffer, at: number, maxPayload: number): string | null {
  if (buf.length - at < FRAME_HEADER) return 'a frame header cut short';
  const len = buf.readUInt32BE(at);
  if (len > maxPayload) return `a frame length of ${len} bytes, over the ${maxPayload} we write`;
  if (at + FRAME_HEADER + len > buf.length) return 'a frame cut short';
  const payload = buf.subarray(at + FRAME_HEADER, at + FRAME_HEADER + len);
  if (crc32(payload) !== buf.readUInt32BE(at + 4)) return 'a checksum mismatch';
  try {
    if (!Array.isArray(JSON.parse(payload.toString('utf8')))) return 'a payload that is not a list of records';
  } catch {
    return 'a payload that is not JSON';
  }
  return null;
}
