// Which receipt consumed which send.  A trace logs a message twice - in the
// sender's `sent` and in the receiver's `received` - and the network's doings
// in between as events (lost, duplicated); the chart needs the pairs.  Sends
// are matched to receipts of the same message between the same two nodes in
// order: copies of one message are indistinguishable, so any pairing that
// respects order draws the same run.
import type { TraceMessage, TraceValue } from '../../trace-check/src/format.ts';
import { eventField, type Entry } from './entries.ts';
import { hasNetNotes, matchByNet } from './net.ts';

export type CopyEnd =
  | { readonly kind: 'received'; readonly line: number }
  | { readonly kind: 'lost'; readonly line: number; readonly why: string | undefined }
  /** Never received nor lost: still travelling when the trace (or its instance) ended. */
  | { readonly kind: 'flight' };

export interface Copy {
  readonly id: number;
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly msg: TraceMessage;
  /** The line of the step that sent it; null when the trace has a receipt (or a loss) of a message no logged step sent. */
  readonly sendLine: number | null;
  /** The network's second copy of a message (a `duplicated` event), drawn from the same send. */
  readonly duplicate: boolean;
  /** For an original: the line of the `duplicated` event that copied it. */
  duplicatedAt: number | null;
  end: CopyEnd;
}

export interface Matching {
  readonly copies: readonly Copy[];
  /** For each step line with a receipt: the copy it consumed. */
  readonly received: ReadonlyMap<number, Copy>;
  /** Step lines that took the same input as the line before (another role of one server's step): line -> the first line. */
  readonly sameInput: ReadonlyMap<number, number>;
  /** Copies by the line that sent them, in `sent` order (duplicates after their originals). */
  readonly bySend: ReadonlyMap<number, readonly Copy[]>;
  /** Each `lost` event line: the copy it lost. */
  readonly lost: ReadonlyMap<number, Copy>;
  /** Each `duplicated` event line: the second copy it made. */
  readonly duplicates: ReadonlyMap<number, Copy>;
  /** Events the matching could not place (a `duplicated` with no copy in flight). */
  readonly unplacedDuplicates: number;
}

/** JSON with keys sorted, so that two writers' field orders name the same message. */
export function canonical(v: TraceValue | TraceMessage): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, TraceValue>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The pairs: by the network's numbers where the trace has them (net.ts), else by the messages themselves. */
export function matchMessages(entries: readonly Entry[]): Matching {
  return hasNetNotes(entries) ? matchByNet(entries) : matchByContent(entries);
}

