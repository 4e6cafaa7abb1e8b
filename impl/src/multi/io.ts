// Inputs and outputs of the Multi-Paxos server reducer.  The runtime honours
// the outputs in order: a persist must be durable before any send after it
// is let out (an acceptor's promise or vote, a replica's applied prefix).
import { emptyKvState, type KvState } from '../kv/commands.ts';
import { PersistentMap } from '../kv/persistent-map.ts';
import { entryChars, RUN_CHARS, type Ballot, type Decision, type Entry, type Message, type NodeId, type Slot, type Vote } from './messages.ts';
import { runsOf, SlotMap } from './slot-map.ts';
import type { ClientRecord } from './state.ts';

export type TimerName = 'election' | 'heartbeat';

export type Input =
  | { readonly kind: 'receive'; readonly from: NodeId; readonly msg: Message }
  /** The pending timer of this name fired (setting a timer replaces the pending one of its name). */
  | { readonly kind: 'timer'; readonly timer: TimerName }
  /**
   * Client requests a runtime read together (one read from a connection):
   * each is received as on its own, and a leader then proposes them as
   * one batch.  One at a time, the first of them would go alone whenever
   * nothing was in flight, and the rest wait a whole round trip for it.
   */
  | { readonly kind: 'requests'; readonly requests: readonly { readonly from: NodeId; readonly msg: Extract<Message, { type: 'request' }> }[] };

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
  /**
   * spec decided[s]: slots first .. last are decided as this acceptor's
   * votes there, each cast in ballot bal (a record before this one): the
   * common case, a leader deciding its own proposals or a replica learning
   * them from its chosen notice, without writing every entry a second time.
   */
  | { readonly rec: 'decided-votes'; readonly bal: Ballot; readonly first: Slot; readonly last: Slot }
  /** spec applied[s]: the replica applied slots 1 .. upTo (its store and answers follow from the log). */
  | { readonly rec: 'applied'; readonly upTo: Slot }
  /**
   * Every server has applied slots 1 .. upTo: no one will ask about them
   * again, and their votes and decisions may go (forget.ts forgetThrough).
   */
  | { readonly rec: 'forget'; readonly upTo: Slot }
  // A compaction's image of the state machine, so that the decisions it
  // was applied from can be forgotten: an `image` record, then its pieces.
  /** The store and answers below are those of applying slots 1 .. at. */
  | { readonly rec: 'image'; readonly at: Slot }
  | { readonly rec: 'image-kv'; readonly entries: readonly (readonly [key: string, value: string])[] }
  | { readonly rec: 'image-clients'; readonly entries: readonly (readonly [client: string, last: ClientRecord])[] }
  /** spec executed[s], from the first slot not forgotten to `at`. */
  | { readonly rec: 'image-executed'; readonly slots: readonly Slot[] };

export type Output =
  | { readonly kind: 'persist'; readonly record: DurableRecord }
  | { readonly kind: 'send'; readonly to: NodeId; readonly msg: Message }
  /**
   * Fire `timer` after delay plus a random extra in [0, jitter), replacing
   * the pending timer of that name: the runtime draws the random part, so
   * the reducer stays deterministic and rival candidates still drift apart.
   */
  | { readonly kind: 'set-timer'; readonly timer: TimerName; readonly delay: number; readonly jitter: number };

/** The state machine as applied through slot `at`: what a replica recovers from instead of slots 1 .. at. */
export interface MachineImage {
  readonly at: Slot;
  readonly kv: KvState;
  readonly lastByClient: PersistentMap<ClientRecord>;
  /** spec executed[s], in the slots not forgotten. */
  readonly executed: SlotMap<true>;
}

/** What a server's disk holds: the fold of its records. */
export interface DurableState {
  readonly maxBal: Ballot;
  readonly votes: SlotMap<Vote>;
  readonly lBal: Ballot;
  readonly decided: SlotMap<Decision>;
  readonly applied: Slot;
  /** Slots 1 .. forgotten are applied everywhere and forgotten here. */
  readonly forgotten: Slot;
  /** The latest compaction's image of the state machine, if any. */
  readonly image: MachineImage | null;
}

/**
 * Decisions go with their slot's votes, but only once an image covers
 * them: until then recovery applies them again.
 */
