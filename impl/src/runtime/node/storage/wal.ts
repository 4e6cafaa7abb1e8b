// A node's stable storage: an append-only log of the reducers' persist
// records, made durable with fdatasync before the runtime lets out any send
// or reply that follows them (the reducer contract: an acceptor must not
// promise or vote aloud what a crash could make it forget), and compacted
// by snapshot so that it does not grow without bound.
//
// Files in the node's directory:
//   snapshot       a header frame { gen, records: n }, then frames of the n
//                  records that rebuild every record before wal-<gen>.log
//                  (the caller's fold of them, as records again)
//   wal-<gen>.log  the frames appended since that snapshot (log-frames.ts)
// A snapshot is frames of at most MAX_FRAME, as the log is, never one
// value: a long log's state as one JSON string passes V8's string limit
// (about 512 MB, some two million slots), and compaction then failed and
// stopped the node.
//
// Group commit: appends that arrive while a write and its fdatasync are in
// flight wait and go out together in the next write, so under load one sync
// covers many records.  One write at a time, each synced before the next:
// a crash can tear only the last frame (log-frames.ts says why that matters).
import { closeSync, existsSync, fdatasyncSync, fsyncSync, writeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeFrame, framesFor, scanFrames } from './log-frames.ts';

/** The log cannot be read without losing synced data: the node must not start. */
export class StorageCorrupt extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    reason: string,
  ) {
    super(`${file}: offset ${offset}: ${reason}; the node will not start on damaged stable storage (restore the file: a server that lost its log has forgotten promises and votes, and must not rejoin as itself)`);
  }
}

export interface Recovered {
  /** The records of the last snapshot, or null before the first compaction. */
  readonly snapshot: readonly unknown[] | null;
  /** The records appended since it, in order. */
  readonly records: readonly unknown[];
  /** A torn last write that was dropped (its records were never acknowledged), or null. */
  readonly tornTail: string | null;
}

export interface WalStats {
  readonly records: number;
  readonly syncs: number;
  readonly bytes: number;
}

interface Waiter {
  readonly records: readonly unknown[];
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

const SNAPSHOT = 'snapshot';
const walName = (gen: number) => `wal-${gen}.log`;

export class Wal {
  private queue: Waiter[] = [];
  /** Every write, sync and file swap runs in this chain, one at a time. */
  private chain: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  /** Set from a compact() call until its swap is done: appends made meanwhile belong to the new log. */
  private compacting = false;
  private failed: Error | null = null;
  private stats = { records: 0, syncs: 0, bytes: 0 };
  /** Bytes in the current log file, and in the snapshot file before it. */
  private sizes = { log: 0, snapshot: 0 };

  private constructor(
    private readonly dir: string,
    private gen: number,
    private handle: FileHandle,
  ) {}

  /** Read what the directory holds (creating it if new), drop a torn tail, and open the log for appending. */
  static async open(dir: string): Promise<{ wal: Wal; recovered: Recovered }> {
    mkdirSync(dir, { recursive: true });
    const { gen, records: snapshot } = readSnapshot(dir);
    const file = join(dir, walName(gen));
    const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    const scan = scanFrames(bytes);
    if (!scan.ok) throw new StorageCorrupt(file, scan.offset, `frame ${scan.frame}: ${scan.reason}`);
    if (scan.goodBytes < bytes.length) {
      // Cut the torn write off before appending after it, durably, so that a
      // second crash does not find new frames behind old garbage.
      const fd = openSync(file, 'r+');
      ftruncateSync(fd, scan.goodBytes);
      fsyncSync(fd);
      closeSync(fd);
    }
    // Logs of older generations are left only by a crash during compaction.
    for (const name of readdirSync(dir)) {
      const m = /^wal-(\d+)\.log$/.exec(name);
      if (m && Number(m[1]) < gen) rmSync(join(dir, name));
    }
    const handle = await open(file, 'a');
    syncDir(dir);
    const wal = new Wal(dir, gen, handle);
    wal.sizes = { log: scan.goodBytes, snapshot: snapshot === null ? 0 : statSync(join(dir, SNAPSHOT)).size };
    return { wal, recovered: { snapshot, records: scan.records, tornTail: scan.tornTail } };
  }