function matchByContent(entries: readonly Entry[]): Matching {
  const copies: Copy[] = [];
  const pending = new Map<string, Copy[]>();
  const received = new Map<number, Copy>();
  const sameInput = new Map<number, number>();
  const bySend = new Map<number, Copy[]>();
  const lost = new Map<number, Copy>();
  const duplicates = new Map<number, Copy>();
  let unplacedDuplicates = 0;
  /** Sends with no addressee that some receipt read (each receipt has its own copy). */
  const read = new Set<Copy>();

  const add = (c: Copy) => {
    copies.push(c);
    if (c.sendLine !== null) {
      const list = bySend.get(c.sendLine);
      if (list) list.push(c);
      else bySend.set(c.sendLine, [c]);
    }
  };
  const queue = (key: string) => {
    let q = pending.get(key);
    if (!q) pending.set(key, (q = []));
    return q;
  };
  /** The oldest (or newest) copy in flight of msg from `from` to `to`; an unnamed end matches any. */
  const take = (msg: TraceMessage, from: string | undefined, to: string | undefined, newest: boolean): Copy | undefined => {
    const q = pending.get(canonical(msg));
    if (!q) return undefined;
    const fits = (c: Copy) => (from === undefined || c.from === undefined || c.from === from) && (to === undefined || c.to === undefined || c.to === to);
    const i = newest ? q.findLastIndex(fits) : q.findIndex(fits);
    if (i < 0) return undefined;
    return q.splice(i, 1)[0];
  };

  // The lines of one server's step, one per role that acted on the input
  // (trace-check/README.md): same node, same received message, different
  // roles, one right after the other.  One delivery, however many lines.
  let group: { node: string; received: unknown; roles: Set<string>; first: number } | null = null;

  for (const e of entries) {
    if (e.kind === 'event') {
      group = null;
      const ev = e.event;
      const msg = ev.msg;
      if (typeof msg !== 'object' || msg === null || typeof (msg as { type?: unknown }).type !== 'string') continue;
      const m = msg as TraceMessage;
      const from = eventField(ev, 'from');
      const to = eventField(ev, 'to');
      if (ev.event === 'lost') {
        // A message the network drops as it is sent (the simulator's `loss`
        // and `partition`) is the one just sent; one that finds its
        // receiver down is the oldest one travelling.
        const why = eventField(ev, 'why');
        const atSend = why === 'loss' || why === 'partition';
        const c = take(m, from, to, atSend);
        const end: CopyEnd = { kind: 'lost', line: e.line, why };
        if (c) {
          c.end = end;
          lost.set(e.line, c);
        } else {
          const orphan: Copy = { id: copies.length, from, to, msg: m, sendLine: null, duplicate: false, duplicatedAt: null, end };
          add(orphan);
          lost.set(e.line, orphan);
        }
      } else if (ev.event === 'duplicated') {
        const q = pending.get(canonical(m)) ?? [];
        const original = q.findLast((c) => (from === undefined || c.from === from) && (to === undefined || c.to === to));
        if (!original) {
          unplacedDuplicates++;
          continue;
        }
        original.duplicatedAt = e.line;
        const dup: Copy = { id: copies.length, from: original.from, to: original.to, msg: m, sendLine: original.sendLine, duplicate: true, duplicatedAt: null, end: { kind: 'flight' } };
        add(dup);
        q.push(dup);
        duplicates.set(e.line, dup);
      }
      continue;
    }
    const s = e.step;
    const role = 'role' in s && typeof (s as { role?: unknown }).role === 'string' ? (s as { role: string }).role : undefined;
    const continues = group !== null && s.received !== undefined && group.node === s.node && role !== undefined && !group.roles.has(role) && sameValue(group.received, s.received);
    if (continues && group) {
      group.roles.add(role!);
      sameInput.set(e.line, group.first);
    } else if (s.received) {
      group = role !== undefined ? { node: s.node, received: s.received, roles: new Set([role]), first: e.line } : null;
      const from = s.received.from;
      const c = take(s.received.msg, from, s.node, false);
      if (c && c.to === undefined) {
        // A send with no addressee (a spec message, which every node may
        // read: MultiPaxos traces without net notes) stays readable; each
        // receipt gets an arrow of its own from it.
        queue(canonical(c.msg)).unshift(c);
        read.add(c);
        const got: Copy = { ...c, id: copies.length, to: s.node, duplicatedAt: null, end: { kind: 'received', line: e.line } };
        add(got);
        received.set(e.line, got);
      } else if (c) {
        c.end = { kind: 'received', line: e.line };
        received.set(e.line, c);
      } else {
        const orphan: Copy = { id: copies.length, from, to: s.node, msg: s.received.msg, sendLine: null, duplicate: false, duplicatedAt: null, end: { kind: 'received', line: e.line } };
        add(orphan);
        received.set(e.line, orphan);
      }
    } else group = null;
    for (const env of s.sent) {
      const c: Copy = { id: copies.length, from: s.node, to: env.to, msg: env.msg, sendLine: e.line, duplicate: false, duplicatedAt: null, end: { kind: 'flight' } };
      add(c);
      queue(canonical(env.msg)).push(c);
    }
  }
  // A send with no addressee that was read is drawn by its receipts' arrows.
  if (read.size > 0) {
    const kept = copies.filter((c) => !read.has(c));
    copies.length = 0;
    copies.push(...kept);
    for (const [line, list] of bySend) bySend.set(line, list.filter((c) => !read.has(c)));
  }
  // Duplicates were added as they happened; each send's list keeps its
  // originals first, in `sent` order, for the fan of arrows.
  for (const list of bySend.values()) list.sort((a, b) => Number(a.duplicate) - Number(b.duplicate) || a.id - b.id);
  return { copies, received, sameInput, bySend, lost, duplicates, unplacedDuplicates };
}
