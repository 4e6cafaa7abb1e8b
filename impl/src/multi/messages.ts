// The messages of Multi-Paxos, shaped as in spec/MultiPaxos.tla where the
// spec has them.  Two departures, both mapped back to the spec's messages
// one for one (spec-view.ts):
//   - batching: one 2a (or 2b) carries a run of consecutive slots, so a
//     leader under load pays one message and one disk write per batch, not
//     per command; to the spec it is one Msg2a (Msg2b) per slot;
//   - the messages that are not in the spec help liveness only (nack,
//     heartbeat, progress, catch-up, decided and chosen notices, redirect):
//     the spec's servers may give up, begin ballots and learn at any moment
//     anyway.
// A 2b goes to the owner of its ballot alone, which decides; the others
// learn from its chosen notices (the spec's msgs is a set that every server
// reads: a 2b not sent to a server is, to the spec, one that server lost).
import type { KvCommand } from '../kv/commands.ts';

export type NodeId = string;
/** counter * servers + server index (spec: Owner(b) = b % NumServers). */
export type Ballot = number;
export const NO_BALLOT = -1;
export type Slot = number;

/** spec Entry(c, i, cmd): client c's request number id. */
export interface Request {
  readonly client: string;
  readonly id: number;
  readonly cmd: KvCommand;
}

/** spec Noop / Entry: what a slot holds. */
export type Entry = { readonly kind: 'noop' } | ({ readonly kind: 'request' } & Request);

export const NOOP: Entry = { kind: 'noop' };

/**
 * An entry's size in characters, roughly (its strings and a margin for the
 * rest): what batches, records and notices are cut by, so that each fits
 * a log frame (1 MiB) and a peer frame however large the values are.  A
 * run of 64 puts of 60 KB values as one record was 3.8 MB, over the log's
 * frame, and stopped every server.
 */
export function entryChars(e: Entry): number {
  if (e.kind === 'noop') return 16;
  const cmd = e.cmd;
  return 64 + e.client.length + cmd.key.length + (cmd.op === 'put' ? cmd.value.length : 0);
}

/**
 * Characters of entries per run (a 2a, a 2b, a votes or decisions record,
 * a decided notice).  JSON may spell a character as six (\u0000), and six
 * times this is inside a log frame; one entry comes from a client line of
 * at most 64 KiB, so it fits alone.
 */
export const RUN_CHARS = 128 * 1024;

/** A vote an acceptor reports in its promise (spec Vote(i, b, e)). */
export interface Vote {
  readonly slot: Slot;
  readonly bal: Ballot;
  readonly entry: Entry;
}

/** What a replica knows about a decided slot: its entry and the ballot a quorum voted in. */
export interface Decision {
  readonly bal: Ballot;
  readonly entry: Entry;
}

/** What a replica answers: spec ReplyMsg; `result` is the value put, or the value read (null: none). */
export interface Reply {
  readonly client: string;
  readonly id: number;
  readonly slot: Slot;
  readonly result: string | null;
}

export type Message =
  /** spec RequestMsg: a client's command (also its retries). */
  | ({ readonly type: 'request' } & Request)
  /** spec ReplyMsg. */
  | ({ readonly type: 'reply' } & Reply)
  /**
   * spec Msg1a(bal, from): the owner of bal asks to lead it, for the slots
   * from `from` on (the first slot it had not applied): the slots below
   * are decided at the leader, which never proposes there.
   */
  | { readonly type: '1a'; readonly bal: Ballot; readonly from: Slot }
  /** spec Msg1b: acc joined bal; its last vote in every slot from the 1a's `from` on that it voted in. */
  | { readonly type: '1b'; readonly acc: NodeId; readonly bal: Ballot; readonly votes: readonly Vote[] }
  /** spec Msg2a, one per slot: propose entries[k] in slot first + k, in ballot bal. */
  | { readonly type: '2a'; readonly bal: Ballot; readonly first: Slot; readonly entries: readonly Entry[] }
  /** spec Msg2b, one per slot: acc voted for entries[k] in slot first + k, in ballot bal. */
  | { readonly type: '2b'; readonly acc: NodeId; readonly bal: Ballot; readonly first: Slot; readonly entries: readonly Entry[] }
  /** Not in the spec: acc has joined `promised`, above bal; the owner of bal should give up. */
  | { readonly type: 'nack'; readonly acc: NodeId; readonly bal: Ballot; readonly promised: Ballot }
  /**
   * Not in the spec: the leader of bal is alive and has decided slots
   * 1 .. decidedUpTo; every server has applied slots 1 .. forgetUpTo.
   */
  | { readonly type: 'heartbeat'; readonly bal: Ballot; readonly decidedUpTo: Slot; readonly forgetUpTo: Slot }
  /** Not in the spec: the answer to a heartbeat: `from` has applied slots 1 .. applied, durably. */
  | { readonly type: 'progress'; readonly from: NodeId; readonly applied: Slot }
  /** Not in the spec: a replica that missed decisions asks for slots first, first + 1, ... */
  | { readonly type: 'catch-up'; readonly from: NodeId; readonly first: Slot }
  /** Not in the spec: slots first + k were decided as decisions[k]; learning one is spec Decide. */
  | { readonly type: 'decided'; readonly first: Slot; readonly decisions: readonly Decision[] }
  /**
   * Not in the spec: the owner of bal counted a quorum of votes in bal for
   * each of slots first .. last.  Only one entry is ever proposed in a
   * ballot and slot, so a replica whose vote there is in bal holds the
   * entry chosen, and learns it (spec Decide) with no entry on the wire.
   */
  | { readonly type: 'chosen'; readonly bal: Ballot; readonly first: Slot; readonly last: Slot }
  /** Not in the spec: this server does not lead; try `leader` (null: unknown). */
  | { readonly type: 'redirect'; readonly client: string; readonly id: number; readonly leader: NodeId | null };

export type MessageType = Message['type'];

export function sameRequest(a: Pick<Request, 'client' | 'id'>, b: Pick<Request, 'client' | 'id'>): boolean {
  return a.client === b.client && a.id === b.id;
}

/** `c1#4`: a request's name, unique in a run. */
export function requestKey(r: Pick<Request, 'client' | 'id'>): string {
  return `${r.client}#${r.id}`;
}
