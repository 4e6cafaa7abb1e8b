// The durable log on a real directory: what was appended comes back after a
// reopen, a torn last write is dropped (its records were never
// acknowledged), damage to synced data stops the node with the file and
// offset, and compaction keeps exactly what was appended after its call.
import { closeSync, existsSync, openSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dataEnd, encodeFrame, MAX_FRAME, scanFrames } from './log-frames.ts';
import { PREALLOC, StorageCorrupt, Wal } from './wal.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'paxos-wal-'));

/** Bytes written at `at`, the file's length unchanged where they fall inside it. */
function writeAt(file: string, at: number, bytes: Uint8Array): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
  closeSync(fd);
}

const spareOf = (wal: Wal) => (wal as unknown as { spare: { ready: boolean; done: Promise<void> } | null }).spare;

async function reopen(dir: string) {
  const { wal, recovered } = await Wal.open(dir);
  await wal.close();
  return recovered;
}

describe('Wal', () => {
  test('records come back in order after a reopen; concurrent appends share syncs', async () => {
    const dir = fresh();
    const { wal, recovered } = await Wal.open(dir);
    expect(recovered).toEqual({ snapshot: null, records: [], tornTail: null });
    await wal.append([{ rec: 'promise', maxBal: 1 }]);
    // Fifty appends issued at once: the first goes alone, the rest wait for its sync and go together.
    await Promise.all(Array.from({ length: 50 }, (_, i) => wal.append([{ rec: 'votes', i }])));
    const c = wal.counters;
    expect(c.records).toBe(51);
    expect(c.syncs).toBeLessThan(10);
    await wal.close();
    const again = await reopen(dir);
    expect(again.records).toEqual([{ rec: 'promise', maxBal: 1 }, ...Array.from({ length: 50 }, (_, i) => ({ rec: 'votes', i }))]);
    expect(again.tornTail).toBeNull();
  });

  test('records nothing waits for share the next sync, in order; alone, they are synced within LAZY_MS; close flushes them', async () => {
    const dir = fresh();
    const { wal } = await Wal.open(dir);
    let durable = false;
    const lazy = wal.append([{ rec: 'decisions', n: 1 }], true).then(() => (durable = true));
    await new Promise((r) => setImmediate(r));
    expect([durable, wal.counters.syncs]).toEqual([false, 0]);
    await wal.append([{ rec: 'votes', n: 2 }]);
    await lazy;
    expect([durable, wal.counters.syncs, wal.counters.records]).toEqual([true, 1, 2]);
    // A send that waits for the lazy records hastens them.
    const waited = wal.append([{ rec: 'decisions', n: 3 }], true);
    wal.expedite();
    await waited;
    expect(wal.counters.syncs).toBe(2);
    // Left alone, they go within LAZY_MS.
    await wal.append([{ rec: 'decisions', n: 4 }], true);
    expect(wal.counters.syncs).toBe(3);
    void wal.append([{ rec: 'decisions', n: 5 }], true);
    await wal.close();
    expect((await reopen(dir)).records.map((r) => (r as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
  });

  test.skipIf(!existsSync('/dev/full'))('a failed write fails that append and every later one, for good (no retry after a failed fsync)', async () => {
    const dir = fresh();
    const { wal } = await Wal.open(dir);
    await wal.append([{ rec: 'promise', maxBal: 1 }]);
    // A full disk under the log: its descriptor now names /dev/full (the
    // lowest free number is reused), where every write fails with ENOSPC.
    const fd = (wal as unknown as { handle: { fd: number } }).handle.fd;
    closeSync(fd);
    expect(openSync('/dev/full', 'w')).toBe(fd);
    await expect(wal.append([{ rec: 'promise', maxBal: 2 }])).rejects.toThrow(/ENOSPC.*stable storage failed, the node must stop/);
    await expect(wal.append([{ rec: 'promise', maxBal: 3 }])).rejects.toThrow(/stable storage failed/);
    await wal.close();
    expect((await reopen(dir)).records).toEqual([{ rec: 'promise', maxBal: 1 }]);
  });

  test('a new log is zeros laid down beforehand, written into: the file does not grow, and a compaction renames the next zeros into place', async () => {
    const dir = fresh();
    const { wal } = await Wal.open(dir);
    const file = join(dir, 'wal-0.log');
    for (let i = 0; i < 20; i++) await wal.append([{ rec: 'votes', i }]);
    expect(statSync(file).size).toBe(PREALLOC);
    expect(dataEnd(readFileSync(file))).toBe(wal.size.log);
    await spareOf(wal)!.done;
    expect(statSync(join(dir, 'wal-spare.tmp')).size).toBe(PREALLOC);
    await wal.compact([{ rec: 'folded' }]);
    await wal.append(['after']);
    expect(statSync(join(dir, 'wal-1.log')).size).toBe(PREALLOC);
    await wal.close();
    // The next log's zeros are laid again after the compaction.
    expect(readdirSync(dir).sort()).toEqual(['snapshot', 'wal-1.log', 'wal-spare.tmp']);
    expect(await reopen(dir)).toEqual({ snapshot: [{ rec: 'folded' }], records: ['after'], tornTail: null });
  });

  test('a torn last write is dropped, zeroed, and appending goes on after the good frames', async () => {
    const dir = fresh();
    const { wal } = await Wal.open(dir);
    await wal.append(['a', 'b']);
    await wal.close();
    const file = join(dir, 'wal-0.log');
    const good = dataEnd(readFileSync(file));
    writeAt(file, good, encodeFrame(['never acknowledged']).subarray(0, 11));
    const { wal: w2, recovered } = await Wal.open(dir);
    expect(recovered.records).toEqual(['a', 'b']);
    expect(recovered.tornTail).toMatch(/^11 byte\(s\) of a torn last write at offset \d+ \(a frame cut short\)$/);
    expect(dataEnd(readFileSync(file))).toBe(good);
    await w2.append(['c']);
    await w2.close();
    expect((await reopen(dir)).records).toEqual(['a', 'b', 'c']);
  });

  test('a checksum mismatch far from the end (synced data) stops the node, naming file and offset, and changes nothing', async () => {
    const dir = fresh();
    const { wal } = await Wal.open(dir);
    await wal.append(['first']);
    // More than one write's worth after the damage: it cannot be a torn write.
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 8; i++) await wal.append([big]);
    await wal.close();
    const file = join(dir, 'wal-0.log');
    const bytes = readFileSync(file);
    expect(dataEnd(bytes)).toBeGreaterThan(MAX_FRAME);
    bytes[10] = bytes[10]! ^ 0xff; // inside the first frame's payload
    writeFileSync(file, bytes);
    const err = await Wal.open(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageCorrupt);
    expect((err as Error).message).toBe(`${file}: offset 0: frame 0: a checksum mismatch, with ${dataEnd(bytes)} bytes after it: more than the last write, so synced data is damaged; the node will not start on damaged stable storage (restore the file: a server that lost its log has forgotten promises and votes, and must not rejoin as itself)`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  test('compaction: the snapshot replaces what came before; appends made after the call land in the new log', async () => {
    const dir = fresh();
    const { wal } = await Wal.open(dir);
    await wal.append(['r1', 'r2']);
    const before = wal.append(['r3']);
    const compacted = wal.compact(['r1..r3 folded']);
    const after = wal.append(['r4']);
    await Promise.all([before, compacted, after]);
    await wal.append(['r5']);
    await wal.close();
    expect(readdirSync(dir).sort()).toEqual(['snapshot', 'wal-1.log', 'wal-spare.tmp']);
    expect(await reopen(dir)).toEqual({ snapshot: ['r1..r3 folded'], records: ['r4', 'r5'], tornTail: null });
  });

  test('a snapshot larger than one log write is written and read back, in frames no larger than the log\'s', async () => {
    // Found under load: compaction of 12,000 slots made a 4.5 MB snapshot,
    // over the log's one-write bound, and every server stopped.  Then a
    // snapshot was one frame of one JSON value, which past about two
    // million slots is over V8's longest string: compaction failed again.
    const dir = fresh();
    const { wal } = await Wal.open(dir);
    await wal.append(['before']);
    const records = Array.from({ length: 400 }, (_, r) => ({ rec: 'decisions', first: 100 * r + 1, decisions: Array.from({ length: 100 }, (_, i) => ({ bal: 3, entry: { kind: 'request', client: 'c1', id: 100 * r + i } })) }));
    expect(JSON.stringify(records).length).toBeGreaterThan(MAX_FRAME);
    await wal.compact(records);
    await wal.append(['after']);
    expect(wal.size.snapshot).toBe(statSync(join(dir, 'snapshot')).size);
    await wal.close();
    const scan = scanFrames(readFileSync(join(dir, 'snapshot')));
    expect(scan.ok && scan.frames).toBeGreaterThan(2);
    expect(await reopen(dir)).toEqual({ snapshot: records, records: ['after'], tornTail: null });
  });

  test('a crash between the snapshot rename and the new log: the old log is removed on open, the snapshot stands', async () => {
    const dir = fresh();
    const { wal } = await Wal.open(dir);
    await wal.append(['old']);
    await wal.close();
    writeFileSync(join(dir, 'snapshot'), Buffer.concat([encodeFrame([{ gen: 1, records: 1 }]), encodeFrame(['folded'])]));
    const recovered = await reopen(dir);
    expect(recovered).toEqual({ snapshot: ['folded'], records: [], tornTail: null });
    expect(existsSync(join(dir, 'wal-0.log'))).toBe(false);
  });

  test('a damaged snapshot stops the node with a clear error', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'snapshot'), 'not a frame at all');
    await expect(Wal.open(dir)).rejects.toThrow(/snapshot: offset 0: .*the node will not start on damaged stable storage/);
    // Whole frames, but fewer records than the header counts (or an older format).
    writeFileSync(join(dir, 'snapshot'), Buffer.concat([encodeFrame([{ gen: 1, records: 2 }]), encodeFrame(['only one'])]));
    await expect(Wal.open(dir)).rejects.toThrow(/snapshot: offset 0: not a header \{ gen, records \} and that many records after it \(1 found/);
    writeFileSync(join(dir, 'snapshot'), encodeFrame([{ gen: 1, state: 'old' }]));
    await expect(Wal.open(dir)).rejects.toThrow(/an older version of paxos-ref/);
  });

  test('property: cutting the file anywhere inside its last frame recovers exactly the earlier frames', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.nat(), async (batches, cutSeed) => {
        const dir = fresh();
        const { wal } = await Wal.open(dir);
        for (const b of batches) await wal.append(b);
        await wal.close();
        const file = join(dir, 'wal-0.log');
        const bytes = readFileSync(file);
        const end = dataEnd(bytes);
        const last = encodeFrame(batches[batches.length - 1]!).length;
        const cut = end - 1 - (cutSeed % (last - 1)); // drop 1 .. last - 1 bytes: a strict prefix of the frame stays
        // Into the zeros laid down (as a log now is), or a file that ends there (as logs were).
        if (cutSeed % 2 === 0) writeFileSync(file, Buffer.concat([bytes.subarray(0, cut), Buffer.alloc(bytes.length - cut)]));
        else writeFileSync(file, bytes.subarray(0, cut));
        const recovered = await reopen(dir);
        expect(recovered.records).toEqual(batches.slice(0, -1).flat());
        // A torn write that left only zeros (the length's high bytes, say) left nothing to drop.
        expect(recovered.tornTail === null).toBe(bytes.subarray(end - last, cut).every((b) => b === 0));
      }),
      { numRuns: 25 },
    );
  });
});
