// The messages of Basic Paxos, named and shaped as in spec/Paxos.tla so that
// a message maps to the spec's record by dropping nothing but its envelope.
// Two kinds exist only here: nacks and decision notices help liveness and
// are invisible to the spec (its proposers may give up at any moment).

export type Value = string;
/** A ballot number: counter * numProposers + proposer index (spec: Owner). */
export type Ballot = number;
/** The spec's NoBallot: no ballot joined or voted in yet. */
export const NO_BALLOT = -1;

export type NodeId = string;

export type Message =
  /** spec RequestMsg: a client asks for a value to be chosen. */
  | { type: 'request'; val: Value }
  /** spec Msg1a ("prepare"): the owner of bal asks acceptors to join it. */
  | { type: '1a'; bal: Ballot }
  /** spec Msg1b ("promise"): acc joined bal; its last vote was (mbal, mval). */
  | { type: '1b'; acc: NodeId; bal: Ballot; mbal: Ballot; mval: Value | null }
  /** spec Msg2a ("accept"): the owner of bal asks acceptors to vote for val. */
  | { type: '2a'; bal: Ballot; val: Value }
  /** spec Msg2b ("accepted"): acc voted for val in bal. */
  | { type: '2b'; acc: NodeId; bal: Ballot; val: Value }
  /** Not in the spec: acc has joined `promised`, above bal; give up bal. */
  | { type: 'nack'; acc: NodeId; bal: Ballot; promised: Ballot }
  /**
   * Not in the spec: val was chosen in bal.  A learner that learns tells the
   * proposers (so they stop); a proposer that knows passes it on to the
   * learners when a client asks again (so a learner that missed the votes
   * catches up).  Learning from it is the spec's Learn: the value is chosen.
   */
  | { type: 'decided'; bal: Ballot; val: Value };

export type MessageType = Message['type'];

/** Messages that are variables of the spec (everything but nack and decided). */
export type SpecMessage = Extract<Message, { type: 'request' | '1a' | '1b' | '2a' | '2b' }>;

export function isSpecMessage(m: Message): m is SpecMessage {
  return m.type !== 'nack' && m.type !== 'decided';
}
