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
//
// A server forgets the slots every server has applied (forgetThrough): the
// pages wholly below that point leave the array, so a long-lived server's
// maps, and the copy a set makes, stay the size of what it still holds.
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
    /** pages[k] holds the slots of page base + k. */
    private readonly pages: readonly (Page<T> | undefined)[],
    /** The highest slot set (and not lowered by a delete), or 0. */
    readonly max: Slot,
    private readonly base = 0,
  ) {}

  static empty<T>(): SlotMap<T> {
    return new SlotMap<T>([], 0);
  }

  private page(p: number): Page<T> | undefined {
    return this.pages[p - this.base];
  }

  static of<T>(entries: Iterable<readonly [Slot, T]>): SlotMap<T> {
    let m = SlotMap.empty<T>();
    for (const [slot, v] of entries) m = m.set(slot, v);
    return m;
  }

  get(slot: Slot): T | undefined {
    return this.page(Math.floor(slot / PER_PAGE))?.[Math.floor(slot / CHUNK) % PAGE]?.[slot % CHUNK];
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
    if (!Number.isInteger(first) || first < 1) throw new RangeError(`slot ${first} is not a slot`);
    if (Math.floor(first / PER_PAGE) < this.base) throw new RangeError(`slot ${first} is below the pages this map still holds`);
    return new SlotMap(this.write(first, values), Math.max(this.max, first + values.length - 1), this.base);
  }

  /** This map without a value at `slot`.  `max` stays: it is the highest slot ever set. */
  delete(slot: Slot): SlotMap<T> {
    return this.has(slot) ? new SlotMap(this.write(slot, [undefined]), this.max, this.base) : this;
  }

  /**
   * This map without slots 1 .. upTo.  The pages below upTo's leave the
   * array (setting a slot there again is an error); `max` stays.
   */
  forgetThrough(upTo: Slot): SlotMap<T> {
    // Page p holds slots p * PER_PAGE .. (p + 1) * PER_PAGE - 1: the pages
    // before firstKept lie wholly at or below upTo.
    const firstKept = Math.floor((upTo + 1) / PER_PAGE);
    const m = firstKept > this.base ? new SlotMap(this.pages.slice(firstKept - this.base), this.max, firstKept) : this;
    const low = Math.max(1, firstKept * PER_PAGE, m.base * PER_PAGE);
    let last = 0;
    for (const [slot] of m.entriesFrom(low)) {
      if (slot > upTo) break;
      last = slot;
    }
    if (last === 0) return m;
    return new SlotMap(m.write(low, new Array<undefined>(last - low + 1).fill(undefined)), m.max, m.base);
  }

  private write(first: Slot, values: readonly (T | undefined)[]): (Page<T> | undefined)[] {
    const pages = this.pages.slice();
    let k = 0;
    while (k < values.length) {
      const p = Math.floor((first + k) / PER_PAGE);
      const page = (pages[p - this.base] ?? []).slice();
      while (k < values.length && Math.floor((first + k) / PER_PAGE) === p) {
        const slot = first + k;
        const c = Math.floor(slot / CHUNK) % PAGE;
        const chunk = (page[c] ?? []).slice();
        for (let o = slot % CHUNK; o < CHUNK && k < values.length; o++, k++) chunk[o] = values[k];
        page[c] = chunk;
      }
      pages[p - this.base] = page;
    }
    return pages;
  }

  /** The slots holding a value, in order, with their values. */
  entries(): Generator<[Slot, T]> {
    return this.entriesFrom(1);
  }

  /** The slots from `first` on holding a value, in order: only the pages from `first`'s are read. */
  *entriesFrom(first: Slot): Generator<[Slot, T]> {
    for (let p = Math.max(this.base, Math.floor(first / PER_PAGE)); p < this.base + this.pages.length; p++) {
      const page = this.page(p);
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
    const end = Math.max(this.base + this.pages.length, older.base + older.pages.length);
    for (let p = Math.min(this.base, older.base); p < end; p++) {
      const pa = this.page(p);
      const pb = older.page(p);
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