  /** Resolves once the records are on disk (fdatasync); rejects for good after a disk error. */
  append(records: readonly unknown[]): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // After every I/O callback of this turn of the loop, not after this
        // one alone: the records of all the messages read in one turn then
        // share one sync.
        setImmediate(() => this.serially(() => this.flush()));
      }
    });
  }

  /**
   * Replace everything logged so far by `records`, which must rebuild
   * every record appended before this call; appends made after it wait, and
   * go to the new log.  The snapshot is written aside, synced and renamed
   * over the old one (the switch point: a crash before it recovers from the
   * old snapshot and log, after it from the new snapshot); then the new,
   * empty log replaces the old.
   */
  compact(records: readonly unknown[]): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const before = this.queue.splice(0);
    this.compacting = true;
    return this.serially(async () => {
      try {
        await this.write(before);
        if (this.failed) throw this.failed;
        const next = this.gen + 1;
        const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
        const fd = openSync(tmp, 'w');
        let size = 0;
        try {
          for (const frame of [encodeFrame([{ gen: next, records: records.length }]), ...framesFor(records)]) size += writeAll(fd, frame);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, join(this.dir, SNAPSHOT));
        syncDir(this.dir);
        const old = this.handle;
        this.handle = await open(join(this.dir, walName(next)), 'a');
        await old.close();
        rmSync(join(this.dir, walName(this.gen)), { force: true });
        syncDir(this.dir);
        this.gen = next;
        this.sizes = { log: 0, snapshot: size };
      } finally {
        this.compacting = false;
        if (this.queue.length > 0) this.serially(() => this.flush());
      }
    });
  }

  /** Bytes in the log since the last snapshot, and the snapshot's own size (for the caller's compaction policy). */
  get size(): { readonly log: number; readonly snapshot: number } {
    return this.sizes;
  }

  get counters(): WalStats {
    return { ...this.stats };
  }

  /** Waits for every append and compaction made so far, then closes the file. */
  async close(): Promise<void> {
    await this.serially(() => this.handle.close());
  }

  private serially(job: () => Promise<void>): Promise<void> {
    const run = this.chain.then(job);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    // A compaction is queued: what was appended since its call goes to the new log, after it.
    if (this.compacting) return;
    await this.write(this.queue.splice(0));
  }

  private async write(batch: readonly Waiter[]): Promise<void> {
    if (batch.length === 0) return;
    if (this.failed) {
      for (const w of batch) w.reject(this.failed);
      return;
    }
    const records = batch.flatMap((w) => w.records);
    try {
      // On the event loop's own thread: through the thread pool a write and
      // an fdatasync cost two hand-offs each, which measured dearer than
      // holding up the loop for the sync (0.1 to 0.5 ms) while new messages
      // wait in the sockets: 8,400 to 9,200 writes/s against 6,900 to 7,700
      // at 64 clients on a cold cluster.
      for (const frame of framesFor(records)) {
        writeAll(this.handle.fd, frame);
        fdatasyncSync(this.handle.fd);
        this.stats.syncs++;
        this.stats.bytes += frame.length;
        this.sizes.log += frame.length;
      }
      this.stats.records += records.length;
      for (const w of batch) w.resolve();
    } catch (e) {
      // A write or sync that failed leaves the file in an unknown state
      // (fsyncgate): never retry; refuse every later append.
      this.failed = new Error(`${join(this.dir, walName(this.gen))}: ${(e as Error).message}; stable storage failed, the node must stop`);
      for (const w of [...batch, ...this.queue.splice(0)]) w.reject(this.failed);
    }
  }
}

function readSnapshot(dir: string): { gen: number; records: unknown[] | null } {
  const file = join(dir, SNAPSHOT);
  if (!existsSync(file)) return { gen: 0, records: null };
  const scan = scanFrames(readFileSync(file));
  // Written aside and renamed: a snapshot is whole, so any flaw is damage.
  if (!scan.ok) throw new StorageCorrupt(file, scan.offset, scan.reason);
  if (scan.tornTail !== null) throw new StorageCorrupt(file, 0, scan.tornTail);
  const [header, ...records] = scan.records as [{ gen?: unknown; records?: unknown } | undefined, ...unknown[]];
  if (!Number.isInteger(header?.gen) || header!.records !== records.length)
    throw new StorageCorrupt(file, 0, `not a header { gen, records } and that many records after it (${records.length} found; a snapshot of an older version of paxos-ref?)`);
  return { gen: header!.gen as number, records };
}

/** write(2) may write less than asked: go on until the frame is all there (or throw); its length. */
function writeAll(fd: number, buf: Buffer): number {
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
  return buf.length;
}

/** fsync the directory: a created, renamed or removed name is durable only then. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
