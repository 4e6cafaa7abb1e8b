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
//   wal-<gen>.log  the frames appended since that snapshot (log-frames.ts),
//                  written into zeros laid down beforehand
//   wal-spare.tmp  zeros being laid down for the next log, in the background
// A snapshot is frames of at most MAX_FRAME, as the log is, never one
// value: a long log's state as one JSON string passes V8's string limit
// (about 512 MB, some two million slots), and compaction then failed and
// stopped the node.
//
// Group commit: appends that arrive while a write and its fdatasync are in
// flight wait and go out together in the next write, so under load one sync
// covers many records.  One write at a time, each synced before the next:
// a crash can tear only the last frame (log-frames.ts says why that matters).
//
// Preallocation: an fdatasync after a write that grew the file must also
// record the new size, which on ext4 is a journal commit; one that only
// overwrote allocated blocks flushes the data alone.  Measured here, write
// and fdatasync of 6 KB: 250 us appending, 116 us into zeros (350 and 200
// us with three processes syncing at once).  A sync per batch lies on the
// path of every client's write, twice (a follower's vote, the leader's
// decision).  So a log is born full of zeros, PREALLOC bytes or twice the
// snapshot, and frames are written into them; past that end it grows as
// before.  The zeros of the next log are laid down in the background
// (wal-spare.tmp, written and synced through the thread pool), so a
// compaction only renames them into place.
import { closeSync, existsSync, fdatasyncSync, fsyncSync, writeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
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
/** The longest records that nothing waits for stay off the disk. */
const LAZY_MS = 10;
const walName = (gen: number) => `wal-${gen}.log`;
const SPARE = 'wal-spare.tmp';
/** Zeros a new log starts with, at least (twice the snapshot if that is more, up to PREALLOC_MAX). */
export const PREALLOC = 8 * 2 ** 20;
const PREALLOC_MAX = 64 * 2 ** 20;
const ZEROS = Buffer.alloc(2 ** 20);

export class Wal {
  private queue: Waiter[] = [];
  /** Every write, sync and file swap runs in this chain, one at a time. */
  private chain: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private lazyTimer: NodeJS.Timeout | null = null;
  /** Set from a compact() call until its swap is done: appends made meanwhile belong to the new log. */
  private compacting = false;
  private failed: Error | null = null;
  private stats = { records: 0, syncs: 0, bytes: 0 };
  /** Bytes in the current log file, and in the snapshot file before it. */
  private sizes = { log: 0, snapshot: 0 };
  /** The zeros of the next log, being laid down or ready; null: neither. */
  private spare: { ready: boolean; done: Promise<void> } | null = null;

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
    if (!existsSync(file)) layZeros(file, PREALLOC);
    const bytes = readFileSync(file);
    const scan = scanFrames(bytes);
    if (!scan.ok) throw new StorageCorrupt(file, scan.offset, `frame ${scan.frame}: ${scan.reason}`);
    if (scan.goodBytes < scan.dataEnd) {
      // Zero the torn write before appending over it, durably, so that a
      // second crash does not find new frames before old garbage.
      const fd = openSync(file, 'r+');
      writeZeros(fd, scan.goodBytes, scan.dataEnd);
      fsyncSync(fd);
      closeSync(fd);
    }
    // Logs of older generations are left only by a crash during compaction,
    // and half-laid zeros by a crash while they were laid.
    for (const name of readdirSync(dir)) {
      const m = /^wal-(\d+)\.log$/.exec(name);
      if ((m && Number(m[1]) < gen) || name === SPARE) rmSync(join(dir, name));
    }
    const handle = await open(file, 'r+');
    syncDir(dir);
    const wal = new Wal(dir, gen, handle);
    wal.sizes = { log: scan.goodBytes, snapshot: snapshot === null ? 0 : statSync(join(dir, SNAPSHOT)).size };
    wal.laySpare();
    return { wal, recovered: { snapshot, records: scan.records, tornTail: scan.tornTail } };
  }

  /** Lay down the zeros of the next log through the thread pool, unless they are there or on their way. */
  private laySpare(): void {
    if (this.spare) return;
    const bytes = Math.min(PREALLOC_MAX, Math.max(PREALLOC, 2 * this.sizes.snapshot));
    const spare: { ready: boolean; done: Promise<void> } = { ready: false, done: Promise.resolve() };
    spare.done = (async () => {
      const h = await open(join(this.dir, SPARE), 'w');
      try {
        for (let at = 0; at < bytes; at += ZEROS.length) await h.write(ZEROS, 0, Math.min(ZEROS.length, bytes - at), at);
        await h.datasync();
      } finally {
        await h.close();
      }
      spare.ready = true;
    })().catch(() => {
      // No zeros (a full disk, say): the next log grows as it is written.
      if (this.spare === spare) this.spare = null;
    });
    this.spare = spare;
  }

  /**
   * Resolves once the records are on disk (fdatasync); rejects for good
   * after a disk error.  `soon`: nothing waits for them yet (the step that
   * made them sent nothing), so they may wait, up to LAZY_MS, for the next
   * append that is waited for, and share its sync (a follower learning a
   * batch from the leader's notice then pays no sync of its own: its next
   * vote's sync takes the decisions along).  They stay in order either way.
   */
  append(records: readonly unknown[], soon = false): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      if (soon) this.flushLater();
      else this.flushNow();
    });
  }

  /** Whatever is appended and not yet on disk goes now: something is waiting for it. */
  expedite(): void {
    if (this.queue.length > 0) this.flushNow();
  }

  private flushNow(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = null;
    // After every I/O callback of this turn of the loop, not after this
    // one alone: the records of all the messages read in one turn then
    // share one sync.
    setImmediate(() => this.serially(() => this.flush()));
  }

  private flushLater(): void {
    if (this.flushScheduled || this.lazyTimer) return;
    this.lazyTimer = setTimeout(() => {
      this.lazyTimer = null;
      this.flushNow();
    }, LAZY_MS);
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
        // The zeros laid down meanwhile become the new log; if they are not
        // ready, it starts empty and grows (the spare is kept for the next).
        const file = join(this.dir, walName(next));
        if (this.spare?.ready) {
          renameSync(join(this.dir, SPARE), file);
          this.spare = null;
        } else closeSync(openSync(file, 'w'));
        this.handle = await open(file, 'r+');
        await old.close();
        rmSync(join(this.dir, walName(this.gen)), { force: true });
        syncDir(this.dir);
        this.gen = next;
        this.sizes = { log: 0, snapshot: size };
        this.laySpare();
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
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = null;
    await this.serially(() => this.flush());
    await this.serially(() => this.handle.close());
    await this.spare?.done;
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
        writeAll(this.handle.fd, frame, this.sizes.log);
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

/** write(2) may write less than asked: go on until the frame is all there (or throw); its length.  At `position`, or where the file's offset is. */
function writeAll(fd: number, buf: Buffer, position?: number): number {
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off, position === undefined ? null : position + off);
  return buf.length;
}

/** Zeros over bytes from .. to of the file. */
function writeZeros(fd: number, from: number, to: number): void {
  for (let at = from; at < to; at += ZEROS.length) writeAll(fd, ZEROS.subarray(0, Math.min(ZEROS.length, to - at)), at);
}

/** A new file of `bytes` zeros, synced, its name too: a log to write into (see Preallocation above). */
function layZeros(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  try {
    writeZeros(fd, 0, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDir(join(file, '..'));
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
