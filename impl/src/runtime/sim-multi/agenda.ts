// What is due in a simulated world, in time order: messages in flight,
// timers, clients' next commands, recoveries, a partition's end.  A binary
// heap keyed by (time, id) so that a step costs log n with thousands of
// messages in flight (64 clients); an item is cancelled by forgetting its
// id (a timer replaced, a message dropped), and stale heap entries are
// skipped when they surface.  Ties go to the item scheduled first, which
// keeps a run a function of its seed.
export interface Due<T> {
  readonly id: number;
  readonly at: number;
  readonly item: T;
}

export class Agenda<T> {
  private heap: { at: number; id: number }[] = [];
  private readonly live = new Map<number, Due<T>>();
  private nextId = 1;

  add(at: number, item: T): Due<T> {
    const due = { id: this.nextId++, at, item };
    this.live.set(due.id, due);
    this.push({ at, id: due.id });
    return due;
  }

  cancel(id: number): void {
    this.live.delete(id);
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  get size(): number {
    return this.live.size;
  }

  /** Everything due, in no particular order (scripted tests pick from it). */
  items(): Due<T>[] {
    return [...this.live.values()];
  }

  /** The earliest item, left in place. */
  peek(): Due<T> | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      const due = this.live.get(top.id);
      if (due) return due;
      this.pop();
    }
    return undefined;
  }

  /** The earliest item, removed. */
  take(): Due<T> | undefined {
    const due = this.peek();
    if (due) {
      this.live.delete(due.id);
      this.pop();
    }
    return due;
  }

  private less(a: { at: number; id: number }, b: { at: number; id: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  private push(x: { at: number; id: number }): void {
    const h = this.heap;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
