// The state of a Multi-Paxos server: an acceptor, a leader (proposer) and a
// replica (learner + state machine) in one process.  Durable fields are the
// ones DurableState folds from the disk; everything else is rebuilt or
// forgotten after a crash.
import type { KvState } from '../kv/commands.ts';
import type { PersistentMap } from '../kv/persistent-map.ts';
import type { Ballot, Decision, Entry, NodeId, Request, Slot, Vote } from './messages.ts';
import type { SlotMap } from './slot-map.ts';

export interface AcceptorState {
  /** durable; spec maxBal[a] */
  readonly maxBal: Ballot;
  /** durable; spec vBal[a][i], vVal[a][i]: the last vote in each slot */
  readonly votes: SlotMap<Vote>;
}

export type LeaderPhase = 'idle' | 'p1' | 'p2';

export interface LeaderState {
  /** durable; spec lBal[s]: the highest ballot begun */
  readonly lBal: Ballot;
  /** spec lPhase[s] */
  readonly phase: LeaderPhase;
  /**
   * spec Msg1a's from: the first slot phase 1 of lBal asks about
   * (applied + 1 when it began); a 1a sent again must be the same message.
   */
  readonly from: Slot;
  /** p1: the votes each promiser reported for lBal */
  readonly promises: ReadonlyMap<NodeId, readonly Vote[]>;
  /** spec lProp[s]: what was proposed in each slot in lBal */
  readonly proposals: SlotMap<Entry>;
  /** p2: slots below `next` that no promise reported a vote in: a no-op goes there */
  readonly gaps: readonly Slot[];
  /** p2: the first slot never proposed in lBal */
  readonly next: Slot;
  /** p2: client requests waiting for a slot inside the window */
  readonly queue: readonly Request[];
  /** The highest ballot heard of, so that the next one begun is above it. */
  readonly maxSeen: Ballot;
  /** Who leads, as far as this server knows (for redirects). */
  readonly knownLeader: NodeId | null;
  /** Ballots begun in a row that did not lead to leading: the backoff grows with it. */
  readonly failures: number;
  /** How far each other server said it had applied (durably): what every server has applied bounds what all may forget. */
  readonly progress: ReadonlyMap<NodeId, Slot>;
}

/** Votes seen for one slot in one ballot (a decision needs a quorum of them). */
export interface Tally {
  readonly entry: Entry;
  readonly voters: readonly NodeId[];
}

export interface Executed {
  readonly slot: Slot;
  readonly result: string | null;
}

/** A client's latest executed request: its number, slot and answer. */
export type ClientRecord = Executed & { readonly id: number };

export interface ReplicaState {
  /** durable; spec decided[s] */
  readonly decided: SlotMap<Decision>;
  /** durable; spec applied[s] */
  readonly applied: Slot;
  /** rebuilt from the log; spec executed[s]: the slots whose request was executed (not skipped) */
  readonly executed: SlotMap<true>;
  /**
   * rebuilt from the log: each client's latest executed request and its
   * answer.  A client sends request i + 1 only after request i was
   * answered, so "i <= latest id" is the spec's "executed in an earlier
   * slot" (AlreadyExecuted), and a retry can be answered again from here.
   */
  readonly lastByClient: PersistentMap<ClientRecord>;
  /** rebuilt from the log; spec kv[s] */
  readonly kv: KvState;
  /**
   * volatile: votes counted per ballot in each slot not decided yet.  Per
   * slot, so that counting a vote costs the same however many slots are
   * open (a flat map copied per vote made a lagging replica slower the
   * further it lagged).
   */
  readonly tallies: SlotMap<ReadonlyMap<string, Tally>>;
  /**
   * durable: slots 1 .. forgotten are applied by every server, so no one
   * will ask about them again (a 1a's `from` is its sender's applied + 1,
   * a catch-up starts above the asker's applied): their votes, decisions,
   * proposals and executed marks are dropped here, and the spec's values
   * for them live on in the refinement mapping's history (spec-view.ts).
   */
  readonly forgotten: Slot;
  /**
   * volatile: how far the leader had decided at its last heartbeat.  Under
   * load a replica is always a batch or so behind the leader, whose chosen
   * notice is on its way; still behind this at the next heartbeat, it
   * missed something a notice will not bring, and catches up to here.
   */
  readonly catchUpTo: Slot;
}

export interface ServerState {
  readonly id: NodeId;
  readonly index: number;
  readonly acceptor: AcceptorState;
  readonly leader: LeaderState;
  readonly replica: ReplicaState;
}

// Copies with some fields replaced, for the reducers' per-slot paths.  Every
// field is written out, in one order, where a spread would do: V8 (node 20)
// took 0.1 to 0.5 us for `{ ...replica, applied }` and 0.01 us for the
// literal, and a batch of 64 decided slots makes four such copies a slot.
// A field added to a state type must be added here too, or these do not
// compile.  (The leader's hot copies have a helper of their own,
// withPipeline in leader.ts: a leaderWith like these, taking any of its
// twelve fields, measured slower than the spreads, its change objects
// coming in many shapes.)

export function serverWith(s: ServerState, c: Partial<Pick<ServerState, 'acceptor' | 'leader' | 'replica'>>): ServerState {
  return { id: s.id, index: s.index, acceptor: c.acceptor ?? s.acceptor, leader: c.leader ?? s.leader, replica: c.replica ?? s.replica };
}

export function replicaWith(r: ReplicaState, c: Partial<ReplicaState>): ReplicaState {
  return {
    decided: c.decided ?? r.decided,
    applied: c.applied ?? r.applied,
    executed: c.executed ?? r.executed,
    kv: c.kv ?? r.kv,
    lastByClient: c.lastByClient ?? r.lastByClient,
    tallies: c.tallies ?? r.tallies,
    forgotten: c.forgotten ?? r.forgotten,
    catchUpTo: c.catchUpTo ?? r.catchUpTo,
  };
}
