// A persistent map from slots (1, 2, ...) to values, for the per-slot
// state of a server (votes, proposals, decisions).  A log has thousands of
// slots and every vote changes one: copying a Map per change would make a
// step cost the length of the log.  Here a change copies one chunk of 64
// slots and the short array of chunks, and the slots that differ between
// two versions are found by comparing chunks by reference, which is what
// lets a runtime log each step's changes cheaply.
import type { Slot } from './messages.ts';

const CHUNK = 64;
type Chunk<T> = readonly (T | undefined)[];

export class SlotMap<T> {
  private constructor(
    private readonly chunks: readonly (Chunk<T> | undefined)[],
    /** The highest slot with a value, or 0. */
    readonly max: Slot,
  ) {}

  static empty<T>(): SlotMap<T> {
    return new SlotMap<T>([], 0);
  }

  static of<T>(entries: Iterable<readonly [Slot, T]>): SlotMap<T> {
    let m = SlotMap.empty<T>();
    for (const [slot, v] of entries) m = m.set(slot, v);
    return m;
  }

  get(slot: Slot): T | undefined {
    return this.chunks[Math.floor(slot / CHUNK)]?.[slot % CHUNK];
  }

  has(slot: Slot): boolean {
    return this.get(slot) !== undefined;
  }

  set(slot: Slot, value: T): SlotMap<T> {
    return this.setRun(slot, [value]);
  }

  /** values[k] at slot first + k, in one copy per chunk touched. */
  setRun(first: Slot, values: readonly T[]): SlotMap<T> {
    if (values.length === 0) return this;
    if (!Number.isInteger(first) || first < 1) throw new RangeError(`slot ${first} is not a slot`);
    const chunks = this.chunks.slice();
    let k = 0;
    while (k < values.length) {
      const slot = first + k;
      const c = Math.floor(slot / CHUNK);
      const chunk = (chunks[c] ?? []).slice();
      for (let o = slot % CHUNK; o < CHUNK && k < values.length; o++, k++) chunk[o] = values[k];
      chunks[c] = chunk;
    }
    return new SlotMap(chunks, Math.max(this.max, first + values.length - 1));
  }

  /** The slots holding a value, in order, with their values. */
  entries(): Generator<[Slot, T]> {
    return this.entriesFrom(1);
  }

  /** The slots from `first` on holding a value, in order: only the chunks from `first`'s are read. */
  *entriesFrom(first: Slot): Generator<[Slot, T]> {
    for (let c = Math.max(0, Math.floor(first / CHUNK)); c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      if (chunk) for (let o = 0; o < chunk.length; o++) if (chunk[o] !== undefined && c * CHUNK + o >= first) yield [c * CHUNK + o, chunk[o]!];
    }
  }

  /** The slots whose value differs (by reference) from `older`'s, in order. */
  changedSince(older: SlotMap<T>): Slot[] {
    const out: Slot[] = [];
    const n = Math.max(this.chunks.length, older.chunks.length);
    for (let c = 0; c < n; c++) {
      const a = this.chunks[c];
      const b = older.chunks[c];
      if (a === b) continue;
      for (let o = 0; o < CHUNK; o++) if (a?.[o] !== b?.[o]) out.push(c * CHUNK + o);
    }
    return out;
  }
}
