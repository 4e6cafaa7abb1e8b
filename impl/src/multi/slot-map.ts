// A persistent map from slots (1, 2, ...) to values, for the per-slot
// state of a server (votes, proposals, decisions).  A log has millions of
// slots and every vote changes one: copying a Map per change would make a
// step cost the length of the log.  Here slots sit in chunks of 64, chunks
// in pages of 64 (4,096 slots), and a change copies one chunk, one page and
// the array of pages: a thousand-fold shorter than the log (a flat array
// of chunks, as before, made a server slow down as its log grew).  The
// slots that differ between two versions are found by comparing pages and
// chunks by reference, which is what lets a runtime log each step's
// changes cheaply.
import type { Slot } from './messages.ts';

const CHUNK = 64;
const PAGE = 64;
const PER_PAGE = CHUNK * PAGE;
type Chunk<T> = readonly (T | undefined)[];
type Page<T> = readonly (Chunk<T> | undefined)[];

/**
 * (slot, value) pairs, in slot order, cut into runs of consecutive slots:
 * at most `max` values a run, at most `budget` of their `size` (a value
 * over it alone is a run of its own), and a new run wherever `joins` says
 * two neighbours may not share one.  What a batched message or a log
 * record carries.
 */
export function runsOf<T>(
  pairs: Iterable<readonly [Slot, T]>,
  max = Infinity,
  joins: (prev: T, next: T) => boolean = () => true,
  size: (v: T) => number = () => 0,
  budget = Infinity,
): { first: Slot; values: T[] }[] {
  const runs: { first: Slot; values: T[] }[] = [];
  let run: { first: Slot; values: T[] } | null = null;
  let used = 0;
  for (const [slot, v] of pairs) {
    const n = size(v);
    if (run && run.first + run.values.length === slot && run.values.length < max && used + n <= budget && joins(run.values.at(-1)!, v)) {
      run.values.push(v);
      used += n;
    } else {
      runs.push((run = { first: slot, values: [v] }));
      used = n;
    }
  }
  return runs;
}

export class SlotMap<T> {
  private constructor(
    private readonly pages: readonly (Page<T> | undefined)[],
    /** The highest slot set (and not lowered by a delete), or 0. */
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
    return this.pages[Math.floor(slot / PER_PAGE)]?.[Math.floor(slot / CHUNK) % PAGE]?.[slot % CHUNK];
  }

  has(slot: Slot): boolean {
    return this.get(slot) !== undefined;
  }

  set(slot: Slot, value: T): SlotMap<T> {
    return this.setRun(slot, [value]);
  }

  /** values[k] at slot first + k, in one copy per page and chunk touched. */
  setRun(first: Slot, values: readonly T[]): SlotMap<T> {
    if (values.length === 0) return this;
    return new SlotMap(this.write(first, values), Math.max(this.max, first + values.length - 1));
  }

  /** This map without a value at `slot`.  `max` stays: it is the highest slot ever set. */
  delete(slot: Slot): SlotMap<T> {
    return this.has(slot) ? new SlotMap(this.write(slot, [undefined]), this.max) : this;
  }

  private write(first: Slot, values: readonly (T | undefined)[]): (Page<T> | undefined)[] {
    if (!Number.isInteger(first) || first < 1) throw new RangeError(`slot ${first} is not a slot`);
    const pages = this.pages.slice();
    let k = 0;
    while (k < values.length) {
      const p = Math.floor((first + k) / PER_PAGE);
      const page = (pages[p] ?? []).slice();
      while (k < values.length && Math.floor((first + k) / PER_PAGE) === p) {
        const slot = first + k;
        const c = Math.floor(slot / CHUNK) % PAGE;
        const chunk = (page[c] ?? []).slice();
        for (let o = slot % CHUNK; o < CHUNK && k < values.length; o++, k++) chunk[o] = values[k];
        page[c] = chunk;
      }
      pages[p] = page;
    }
    return pages;
  }

  /** The slots holding a value, in order, with their values. */
  entries(): Generator<[Slot, T]> {
    return this.entriesFrom(1);
  }

  /** The slots from `first` on holding a value, in order: only the pages from `first`'s are read. */
  *entriesFrom(first: Slot): Generator<[Slot, T]> {
    for (let p = Math.max(0, Math.floor(first / PER_PAGE)); p < this.pages.length; p++) {
      const page = this.pages[p];
      if (!page) continue;
      for (let c = 0; c < page.length; c++) {
        const chunk = page[c];
        const base = p * PER_PAGE + c * CHUNK;
        if (chunk && base + CHUNK > first) for (let o = 0; o < chunk.length; o++) if (chunk[o] !== undefined && base + o >= first) yield [base + o, chunk[o]!];
      }
    }
  }

  /** The slots whose value differs (by reference) from `older`'s, in order. */
  changedSince(older: SlotMap<T>): Slot[] {
    const out: Slot[] = [];
    const n = Math.max(this.pages.length, older.pages.length);
    for (let p = 0; p < n; p++) {
      const pa = this.pages[p];
      const pb = older.pages[p];
      if (pa === pb) continue;
      for (let c = 0; c < PAGE; c++) {
        const a = pa?.[c];
        const b = pb?.[c];
        if (a === b) continue;
        for (let o = 0; o < CHUNK; o++) if (a?.[o] !== b?.[o]) out.push(p * PER_PAGE + c * CHUNK + o);
      }
    }
    return out;
  }
}
