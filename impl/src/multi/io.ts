// Inputs and outputs of the Multi-Paxos server reducer.  The runtime honours
// the outputs in order: a persist must be durable before any send after it
// is let out (an acceptor's promise or vote, a replica's applied prefix).
import { entryChars, RUN_CHARS, type Ballot, type Decision, type Entry, type Message, type NodeId, type Slot, type Vote } from './messages.ts';
import { runsOf, SlotMap } from './slot-map.ts';

export type TimerName = 'election' | 'heartbeat';

export type Input =
  | { readonly kind: 'receive'; readonly from: NodeId; readonly msg: Message }
  /** The pending timer of this name fired (setting a timer replaces the pending one of its name). */
  | { readonly kind: 'timer'; readonly timer: TimerName };

/** One record of the server's append-only durable log. */
export type DurableRecord =
  /** spec maxBal[a]: the acceptor joined maxBal. */
  | { readonly rec: 'promise'; readonly maxBal: Ballot }
  /** spec vBal/vVal: the acceptor voted for entries[k] in slot first + k, in bal (and so joined bal). */
  | { readonly rec: 'votes'; readonly bal: Ballot; readonly first: Slot; readonly entries: readonly Entry[] }
  /** spec lBal[s]: the server began ballot lBal; it must never begin it again after a crash. */
  | { readonly rec: 'ballot'; readonly lBal: Ballot }
  /** spec decided[s]: slots first + k are decided as decisions[k]. */
  | { readonly rec: 'decisions'; readonly first: Slot; readonly decisions: readonly Decision[] }
  /** spec applied[s]: the replica applied slots 1 .. upTo (its store and answers follow from the log). */
  | { readonly rec: 'applied'; readonly upTo: Slot };

export type Output =
  | { readonly kind: 'persist'; readonly record: DurableRecord }
  | { readonly kind: 'send'; readonly to: NodeId; readonly msg: Message }
  /**
   * Fire `timer` after delay plus a random extra in [0, jitter), replacing
   * the pending timer of that name: the runtime draws the random part, so
   * the reducer stays deterministic and rival candidates still drift apart.
   */
  | { readonly kind: 'set-timer'; readonly timer: TimerName; readonly delay: number; readonly jitter: number };

/** What a server's disk holds: the fold of its records. */
export interface DurableState {
  readonly maxBal: Ballot;
  readonly votes: SlotMap<Vote>;
  readonly lBal: Ballot;
  readonly decided: SlotMap<Decision>;
  readonly applied: Slot;
}

export function foldRecord(d: DurableState, r: DurableRecord): DurableState {
  switch (r.rec) {
    case 'promise':
      return { ...d, maxBal: Math.max(d.maxBal, r.maxBal) };
    case 'votes': {
      const votes = d.votes.setRun(r.first, r.entries.map((entry, k) => ({ slot: r.first + k, bal: r.bal, entry })));
      return { ...d, maxBal: Math.max(d.maxBal, r.bal), votes };
    }
    case 'ballot':
      return { ...d, lBal: Math.max(d.lBal, r.lBal) };
    case 'decisions': {
      return { ...d, decided: d.decided.setRun(r.first, r.decisions) };
    }
    case 'applied':
      return { ...d, applied: Math.max(d.applied, r.upTo) };
  }
}

/** Slots per record in `recordsOf`: runs of a long log come in pieces, each well inside one log frame. */
const SNAPSHOT_RUN = 256;

/**
 * Records whose fold (from EMPTY_DISK) is `d`: what a compaction writes in
 * place of the log.  Re-cast votes and raised promises collapse to one
 * entry each; runs of consecutive slots share a record.
 */
export function recordsOf(d: DurableState): DurableRecord[] {
  const out: DurableRecord[] = [];
  if (d.maxBal !== EMPTY_DISK.maxBal) out.push({ rec: 'promise', maxBal: d.maxBal });
  if (d.lBal !== EMPTY_DISK.lBal) out.push({ rec: 'ballot', lBal: d.lBal });
  for (const { first, values } of runsOf(d.votes.entries(), SNAPSHOT_RUN, (a, b) => a.bal === b.bal, (v) => entryChars(v.entry), RUN_CHARS)) out.push({ rec: 'votes', bal: values[0]!.bal, first, entries: values.map((v) => v.entry) });
  for (const { first, values } of runsOf(d.decided.entries(), SNAPSHOT_RUN, undefined, (x) => entryChars(x.entry), RUN_CHARS)) out.push({ rec: 'decisions', first, decisions: values });
  if (d.applied !== EMPTY_DISK.applied) out.push({ rec: 'applied', upTo: d.applied });
  return out;
}

export const EMPTY_DISK: DurableState = { maxBal: -1, votes: SlotMap.empty(), lBal: -1, decided: SlotMap.empty(), applied: 0 };