function dropForgotten(d: DurableState): DurableState {
  return { ...d, votes: d.votes.forgetThrough(d.forgotten), decided: d.decided.forgetThrough(Math.min(d.forgotten, d.image?.at ?? 0)) };
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
    case 'decided-votes': {
      const decisions: Decision[] = [];
      for (let slot = r.first; slot <= r.last; slot++) {
        const vote = d.votes.get(slot);
        // Written only where that vote was on disk before it (replica.ts persistDecisions).
        if (vote?.bal !== r.bal) throw new Error(`a decided-votes record for slots ${r.first}..${r.last} in ballot ${r.bal}, but the vote in slot ${slot} is ${vote ? `in ballot ${vote.bal}` : 'missing'}`);
        decisions.push({ bal: r.bal, entry: vote.entry });
      }
      return { ...d, decided: d.decided.setRun(r.first, decisions) };
    }
    case 'applied':
      return { ...d, applied: Math.max(d.applied, r.upTo) };
    case 'forget':
      return dropForgotten({ ...d, forgotten: Math.max(d.forgotten, r.upTo) });
    case 'image':
      return dropForgotten({ ...d, image: { at: r.at, kv: emptyKvState, lastByClient: PersistentMap.empty(), executed: SlotMap.empty() } });
    case 'image-kv':
    case 'image-clients':
    case 'image-executed': {
      if (!d.image) throw new Error(`a ${r.rec} record with no image record before it`);
      const i = d.image;
      if (r.rec === 'image-kv') return { ...d, image: { ...i, kv: r.entries.reduce((kv, [key, value]) => kv.set(key, value), i.kv) } };
      if (r.rec === 'image-clients') return { ...d, image: { ...i, lastByClient: r.entries.reduce((m, [client, last]) => m.set(client, last), i.lastByClient) } };
      return { ...d, image: { ...i, executed: r.slots.reduce((m, slot) => m.set(slot, true as const), i.executed) } };
    }
  }
}

/** Slots per record in `recordsOf`: runs of a long log come in pieces, each well inside one log frame. */
const SNAPSHOT_RUN = 256;
/**
 * Characters of keys and values per image record: JSON may write a
 * character as six, and 6 x 128 KiB is inside a log frame (1 MiB).
 */
const IMAGE_CHARS = 128 * 1024;

/** Items in pieces of at most `budget` by `size` (an item over it alone makes a piece): runsOf, numbering them as consecutive slots. */
function piecesOf<T>(items: Iterable<T>, size: (x: T) => number, budget: number): T[][] {
  return runsOf(Array.from(items, (x, k) => [k + 1, x] as const), Infinity, undefined, size, budget).map((r) => r.values);
}

/**
 * Records whose fold (from EMPTY_DISK) is `d`: what a compaction writes in
 * place of the log.  Re-cast votes and raised promises collapse to one
 * entry each; runs of consecutive slots share a record.
 */
export function recordsOf(d: DurableState): DurableRecord[] {
  const out: DurableRecord[] = [];
  if (d.maxBal !== EMPTY_DISK.maxBal) out.push({ rec: 'promise', maxBal: d.maxBal });
  if (d.lBal !== EMPTY_DISK.lBal) out.push({ rec: 'ballot', lBal: d.lBal });
  if (d.forgotten !== EMPTY_DISK.forgotten) out.push({ rec: 'forget', upTo: d.forgotten });
  if (d.image) {
    const { at, kv, lastByClient, executed } = d.image;
    out.push({ rec: 'image', at });
    for (const entries of piecesOf(kv.entries(), ([k, v]) => k.length + v.length + 8, IMAGE_CHARS)) out.push({ rec: 'image-kv', entries });
    for (const entries of piecesOf(lastByClient.entries(), ([c, l]) => c.length + (l.result?.length ?? 0) + 40, IMAGE_CHARS)) out.push({ rec: 'image-clients', entries });
    for (const slots of piecesOf(executed.entries(), () => 1, 16 * SNAPSHOT_RUN)) out.push({ rec: 'image-executed', slots: slots.map(([slot]) => slot) });
  }
  for (const { first, values } of runsOf(d.votes.entries(), SNAPSHOT_RUN, (a, b) => a.bal === b.bal, (v) => entryChars(v.entry), RUN_CHARS)) out.push({ rec: 'votes', bal: values[0]!.bal, first, entries: values.map((v) => v.entry) });
  for (const { first, values } of runsOf(d.decided.entries(), SNAPSHOT_RUN, undefined, (x) => entryChars(x.entry), RUN_CHARS)) out.push({ rec: 'decisions', first, decisions: values });
  if (d.applied !== EMPTY_DISK.applied) out.push({ rec: 'applied', upTo: d.applied });
  return out;
}

export const EMPTY_DISK: DurableState = { maxBal: -1, votes: SlotMap.empty(), lBal: -1, decided: SlotMap.empty(), applied: 0, forgotten: 0, image: null };
