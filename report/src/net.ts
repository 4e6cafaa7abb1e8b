// Pairing by the network's own numbers.  A trace whose steps carry net
// notes (trace-check/README.md: the Multi-Paxos simulator's) says which
// copy each step consumed (`net.in`) and which copies it sent (`net.out`,
// with the addressee and the implementation's message), and its lost and
// duplicated events name copies by the same numbers: nothing is guessed.
// The spec-level `sent` and `received` are then not drawn (they have no
// addressee, and a batch is one spec message per slot).
import type { StepLine, TraceMessage } from '../../trace-check/src/format.ts';
import { eventField, type Entry } from './entries.ts';
import type { Copy, Matching } from './messages.ts';

interface NetSend {
  readonly id: number;
  readonly to: string;
  readonly msg: TraceMessage;
}

interface NetNote {
  readonly in?: number;
  readonly out: readonly NetSend[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A step's net note, if it has a well-formed one (malformed parts are ignored: the note is for people). */
export function netNote(step: StepLine): NetNote | null {
  const net = (step as { net?: unknown }).net;
  if (!isObject(net)) return null;
  const out = Array.isArray(net.out)
    ? net.out.filter((s): s is NetSend => isObject(s) && Number.isSafeInteger(s.id) && typeof s.to === 'string' && isObject(s.msg) && typeof s.msg.type === 'string')
    : [];
  return { ...(Number.isSafeInteger(net.in) ? { in: net.in as number } : {}), out };
}

export const hasNetNotes = (entries: readonly Entry[]) => entries.some((e) => e.kind === 'step' && netNote(e.step) !== null);

const idOf = (x: unknown): number | undefined => (Number.isSafeInteger(x) ? (x as number) : undefined);

export function matchByNet(entries: readonly Entry[]): Matching {
  const copies: Copy[] = [];
  const byId = new Map<number, Copy>();
  const received = new Map<number, Copy>();
  const bySend = new Map<number, Copy[]>();
  const lost = new Map<number, Copy>();
  const duplicates = new Map<number, Copy>();
  let unplacedDuplicates = 0;
  const add = (c: Copy, id: number | undefined) => {
    copies.push(c);
    if (id !== undefined) byId.set(id, c);
    if (c.sendLine !== null) (bySend.get(c.sendLine) ?? bySend.set(c.sendLine, []).get(c.sendLine)!).push(c);
  };
  /** The copy an end names; one no logged step sent is an orphan, drawn from its sender's direction. */
  const copyFor = (id: number | undefined, from: string | undefined, to: string | undefined, msg: TraceMessage | undefined, end: Copy['end']): Copy => {
    const c = id !== undefined ? byId.get(id) : undefined;
    if (c && c.end.kind === 'flight') return c;
    const orphan: Copy = { id: copies.length, from, to, msg: msg ?? { type: 'unknown' }, sendLine: null, duplicate: false, duplicatedAt: null, end };
    add(orphan, undefined);
    return orphan;
  };

  for (const e of entries) {
    if (e.kind === 'event') {
      const ev = e.event;
      const msg = isObject(ev.msg) && typeof ev.msg.type === 'string' ? (ev.msg as TraceMessage) : undefined;
      if (ev.event === 'lost') {
        const end = { kind: 'lost', line: e.line, why: eventField(ev, 'why') } as const;
        const c = copyFor(idOf(ev.id), eventField(ev, 'from'), eventField(ev, 'to'), msg, end);
        c.end = end;
        lost.set(e.line, c);
      } else if (ev.event === 'duplicated') {
        const original = byId.get(idOf(ev.id) ?? -1);
        const copy = idOf(ev.copy);
        if (!original || copy === undefined) {
          unplacedDuplicates++;
          continue;
        }
        original.duplicatedAt = e.line;
        const dup: Copy = { id: copies.length, from: original.from, to: original.to, msg: original.msg, sendLine: original.sendLine, duplicate: true, duplicatedAt: null, end: { kind: 'flight' } };
        add(dup, copy);
        duplicates.set(e.line, dup);
      }
      continue;
    }
    const net = netNote(e.step);
    if (!net) continue;
    if (net.in !== undefined) {
      const input = e.step.input;
      const from = isObject(input) && typeof input.from === 'string' ? input.from : undefined;
      const end = { kind: 'received', line: e.line } as const;
      const c = copyFor(net.in, from, e.step.node, e.step.received?.msg, end);
      c.end = end;
      received.set(e.line, c);
    }
    for (const s of net.out) add({ id: copies.length, from: e.step.node, to: s.to, msg: s.msg, sendLine: e.line, duplicate: false, duplicatedAt: null, end: { kind: 'flight' } }, s.id);
  }
  for (const list of bySend.values()) list.sort((a, b) => Number(a.duplicate) - Number(b.duplicate) || a.id - b.id);
  return { copies, received, sameInput: new Map(), bySend, lost, duplicates, unplacedDuplicates };
}
